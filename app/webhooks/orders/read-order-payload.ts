/**
 * Shopify's REST order and refund webhook payloads, read ONCE into the money domain's inputs. Every decimal string
 * becomes Money here (parseDecimalAmount with the currency's exponent) and nowhere else.
 *
 * Line ids are the exact `admin_graphql_api_id` strings (numeric REST ids may exceed 2^53), and a refund's lines
 * use `refund_line_items[].line_item.admin_graphql_api_id`, so refunds meet the accrued lines by the same key.
 */
import type { AttributionOrder } from "../../domain/attribution";
import { countRefundedUnits, keepEditedOrder, type CommissionOrder, type MoneyPair, type OrderedLine } from "../../domain/commission";
import type { OrderCancelledEvent, RefundCreatedEvent, RefundLineItem, RefundOrderAdjustment } from "../../domain/ledger";
import { parseDecimalAmount } from "../../domain/money";
import type { WebhookPayload } from "../payload-schemas";

export type OrderPayload = WebhookPayload<"ORDERS_PAID">;
export type RefundPayload = WebhookPayload<"REFUNDS_CREATE">;
type MoneySetPayload = { shop_money: { amount: string; currency_code: string }; presentment_money: { amount: string; currency_code: string } };

export type ReadOrder = {
  shopifyOrderId: string;
  /** String(order.id) as JSON.parse read it: how refunds/create (order_id only) finds the order. */
  legacyId: string;
  name: string | null;
  createdAt: Date;
  currency: string;
  presentmentCurrency: string;
  test: boolean;
  customerId: string | null;
  customerEmail: string | null;
  attribution: AttributionOrder;
  commission: CommissionOrder;
  refunds: RefundCreatedEvent[];
  cancellation: OrderCancelledEvent | null;
  risk: OrderRiskSignals;
};

/** A postal address as the fraud domain's normaliseAddress reads it. */
export type RiskAddress = { line1: string; line2: string | null; city: string; region: string | null; postalCode: string; country: string };

/**
 * The order's risk signals as Shopify sent them (raw, trimmed, empty → null). createOrder normalises and hashes them
 * (hashSignal) before anything is stored; the raw values are never written.
 */
export type OrderRiskSignals = {
  /** browser_ip, or client_details.browser_ip on payloads that carry only that. */
  browserIp: string | null;
  userAgent: string | null;
  acceptLanguage: string | null;
  email: string | null;
  /** The first phone given: the customer's, the order's, the shipping address's, then the billing address's. */
  phone: string | null;
  /** Null unless it has at least a first line, and a city or a postal code. */
  shippingAddress: RiskAddress | null;
  referringSite: string | null;
  /** With its query string (ad click ids and utm_medium live there). */
  landingSite: string | null;
};

export function orderEventKey(shopifyOrderId: string): string {
  return `order_created:${shopifyOrderId}`;
}

export function readOrderPayload(payload: OrderPayload): ReadOrder {
  const currency = payload.currency;
  const presentmentCurrency = payload.presentment_currency;
  const readPair = (set: MoneySetPayload | undefined, fallback: string | undefined, what: string): MoneyPair => {
    if (set) {
      return {
        shop: parseDecimalAmount(set.shop_money.amount, set.shop_money.currency_code),
        presentment: parseDecimalAmount(set.presentment_money.amount, set.presentment_money.currency_code),
      };
    }
    // Older payloads carry only the shop-money string; it is also the presentment amount when both currencies agree.
    if (fallback === undefined || currency !== presentmentCurrency) {
      throw new Error(`Order ${payload.admin_graphql_api_id}: ${what} has no *_set money, so its ${presentmentCurrency} amount is unknown.`);
    }
    const shop = parseDecimalAmount(fallback, currency);
    return { shop, presentment: shop };
  };

  const refunds = (payload.refunds ?? []).map(readRefundPayload);
  const refundedUnits = countRefundedUnits(refunds);
  // Every figure below is Shopify's ORIGINAL one (quantity, discount allocations, total_discounts); keepEditedOrder
  // then counts each line AS EDITED, so an order first seen after an edit accrues on what the edit left.
  const orderedLines: OrderedLine[] = payload.line_items.map((line) => {
    const lineItemId = line.admin_graphql_api_id ?? `gid://shopify/LineItem/${line.id}`;
    return {
      line: {
        lineItemId,
        productId: line.product_id == null ? null : `gid://shopify/Product/${line.product_id}`,
        collectionIds: [],
        quantity: line.quantity,
        unitPrice: readPair(line.price_set, line.price, `line ${line.id} price`),
        discountAllocations: (line.discount_allocations ?? []).map((allocation) => readPair(allocation.amount_set, allocation.amount, `line ${line.id} discount`)),
        taxLines: (line.tax_lines ?? []).map((tax) => readPair(tax.price_set, tax.price, `line ${line.id} tax`)),
        giftCard: line.gift_card === true,
        tip: false,
      },
      currentQuantity: line.current_quantity,
      refundedUnits: refundedUnits.get(lineItemId) ?? 0,
    };
  });
  const { lineItems, unallocatedOrderDiscount: unallocated } = keepEditedOrder(
    orderedLines,
    payload.total_discounts_set ? readPair(payload.total_discounts_set, undefined, "total_discounts_set") : null,
    (payload.shipping_lines ?? []).flatMap((shipping) =>
      (shipping.discount_allocations ?? []).map((allocation) => readPair(allocation.amount_set, allocation.amount, "shipping discount"))),
    { shop: currency, presentment: presentmentCurrency },
  );

  const customerId = payload.customer ? (payload.customer.admin_graphql_api_id ?? `gid://shopify/Customer/${payload.customer.id}`) : null;
  const customerEmail = payload.customer?.email ?? payload.email ?? null;
  const createdAt = readDate(payload.created_at, "created_at");
  return {
    shopifyOrderId: payload.admin_graphql_api_id,
    legacyId: String(payload.id),
    name: payload.name ?? null,
    createdAt,
    currency,
    presentmentCurrency,
    test: payload.test,
    customerId,
    customerEmail,
    attribution: {
      createdAt,
      discountCodes: (payload.discount_codes ?? []).map((discount) => discount.code),
      noteAttributes: (payload.note_attributes ?? []).flatMap((attribute) => (attribute.value === null ? [] : [{ name: attribute.name, value: attribute.value }])),
      landingSite: payload.landing_site ?? null,
      customer: { id: customerId, email: customerEmail },
    },
    commission: {
      orderId: payload.admin_graphql_api_id,
      shopCurrency: currency,
      presentmentCurrency,
      taxesIncluded: payload.taxes_included === true,
      lineItems,
      unallocatedOrderDiscount: unallocated,
      // Needs the customer's order history from Admin GraphQL; unknown counts as new (and the derivation says so).
      customerPreviousOrderCount: null,
    },
    refunds,
    cancellation: payload.cancelled_at
      ? { type: "order_cancelled", eventId: `cancel:${payload.admin_graphql_api_id}`, cancelledAt: readDate(payload.cancelled_at, "cancelled_at"), reason: payload.cancel_reason ?? null }
      : null,
    risk: readOrderRiskSignals(payload, customerEmail),
  };
}

export function readOrderRiskSignals(payload: OrderPayload, email: string | null): OrderRiskSignals {
  const shipping = payload.shipping_address ?? null;
  return {
    browserIp: text(payload.browser_ip) ?? text(payload.client_details?.browser_ip),
    userAgent: text(payload.client_details?.user_agent),
    acceptLanguage: text(payload.client_details?.accept_language),
    email: text(email),
    phone: text(payload.customer?.phone) ?? text(payload.phone) ?? text(shipping?.phone) ?? text(payload.billing_address?.phone),
    shippingAddress: readRiskAddress(shipping),
    referringSite: text(payload.referring_site),
    landingSite: text(payload.landing_site),
  };
}

type AddressPayload = NonNullable<OrderPayload["shipping_address"]>;

function readRiskAddress(address: AddressPayload | null): RiskAddress | null {
  if (address === null) return null;
  const line1 = text(address.address1);
  const city = text(address.city);
  const postalCode = text(address.zip);
  if (line1 === null || (city === null && postalCode === null)) return null;
  return {
    line1,
    line2: text(address.address2),
    city: city ?? "",
    region: text(address.province_code) ?? text(address.province),
    postalCode: postalCode ?? "",
    country: text(address.country_code) ?? text(address.country) ?? "",
  };
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

/** The same refund reads to the same event id whether it came as refunds/create or inside an order's refunds[]. */
export function readRefundPayload(refund: RefundPayload): RefundCreatedEvent {
  const refundId = refund.admin_graphql_api_id ?? `gid://shopify/Refund/${refund.id}`;
  const refundLineItems: RefundLineItem[] = refund.refund_line_items.map((item) => {
    if (!item.subtotal_set) throw new Error(`Refund ${refundId}: refund line ${item.id} has no subtotal_set, so its currency is unknown.`);
    return {
      lineItemId: item.line_item?.admin_graphql_api_id ?? `gid://shopify/LineItem/${item.line_item_id}`,
      quantity: item.quantity,
      subtotal: parseDecimalAmount(item.subtotal_set.shop_money.amount, item.subtotal_set.shop_money.currency_code),
    };
  });
  const orderAdjustments: RefundOrderAdjustment[] = (refund.order_adjustments ?? []).flatMap((adjustment) =>
    adjustment.amount_set
      ? [{ kind: adjustment.kind ?? "unknown", amount: parseDecimalAmount(adjustment.amount_set.shop_money.amount, adjustment.amount_set.shop_money.currency_code) }]
      : []);
  return { type: "refund_created", eventId: `refund:${refundId}`, refundId, createdAt: readDate(refund.created_at, "created_at"), refundLineItems, orderAdjustments };
}

function readDate(text: string, field: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`${field} "${text}" is not a date Shopify sends.`);
  return date;
}
