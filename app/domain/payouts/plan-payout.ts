import { formatMoney, type Money } from "../money";
import type { CommissionStatus } from "../ledger";

/** What the planner needs from each of one creator's commissions (one currency). */
export type PayoutCandidate = {
  readonly id: string;
  readonly status: CommissionStatus;
  readonly currency: string;
  readonly netMinor: bigint;
  readonly paidMinor: bigint;
};

export type PayoutLine = { readonly commissionId: string; readonly amountMinor: bigint };

export type PayoutPlan = {
  /** True when a payout of `total` should be recorded now. */
  readonly payable: boolean;
  /** Approved (or already paid and since increased) commissions with something owed: paid in full. */
  readonly paid: readonly PayoutLine[];
  /** Commissions owing money back (clawbacks, any status): recovered by this payout. Amounts are negative. */
  readonly recovered: readonly PayoutLine[];
  /** Σ paid + Σ recovered. */
  readonly total: Money;
  /** Pending or on-hold money not payable yet, for the explanation. */
  readonly notYetApproved: Money;
  /** Why (not), in the merchant's words. */
  readonly reason: string;
};

/**
 * Decides one creator's payout from their commissions. Owed = net − paid per commission:
 * - owed > 0 is paid only when the commission is approved (or paid already, when an edit raised it);
 * - owed < 0 is a clawback (a refund or reversal after payout) and is always recovered, whatever the status;
 * - the payout happens only when the total is above zero and at least the shop's minimum payout. Otherwise
 *   nothing moves: approved money waits and clawbacks carry over to the next payout.
 */
export function planPayout(commissions: readonly PayoutCandidate[], currency: string, minimumPayoutMinor: bigint): PayoutPlan {
  const paid: PayoutLine[] = [];
  const recovered: PayoutLine[] = [];
  let waitingMinor = 0n;
  for (const commission of commissions) {
    if (commission.currency !== currency) {
      throw new RangeError(`Commission ${commission.id} is in ${commission.currency}; this payout is in ${currency}. Pay each currency separately.`);
    }
    const owed = commission.netMinor - commission.paidMinor;
    if (owed < 0n) recovered.push({ commissionId: commission.id, amountMinor: owed });
    else if (owed > 0n && (commission.status === "approved" || commission.status === "paid")) paid.push({ commissionId: commission.id, amountMinor: owed });
    else if (owed > 0n && (commission.status === "pending" || commission.status === "on_hold")) waitingMinor += owed;
  }
  const totalMinor = [...paid, ...recovered].reduce((sum, line) => sum + line.amountMinor, 0n);
  const total: Money = { amountMinor: totalMinor, currency };
  const notYetApproved: Money = { amountMinor: waitingMinor, currency };
  const clawbackMinor = -recovered.reduce((sum, line) => sum + line.amountMinor, 0n);
  const clawbackNote = clawbackMinor > 0n ? ` ${formatMoney({ amountMinor: clawbackMinor, currency })} of clawbacks carry over to the next payout.` : "";

  if (paid.length === 0) {
    return { payable: false, paid, recovered, total, notYetApproved, reason: `Nothing approved is owed.${clawbackNote}` };
  }
  if (totalMinor <= 0n) {
    return {
      payable: false, paid, recovered, total, notYetApproved,
      reason: `Clawbacks (${formatMoney({ amountMinor: clawbackMinor, currency })}) cover everything approved; nothing to pay.${clawbackNote}`,
    };
  }
  if (totalMinor < minimumPayoutMinor) {
    return {
      payable: false, paid, recovered, total, notYetApproved,
      reason: `${formatMoney(total)} is below the minimum payout of ${formatMoney({ amountMinor: minimumPayoutMinor, currency })}; it waits for more approved commissions.${clawbackNote}`,
    };
  }
  const count = paid.length + recovered.length;
  return {
    payable: true, paid, recovered, total, notYetApproved,
    reason: `Pay ${formatMoney(total)} for ${count} commission${count === 1 ? "" : "s"}` +
      (clawbackMinor > 0n ? `, after recovering ${formatMoney({ amountMinor: clawbackMinor, currency })} of clawbacks.` : "."),
  };
}
