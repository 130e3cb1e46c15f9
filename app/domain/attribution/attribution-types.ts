/*
 * Narrow inputs for deciding who earns on an order. The service maps Shopify's order payload onto these
 * (discount_codes[].code, note_attributes, landing_site, created_at, customer) and loads the shop's creators.
 */

/** Only approved and active creators earn; everything else attributes nothing (and says so). */
export type CreatorStatus = "pending" | "approved" | "active" | "paused" | "rejected";

export type AttributionCreator = {
  readonly id: string;
  readonly status: CreatorStatus;
  /**
   * Discount codes given to this creator; matched case-insensitively, like Shopify does at checkout. A code with
   * its status history attributes only orders placed while it was active; a plain string counts as always active.
   */
  readonly codes: readonly (string | AttributionCode)[];
  /** Referral tokens used in links (`?ref=TOKEN`); matched case-insensitively. */
  readonly refTokens: readonly string[];
  /** The creator's own email addresses, for self-referral detection. */
  readonly emails: readonly string[];
  /** Shopify customer ids linked to the creator, for self-referral detection. */
  readonly customerIds: readonly string[];
};

export type AttributionCodeStatus = "active" | "inactive" | "deleted";

/** A creator's code with its status over time (Affable's record of when it was switched on, off or deleted). */
export type AttributionCode = {
  readonly code: string;
  /** Its status now: what counts when there is no history (codes recorded before histories existed). */
  readonly status: AttributionCodeStatus;
  /** Each change, from `since` on; in any order. */
  readonly history: readonly { readonly status: AttributionCodeStatus; readonly since: Date }[];
};

export type AttributionOrder = {
  /** order.created_at: the reference time for the cookie window. */
  readonly createdAt: Date;
  /** order.discount_codes[].code, in Shopify's order. */
  readonly discountCodes: readonly string[];
  /** order.note_attributes: the theme app embed writes `_affable_ref`, `_affable_ref_at`, `_affable_click_id`. */
  readonly noteAttributes: readonly { readonly name: string; readonly value: string }[];
  /** order.landing_site: the first page of the session that placed the order, e.g. "/products/x?ref=alice". */
  readonly landingSite: string | null;
  readonly customer: {
    readonly id: string | null;
    readonly email: string | null;
    /** The creator this customer was linked to for life (POST /api/v1/customers), if any. */
    readonly referredByCreatorId?: string | null;
  };
};

export type AttributionPrecedence = "code_first" | "link_first" | "last_touch";

export type AttributionSettings = {
  readonly precedence: AttributionPrecedence;
  /** How long a captured link counts, in whole days before the order. */
  readonly cookieWindowDays: number;
};

export type AttributionInput = {
  readonly order: AttributionOrder;
  readonly creators: readonly AttributionCreator[];
  readonly settings: AttributionSettings;
};

/**
 * code: a discount code; link: the ref the theme embed stored in the cart; landing_site: `?ref=` on this order;
 * customer: the customer was linked to a creator for life (a referral recorded through the API).
 */
export type AttributionSignal = "code" | "link" | "landing_site" | "customer";

export type AttributionFlag =
  | "self_referral"
  | "conflicting_signals"
  | "expired_link"
  | "invalid_capture_time"
  | "unknown_ref"
  | "inactive_creator"
  | "inactive_code"
  | "ambiguous_match";

export type ConsideredSignal = {
  readonly signal: AttributionSignal;
  /** The code or ref token exactly as it appeared on the order. */
  readonly value: string;
  readonly creatorId: string | null;
  /** Whether the signal was valid on its own (known, earning creator, inside the window); a self-referral is valid and flagged. */
  readonly accepted: boolean;
  /** Whether this signal is the one that earned the commission (at most one per decision). */
  readonly credited: boolean;
  readonly reason: string;
  /** When the ref was captured (links only). */
  readonly capturedAt: Date | null;
  /** `_affable_click_id`, kept for tracing a link back to its click (links only). */
  readonly clickId: string | null;
};

export type AttributionDecision = {
  readonly creatorId: string | null;
  readonly signal: AttributionSignal | null;
  readonly reason: string;
  readonly considered: readonly ConsideredSignal[];
  readonly flags: readonly AttributionFlag[];
};
