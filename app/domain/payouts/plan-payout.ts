import type { Money } from "../money";
import { decideOwedPayout, type OwedTotals } from "./decide-owed-payout";
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
 * - whether it happens now is decideOwedPayout's rule (above zero, at least the shop's minimum payout).
 */
export function planPayout(commissions: readonly PayoutCandidate[], currency: string, minimumPayoutMinor: bigint): PayoutPlan {
  const paid: PayoutLine[] = [];
  const recovered: PayoutLine[] = [];
  let pendingMinor = 0n;
  let onHoldMinor = 0n;
  let onHoldCount = 0;
  for (const commission of commissions) {
    if (commission.currency !== currency) {
      throw new RangeError(`Commission ${commission.id} is in ${commission.currency}; this payout is in ${currency}. Pay each currency separately.`);
    }
    const owed = commission.netMinor - commission.paidMinor;
    if (owed < 0n) recovered.push({ commissionId: commission.id, amountMinor: owed });
    else if (owed > 0n && (commission.status === "approved" || commission.status === "paid")) paid.push({ commissionId: commission.id, amountMinor: owed });
    else if (owed > 0n && commission.status === "pending") pendingMinor += owed;
    else if (owed > 0n && commission.status === "on_hold") {
      onHoldMinor += owed;
      onHoldCount += 1;
    }
  }
  const totals: OwedTotals = {
    currency,
    approvedMinor: paid.reduce((sum, line) => sum + line.amountMinor, 0n),
    approvedCount: paid.length,
    clawbackMinor: -recovered.reduce((sum, line) => sum + line.amountMinor, 0n),
    clawbackCount: recovered.length,
    pendingMinor,
    onHoldMinor,
    onHoldCount,
  };
  const decision = decideOwedPayout(totals, minimumPayoutMinor);
  return { payable: decision.payable, paid, recovered, total: decision.total, notYetApproved: decision.notYetApproved, reason: decision.reason };
}
