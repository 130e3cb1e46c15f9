import { formatMoney, type Money } from "../money";

/**
 * One creator's money in one currency, summed per kind (in SQL for a whole shop, or from a creator's commissions):
 * owed = net − paid per commission.
 */
export type OwedTotals = {
  readonly currency: string;
  /** Σ owed > 0 on approved commissions (or paid ones an edit raised since), and how many. */
  readonly approvedMinor: bigint;
  readonly approvedCount: number;
  /** Σ |owed < 0| (clawbacks: refunds or reversals after a payout, any status), positive, and how many. */
  readonly clawbackMinor: bigint;
  readonly clawbackCount: number;
  /** Σ owed > 0 on pending commissions (not approved yet). */
  readonly pendingMinor: bigint;
  /** Σ owed > 0 on commissions on hold, and how many. */
  readonly onHoldMinor: bigint;
  readonly onHoldCount: number;
};

export type OwedPayoutDecision = {
  /** True when a payout of `total` may happen now. */
  readonly payable: boolean;
  /** Approved − clawbacks. */
  readonly total: Money;
  readonly clawbacks: Money;
  /** Pending or on-hold money not payable yet, for the explanation. */
  readonly notYetApproved: Money;
  /** Commissions the payout would pay or recover. */
  readonly commissionCount: number;
  /** Why not, as a word the run planner can act on; null when payable. */
  readonly blocker: "nothing_approved" | "clawbacks_exceed" | "below_minimum" | null;
  /** Why (not), in the merchant's words. */
  readonly reason: string;
};

export const NO_OWED_TOTALS = (currency: string): OwedTotals => ({
  currency, approvedMinor: 0n, approvedCount: 0, clawbackMinor: 0n, clawbackCount: 0, pendingMinor: 0n, onHoldMinor: 0n, onHoldCount: 0,
});

/**
 * THE payout rule, on totals: a payout happens only when something approved is owed, the total after clawbacks is
 * above zero and at least the shop's minimum payout. Otherwise nothing moves: approved money waits and clawbacks
 * carry over to the next payout. planPayout (per commission) and the payout run planner (per creator, summed in
 * SQL) both decide here, so the page, a manual payout and a run always agree.
 */
export function decideOwedPayout(totals: OwedTotals, minimumPayoutMinor: bigint): OwedPayoutDecision {
  const { currency } = totals;
  const totalMinor = totals.approvedMinor - totals.clawbackMinor;
  const total: Money = { amountMinor: totalMinor, currency };
  const clawbacks: Money = { amountMinor: totals.clawbackMinor, currency };
  const notYetApproved: Money = { amountMinor: totals.pendingMinor + totals.onHoldMinor, currency };
  const commissionCount = totals.approvedCount + totals.clawbackCount;
  const clawbackNote = totals.clawbackMinor > 0n ? ` ${formatMoney(clawbacks)} of clawbacks carry over to the next payout.` : "";
  const base = { total, clawbacks, notYetApproved, commissionCount };

  if (totals.approvedCount === 0) {
    return { ...base, payable: false, blocker: "nothing_approved", reason: `Nothing approved is owed.${clawbackNote}` };
  }
  if (totalMinor <= 0n) {
    return { ...base, payable: false, blocker: "clawbacks_exceed", reason: `Clawbacks (${formatMoney(clawbacks)}) cover everything approved; nothing to pay.${clawbackNote}` };
  }
  if (totalMinor < minimumPayoutMinor) {
    return {
      ...base, payable: false, blocker: "below_minimum",
      reason: `${formatMoney(total)} is below the minimum payout of ${formatMoney({ amountMinor: minimumPayoutMinor, currency })}; it waits for more approved commissions.${clawbackNote}`,
    };
  }
  return {
    ...base, payable: true, blocker: null,
    reason: `Pay ${formatMoney(total)} for ${commissionCount} commission${commissionCount === 1 ? "" : "s"}` +
      (totals.clawbackMinor > 0n ? `, after recovering ${formatMoney(clawbacks)} of clawbacks.` : "."),
  };
}
