/** The events a merchant's endpoint can subscribe to. */
export const OUTBOUND_EVENT_TYPES = [
  "creator.applied",
  "creator.approved",
  "commission.created",
  "commission.approved",
  "commission.reversed",
  "payout.created",
] as const;

export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
