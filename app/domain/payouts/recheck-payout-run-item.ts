import { formatMoney } from "../money";
import { decideOwedPayout } from "./decide-owed-payout";
import { planPayout, type PayoutCandidate, type PayoutLine } from "./plan-payout";

export type ApprovalCandidate = PayoutCandidate & { readonly orderCreatedAt: Date };

export type RecheckedPayoutRunItem =
  | {
    readonly pay: true;
    readonly paid: readonly PayoutLine[];
    readonly recovered: readonly PayoutLine[];
    readonly amountMinor: bigint;
    readonly clawbackMinor: bigint;
    /** Set when the amount differs from the preview: what changed, for the run's audit trail. */
    readonly note: string | null;
  }
  | { readonly pay: false; readonly reason: string };

/**
 * At approval, under row locks on the creator's commissions: what this item really pays now. The creator's money may
 * have moved since the plan (a refund, a hold, a manual payout, more approvals):
 * - never more than owed now: the plan is recomputed from the locked commissions;
 * - never more than the merchant previewed: when more was approved since, the oldest orders are paid up to the
 *   previewed amount and the rest waits for the next run (clawbacks are always recovered);
 * - when nothing payable is left (below the minimum, clawbacks exceed it), the item is left out with the reason.
 */
export function recheckPayoutRunItem(
  commissions: readonly ApprovalCandidate[],
  currency: string,
  minimumPayoutMinor: bigint,
  plannedAmountMinor: bigint,
): RecheckedPayoutRunItem {
  const now = planPayout(commissions, currency, minimumPayoutMinor);
  if (!now.payable) return { pay: false, reason: `Left out at approval: ${now.reason}` };
  const clawbackMinor = -now.recovered.reduce((sum, line) => sum + line.amountMinor, 0n);
  const nowMinor = now.total.amountMinor;
  if (nowMinor === plannedAmountMinor) return { pay: true, paid: now.paid, recovered: now.recovered, amountMinor: nowMinor, clawbackMinor, note: null };
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency });
  if (nowMinor < plannedAmountMinor) {
    return {
      pay: true, paid: now.paid, recovered: now.recovered, amountMinor: nowMinor, clawbackMinor,
      note: `Owed fell from ${money(plannedAmountMinor)} to ${money(nowMinor)} after the plan; paid what is owed now.`,
    };
  }
  // More approved since the preview: fit the oldest orders under the previewed amount.
  const orderOf = new Map(commissions.map((commission) => [commission.id, commission]));
  const byAge = [...now.paid].sort((left, right) => {
    const a = orderOf.get(left.commissionId)?.orderCreatedAt.getTime() ?? 0;
    const b = orderOf.get(right.commissionId)?.orderCreatedAt.getTime() ?? 0;
    return a - b || left.commissionId.localeCompare(right.commissionId);
  });
  const budget = plannedAmountMinor + clawbackMinor;
  const paid: PayoutLine[] = [];
  let paidMinor = 0n;
  for (const line of byAge) {
    if (paidMinor + line.amountMinor > budget) continue;
    paid.push(line);
    paidMinor += line.amountMinor;
  }
  const fitted = decideOwedPayout(
    { currency, approvedMinor: paidMinor, approvedCount: paid.length, clawbackMinor, clawbackCount: now.recovered.length, pendingMinor: 0n, onHoldMinor: 0n, onHoldCount: 0 },
    minimumPayoutMinor,
  );
  if (!fitted.payable) {
    return { pay: false, reason: `Left out at approval: more was approved since the plan (${money(nowMinor)} owed now, ${money(plannedAmountMinor)} previewed). Plan a new run to pay it. ${fitted.reason}` };
  }
  return {
    pay: true, paid, recovered: now.recovered, amountMinor: fitted.total.amountMinor, clawbackMinor,
    note: `More was approved since the plan (${money(nowMinor)} owed now); paid ${money(fitted.total.amountMinor)} (previewed ${money(plannedAmountMinor)}), the rest waits for the next run.`,
  };
}
