// The merchant's words for an order's attribution status, the signal that credited it, and commission statuses.
export const ORDER_STATUS_LABELS = { attributed: "Attributed", unattributed: "Unattributed", ignored_test: "Test order", no_program: "No program" } as const;
export const ORDER_STATUS_TONES = { attributed: "success", unattributed: undefined, ignored_test: "info", no_program: "attention" } as const;
export const SIGNAL_LABELS = { code: "Discount code", link: "Referral link", landing_site: "Link (landing page)", customer: "Referred customer" } as const;
export const COMMISSION_STATUS_LABELS = { pending: "Pending", approved: "Approved", paid: "Paid", reversed: "Reversed", on_hold: "On hold" } as const;
export const COMMISSION_STATUS_TONES = { pending: "attention", approved: "info", paid: "success", reversed: undefined, on_hold: "warning" } as const;
