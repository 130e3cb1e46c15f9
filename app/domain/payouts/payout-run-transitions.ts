/**
 * THE tables of allowed payout run and payout run item status changes (Part 7). Services change a run or an item
 * only through assertRunTransition / assertItemTransition, in an UPDATE … WHERE status = <from> AND version = <read>.
 * Statuses are plain strings here (the Prisma enums PayoutRunStatus / PayoutItemStatus carry the same words) so the
 * domain imports no Prisma.
 *
 * Runs:
 * - planned    → approved      a person who may approve payouts (or the shop's auto-approve rule) approved it
 * - planned    → voided        discarded before approval
 * - approved   → submitting    the payout job took it (its items' Payout rows already hold the commissions)
 * - approved   → voided        voided before anything was sent: every item's Payout is voided, commissions owed again
 * - submitting → submitted     every item was handed to its provider (or failed / needs review)
 * - submitted  → settled       every item is final and succeeded
 * - submitted  → partly_failed every item is final (or needs review) and at least one failed or needs review
 * - partly_failed → settled    the items that needed review were resolved as paid
 * - settled    → partly_failed a paid item came back after the run settled (PayPal RETURNED / REVERSED)
 *
 * Items:
 * - planned    → approved | voided; excluded is final (the creator was left out, with the reason)
 * - approved   → submitting | voided
 * - submitting → submitted | succeeded | failed | needs_review | approved (the provider had no record: send again)
 * - submitted  → succeeded | failed | needs_review
 * - succeeded  → failed        PayPal RETURNED / REVERSED / REFUNDED after success (e.g. UNCLAIMED for 30 days)
 * - needs_review → succeeded | failed   a person looked at the provider and said which
 */
export const PAYOUT_RUN_STATUSES = ["planned", "approved", "submitting", "submitted", "settled", "partly_failed", "voided"] as const;
export type PayoutRunStatusName = (typeof PAYOUT_RUN_STATUSES)[number];

export const PAYOUT_ITEM_STATUSES = ["planned", "excluded", "approved", "submitting", "submitted", "succeeded", "failed", "needs_review", "voided"] as const;
export type PayoutItemStatusName = (typeof PAYOUT_ITEM_STATUSES)[number];

export const PAYOUT_RUN_TRANSITIONS: Readonly<Record<PayoutRunStatusName, readonly PayoutRunStatusName[]>> = {
  planned: ["approved", "voided"],
  approved: ["submitting", "voided"],
  submitting: ["submitted"],
  submitted: ["settled", "partly_failed"],
  partly_failed: ["settled"],
  settled: ["partly_failed"],
  voided: [],
};

export const PAYOUT_ITEM_TRANSITIONS: Readonly<Record<PayoutItemStatusName, readonly PayoutItemStatusName[]>> = {
  planned: ["approved", "voided"],
  excluded: [],
  approved: ["submitting", "voided"],
  submitting: ["submitted", "succeeded", "failed", "needs_review", "approved"],
  submitted: ["succeeded", "failed", "needs_review"],
  succeeded: ["failed"],
  failed: [],
  needs_review: ["succeeded", "failed"],
  voided: [],
};

/** Item statuses after which nothing happens by itself. */
export const FINAL_ITEM_STATUSES: readonly PayoutItemStatusName[] = ["excluded", "succeeded", "failed", "voided"];

export class PayoutTransitionError extends Error {
  override name = "PayoutTransitionError";
}

function assertIn<S extends string>(table: Readonly<Record<S, readonly S[]>>, noun: string, from: S, to: S): void {
  if (table[from].includes(to)) return;
  const allowed = table[from];
  throw new PayoutTransitionError(
    `A ${from} payout ${noun} cannot become ${to}; from ${from} it can only become ${allowed.length === 0 ? "nothing (final)" : allowed.join(", ")}.`,
  );
}

export function canRunTransition(from: PayoutRunStatusName, to: PayoutRunStatusName): boolean {
  return PAYOUT_RUN_TRANSITIONS[from].includes(to);
}

export function assertRunTransition(from: PayoutRunStatusName, to: PayoutRunStatusName): void {
  assertIn(PAYOUT_RUN_TRANSITIONS, "run", from, to);
}

export function canItemTransition(from: PayoutItemStatusName, to: PayoutItemStatusName): boolean {
  return PAYOUT_ITEM_TRANSITIONS[from].includes(to);
}

export function assertItemTransition(from: PayoutItemStatusName, to: PayoutItemStatusName): void {
  assertIn(PAYOUT_ITEM_TRANSITIONS, "item", from, to);
}
