import type { CommissionStatus } from "./ledger-types";

/**
 * THE table of allowed status changes. Anything not listed is refused by assertTransition().
 *
 * - pending  → approved  the holding period passed and nothing is on hold (see isApprovable)
 * - pending  → on_hold   a merchant (or a fraud rule) wants to look closer
 * - pending  → reversed  refunds, an edit or a cancellation left nothing to pay
 * - approved → paid      included in a payout
 * - approved → on_hold   a problem surfaced after approval but before payment
 * - approved → reversed  fully refunded or cancelled before payment
 * - on_hold  → pending   released; approval is decided again from scratch
 * - on_hold  → reversed  fully refunded or cancelled while on hold
 * - paid     → approved  the payout that paid it was voided (recorded by mistake): it is owed again
 * - paid     → reversed  fully refunded after payout (the paid amount becomes a clawback)
 * - reversed → pending   an order edit added commissionable items back (e.g. an exchange after a full refund)
 */
export const COMMISSION_STATUS_TRANSITIONS: Readonly<Record<CommissionStatus, readonly CommissionStatus[]>> = {
  pending: ["approved", "on_hold", "reversed"],
  approved: ["paid", "on_hold", "reversed"],
  on_hold: ["pending", "reversed"],
  paid: ["approved", "reversed"],
  reversed: ["pending"],
};

export class CommissionStatusError extends Error {
  override name = "CommissionStatusError";
}

/** True when the table allows `from` → `to`. */
export function canTransition(from: CommissionStatus, to: CommissionStatus): boolean {
  return COMMISSION_STATUS_TRANSITIONS[from].includes(to);
}

/** Throws a CommissionStatusError naming both statuses and what `from` may become instead. */
export function assertTransition(from: CommissionStatus, to: CommissionStatus): void {
  if (canTransition(from, to)) return;
  const allowed = COMMISSION_STATUS_TRANSITIONS[from];
  throw new CommissionStatusError(
    `A ${from} commission cannot become ${to}; from ${from} it can only become ` +
      `${allowed.length === 0 ? "nothing (final)" : allowed.join(", ")}.`,
  );
}
