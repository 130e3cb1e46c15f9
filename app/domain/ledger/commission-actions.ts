/** What a merchant can do to commissions from the admin (each maps to one ledger event). */
export const COMMISSION_ACTIONS = ["approve", "hold", "release", "reverse"] as const;
export type CommissionAction = (typeof COMMISSION_ACTIONS)[number];

/** Most commissions one bulk action may change: one page of the list, with room to spare. */
export const MAX_BULK_COMMISSIONS = 250;
