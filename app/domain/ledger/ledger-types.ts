import type { Money } from "../money";

/*
 * The commission ledger of ONE (order, creator) pair. Rows are appended, never edited: a refund is a new negative
 * row, a status change is a new zero-amount row. The state below is what folding those rows gives; the service may
 * store it as a cache, but the entries are the truth.
 */

/** pending → approved → paid; reversed when nothing is left; on_hold while a merchant investigates. */
export type CommissionStatus = "pending" | "approved" | "paid" | "reversed" | "on_hold";

export type LedgerEntryKind =
  | "accrual" // the commission earned when the order was placed
  | "refund_reversal" // a refund took back part of a not-yet-paid commission
  | "edit_adjustment" // an order edit changed the commission (either sign)
  | "cancellation" // the order was cancelled: whatever remained is reversed
  | "clawback" // a reduction of commission that had ALREADY been paid: deducted from the next payout
  | "payout" // money actually paid to the creator (negative when a payout recovers a clawback or a void takes a payment back)
  | "approval" // status only (amount zero)
  | "hold" // status only (amount zero)
  | "release" // status only (amount zero)
  | "manual_reversal" // a merchant reversed all or part of a not-yet-paid commission, with a reason
  | "tier_adjustment"; // an earlier order of the tier period arrived later: re-priced at the tier the orders' times give

/** One line of the commission basis: the line's full commission for `quantity` units (the ordered quantity). */
export type CommissionBasisLine = {
  readonly lineItemId: string;
  readonly quantity: number;
  readonly commission: Money;
};

/**
 * What the ledger needs from a commission derivation. A `CommissionDerivation` from evaluateCommission() fits
 * as is; the ledger only reads these fields.
 */
export type CommissionBasis = {
  readonly ruleVersionId: string;
  readonly currency: string;
  readonly lines: readonly CommissionBasisLine[];
};

/** refund_line_items[]: line_item_id, quantity, subtotal_set.shop_money. */
export type RefundLineItem = {
  readonly lineItemId: string;
  readonly quantity: number;
  readonly subtotal: Money;
};

/** order_adjustments[] of a refund: kind ("shipping_refund", "refund_discrepancy"), amount_set.shop_money. */
export type RefundOrderAdjustment = {
  readonly kind: string;
  readonly amount: Money;
};

export type OrderCreatedEvent = {
  readonly type: "order_created";
  readonly eventId: string;
  readonly orderId: string;
  readonly creatorId: string;
  readonly orderCreatedAt: Date;
  /** order.test: Shopify's test orders (Bogus gateway) are ignored unless the shop opted in. */
  readonly test: boolean;
  readonly commission: CommissionBasis;
};

export type RefundCreatedEvent = {
  readonly type: "refund_created";
  readonly eventId: string;
  readonly refundId: string;
  readonly createdAt: Date;
  readonly refundLineItems: readonly RefundLineItem[];
  readonly orderAdjustments: readonly RefundOrderAdjustment[];
};

export type OrderEditedEvent = {
  readonly type: "order_edited";
  readonly eventId: string;
  /** order_edit.created_at: edits are applied in this order; an older edit arriving late is ignored. */
  readonly editedAt: Date;
  /**
   * The commission re-evaluated on the edited order, each line's quantity being the quantity as edited
   * (current_quantity + units refunded so far). Lines removed by the edit have quantity 0 or are absent.
   */
  readonly commission: CommissionBasis;
};

/**
 * The commission basis in force re-priced at another tier, because an order placed earlier in the same tier period
 * was recorded after this one (webhooks arrive late and in parallel). The basis changes, but not when it was
 * decided (basisAt): an order edit newer than the basis still replaces it, an older one is still ignored.
 */
export type OrderRetieredEvent = {
  readonly type: "order_retiered";
  readonly eventId: string;
  /** The basis in force re-evaluated with the creator's tier revenue before this order as it now stands. */
  readonly commission: CommissionBasis;
  /** Why, in the merchant's words (which order arrived, the tier before and after). */
  readonly reason: string;
};

export type OrderCancelledEvent = {
  readonly type: "order_cancelled";
  readonly eventId: string;
  readonly cancelledAt: Date;
  readonly reason: string | null;
};

export type CommissionApprovedEvent = { readonly type: "commission_approved"; readonly eventId: string };
export type CommissionHeldEvent = { readonly type: "commission_held"; readonly eventId: string; readonly reason: string };
export type CommissionReleasedEvent = { readonly type: "commission_released"; readonly eventId: string };
export type PayoutPaidEvent = { readonly type: "payout_paid"; readonly eventId: string; readonly payoutId: string };

/**
 * A merchant voids a payout recorded by mistake: what that payout paid on this commission (`amount`, the sum of its
 * payout rows here; negative when it recovered a clawback) is taken back by a new payout row of the opposite sign,
 * so the creator is owed again exactly. A paid commission with money owed again becomes approved.
 */
export type PayoutVoidedEvent = {
  readonly type: "payout_voided";
  readonly eventId: string;
  readonly payoutId: string;
  readonly amount: Money;
  readonly reason: string;
};

/**
 * A merchant (admin or API) takes back part or all of a commission, e.g. for fraud found later. `amount: null`
 * means everything still remaining. It can never reverse more than remains.
 */
export type CommissionReversedEvent = {
  readonly type: "commission_reversed";
  readonly eventId: string;
  readonly amount: Money | null;
  readonly reason: string;
};

export type LedgerEvent =
  | OrderCreatedEvent
  | RefundCreatedEvent
  | OrderEditedEvent
  | OrderRetieredEvent
  | OrderCancelledEvent
  | CommissionApprovedEvent
  | CommissionHeldEvent
  | CommissionReleasedEvent
  | PayoutPaidEvent
  | PayoutVoidedEvent
  | CommissionReversedEvent;

export type LedgerEntry = {
  readonly kind: LedgerEntryKind;
  /** The event that produced this row; with `kind` it is the row's idempotency key. */
  readonly eventId: string;
  readonly orderId: string;
  readonly creatorId: string;
  /** Signed. Commission kinds change what the creator earned; payout moves money; status kinds are zero. */
  readonly amount: Money;
  readonly statusAfter: CommissionStatus;
  readonly recordedAt: Date;
  readonly description: string;
};

export type CommissionLedgerState = {
  readonly orderId: string;
  readonly creatorId: string;
  readonly currency: string;
  readonly status: CommissionStatus;
  readonly orderCreatedAt: Date;
  /** The commission basis in force: the accrual's, or the latest order edit's (re-priced by any later re-tier). */
  readonly basis: CommissionBasis;
  readonly basisEventId: string;
  readonly basisAt: Date;
  /** Units refunded so far per line item, over every refund applied (lines not in the basis included). */
  readonly refundedQuantityByLine: Readonly<Record<string, number>>;
  readonly cancelled: boolean;
  /**
   * Σ amounts reversed by hand (commission_reversed). A fact like refunds: the net is always
   * max(0, remaining from the order's facts − manualReversedMinor). Absent in states stored before manual
   * reversals existed, which means 0.
   */
  readonly manualReversedMinor?: bigint;
  /** Σ commission entries (accrual, refund_reversal, edit_adjustment, tier_adjustment, cancellation, manual_reversal, clawback). */
  readonly netMinor: bigint;
  /** Σ payout entries. owed = net − paid; negative owed is a clawback waiting for the next payout. */
  readonly paidMinor: bigint;
  readonly lastRefundAt: Date | null;
  readonly holdReason: string | null;
  /** Every event id applied, for idempotency: the same event delivered twice changes nothing. */
  readonly appliedEventIds: readonly string[];
};

export type ApplyEventResult =
  | { readonly outcome: "applied"; readonly state: CommissionLedgerState; readonly entries: readonly LedgerEntry[]; readonly reason: string }
  | { readonly outcome: "duplicate"; readonly state: CommissionLedgerState | null; readonly entries: readonly []; readonly reason: string }
  /** The order is not in the ledger yet (webhooks arrive out of order): store the event, re-apply it after order_created. */
  | { readonly outcome: "deferred"; readonly state: null; readonly entries: readonly []; readonly reason: string; readonly event: LedgerEvent }
  | { readonly outcome: "ignored"; readonly state: CommissionLedgerState | null; readonly entries: readonly []; readonly reason: string };
