/** The events a merchant's endpoint can subscribe to. */
export const OUTBOUND_EVENT_TYPES = [
  "creator.applied",
  "creator.approved",
  "commission.created",
  "commission.approved",
  "commission.reversed",
  "payout.created",
  /** A payout run item was paid (provider confirmed, or the merchant marked it paid). */
  "payout.paid",
  /** A payout run item failed (also after success: PayPal RETURNED / REVERSED); its commissions are owed again. */
  "payout.failed",
] as const;

export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
