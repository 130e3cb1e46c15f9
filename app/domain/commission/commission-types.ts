import type { Money, Rate } from "../money";

/*
 * Inputs are shaped after Shopify's REST order payload, already parsed to Money by the caller (each `*_set`
 * becomes a MoneyPair). Commission is computed in SHOP money; presentment money (what the buyer saw) is carried
 * alongside so the merchant can see both, and is never mixed with shop money.
 */

/** An amount in the shop's currency and in the buyer's, like Shopify's `*_set.{shop_money,presentment_money}`. */
export type MoneyPair = {
  readonly shop: Money;
  readonly presentment: Money;
};

export type CommissionLineItem = {
  /** line_items[].id */
  readonly lineItemId: string;
  /** line_items[].product_id (null for custom items) */
  readonly productId: string | null;
  /** Collections the product belonged to when the order was placed, resolved by the caller. */
  readonly collectionIds: readonly string[];
  /**
   * Units the commission is computed on. At order creation: line_items[].quantity. After an order edit: the
   * quantity as edited, i.e. line_items[].quantity minus units removed by edits (= current_quantity + units
   * refunded so far). Refunded units are NOT subtracted here; the ledger prorates refunds separately.
   */
  readonly quantity: number;
  /** line_items[].price_set: the price of ONE unit before discounts. */
  readonly unitPrice: MoneyPair;
  /** line_items[].discount_allocations[].amount_set: discounts Shopify already allocated to this line (all units). */
  readonly discountAllocations: readonly MoneyPair[];
  /** line_items[].tax_lines[].price_set: only subtracted when the shop's prices include tax. */
  readonly taxLines: readonly MoneyPair[];
  /** line_items[].gift_card: selling a gift card is not a sale yet (it is revenue when redeemed). */
  readonly giftCard: boolean;
  /** A tip recorded as a line item (e.g. Shopify POS): never commissionable. */
  readonly tip: boolean;
};

export type CommissionOrder = {
  readonly orderId: string;
  readonly shopCurrency: string;
  readonly presentmentCurrency: string;
  /** order.taxes_included: line prices contain tax, which must come out of the base. */
  readonly taxesIncluded: boolean;
  readonly lineItems: readonly CommissionLineItem[];
  /**
   * Order-level discount that Shopify did NOT already spread onto line items' discount_allocations:
   * total_discount_set − Σ line allocations − shipping-line discounts. Usually zero; when not, Affable spreads it
   * over the lines pro rata with allocate().
   */
  readonly unallocatedOrderDiscount: MoneyPair;
  /** Orders this customer placed before this one; null when unknown (e.g. a guest checkout). */
  readonly customerPreviousOrderCount: number | null;
};

export type CommissionTier = {
  /** The tier applies once the creator's attributed revenue in the period reaches this amount (shop currency). */
  readonly minimumRevenue: Money;
  readonly rate: Rate;
};

export type RateRule =
  | { readonly kind: "percentage"; readonly rate: Rate }
  | { readonly kind: "flat_per_order"; readonly amount: Money }
  | { readonly kind: "tiered"; readonly tiers: readonly CommissionTier[] };

export type CommissionProgram = {
  /** Identifies the exact rule set used; stored with every accrual so a derivation can be replayed. */
  readonly ruleVersionId: string;
  readonly defaultRule: RateRule;
  readonly productRates: readonly { readonly productId: string; readonly rate: Rate }[];
  /** In priority order: when a product is in several listed collections, the first listed one applies. */
  readonly collectionRates: readonly { readonly collectionId: string; readonly rate: Rate }[];
  readonly newCustomersOnly: boolean;
  readonly capPerOrder: Money | null;
};

export type CommissionCreatorTerms = {
  readonly creatorId: string;
  /** Replaces the program's default rule for this creator (product and collection rates still win). */
  readonly override: RateRule | null;
  /** Revenue attributed to this creator in the tier period BEFORE this order (shop currency). */
  readonly attributedRevenueBeforeOrder: Money;
};

export type CommissionInput = {
  readonly order: CommissionOrder;
  readonly program: CommissionProgram;
  readonly creator: CommissionCreatorTerms;
};

/** Where a line's rate came from, most specific first. */
export type RateSource = "product" | "collection" | "creator_override" | "program_default";

export type LineRule = {
  readonly source: RateSource;
  /** The product or collection id for product/collection rates. */
  readonly sourceId: string | null;
  readonly kind: "percentage" | "flat_per_order";
  /** Null for flat-per-order lines (they share the flat amount instead). */
  readonly rate: Rate | null;
  readonly label: string;
};

export type LineDerivation = {
  readonly lineItemId: string;
  readonly quantity: number;
  /** unit price × quantity */
  readonly subtotal: MoneyPair;
  readonly lineDiscount: MoneyPair;
  /** Tax contained in the price (taxes_included shops), zero otherwise. */
  readonly includedTax: MoneyPair;
  readonly orderDiscountShare: MoneyPair;
  /** subtotal − line discount − included tax − order discount share, never below zero. */
  readonly base: MoneyPair;
  readonly rule: LineRule | null;
  readonly excludedReason: string | null;
  readonly commissionBeforeCap: Money;
  readonly commission: Money;
};

export type CommissionAdjustmentKind =
  | "new_customers_only"
  | "customer_history_unknown"
  | "no_tier"
  | "flat_not_earned"
  | "cap"
  | "base_floored"
  | "order_discount_unallocated";

export type CommissionAdjustment = {
  readonly kind: CommissionAdjustmentKind;
  readonly description: string;
};

export type CommissionDerivation = {
  readonly ruleVersionId: string;
  readonly orderId: string;
  readonly creatorId: string;
  /** Shop currency: the currency of every commission amount. */
  readonly currency: string;
  readonly commission: Money;
  readonly commissionBeforeCap: Money;
  readonly base: MoneyPair;
  readonly lines: readonly LineDerivation[];
  readonly tier: { readonly minimumRevenue: Money; readonly rate: Rate; readonly revenueBeforeOrder: Money } | null;
  readonly flatPerOrder: { readonly amount: Money; readonly earned: boolean } | null;
  readonly cap: { readonly limit: Money; readonly applied: boolean } | null;
  readonly adjustments: readonly CommissionAdjustment[];
  /** The derivation in sentences, for the merchant and the creator. */
  readonly explanation: readonly string[];
};
