import { formatMoney } from "../money";

export type AutoApproveDecision = { readonly approve: true; readonly rule: string } | { readonly approve: false; readonly reason: string };

/**
 * Whether a scheduled run is approved by the shop's rule instead of a person: only when the merchant set a threshold
 * (PayoutSettings.autoApproveBelowMinor), the run pays someone, and its total is strictly below the threshold. The
 * rule's words are stored on the run (PayoutRun.approvalRule) and in the audit trail.
 */
export function decideAutoApprove(run: { readonly totalMinor: bigint; readonly itemCount: number; readonly currency: string }, autoApproveBelowMinor: bigint | null): AutoApproveDecision {
  if (autoApproveBelowMinor === null) return { approve: false, reason: "Auto-approval is off (Settings › Payouts): a person who may approve payouts approves it." };
  const threshold = formatMoney({ amountMinor: autoApproveBelowMinor, currency: run.currency });
  if (run.itemCount === 0 || run.totalMinor <= 0n) return { approve: false, reason: "Nobody is paid in this run: there is nothing to approve." };
  if (run.totalMinor >= autoApproveBelowMinor) {
    return { approve: false, reason: `${formatMoney({ amountMinor: run.totalMinor, currency: run.currency })} is not below the auto-approve amount of ${threshold}: a person who may approve payouts approves it.` };
  }
  return { approve: true, rule: `auto-approve below ${threshold} (Settings › Payouts)` };
}
