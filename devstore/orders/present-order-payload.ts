/**
 * An order and its refunds as Shopify's REST webhooks carry them (orders/*, refunds/create): snake_case, bare numeric
 * ids beside `admin_graphql_api_id`, every amount a decimal string in its currency's exponent with a `*_set` pair
 * (shop and presentment money). Totals are derived by summarize-order, so they always equal the sum of their parts.
 */
import type { DevstoreStateView, MoneyPairRecord, ReadonlyDeep, RefundRecord } from "../state/state-schema.ts";
import { OrderError } from "./order-error.ts";
import { formatMinor, parseMinor } from "./order-money.ts";
import { currentQuantity, lineAmounts, readPair, summarizeOrder, type LineView, type OrderAmounts, type OrderView } from "./summarize-order.ts";

export type OrderPayload = ReturnType<typeof presentOrder>;
export type RefundPayload = ReturnType<typeof presentRefund>;

type StateForOrders = Pick<DevstoreStateView, "orders" | "customers">;

export function findOrder(state: Pick<DevstoreStateView, "orders">, orderId: number): OrderView {
  const order = state.orders.find((candidate) => candidate.id === orderId);
  if (!order) throw new OrderError(404, `No order ${orderId}: GET /__devstore/orders lists them.`);
  return order;
}

export function presentOrderPayload(state: StateForOrders, orderId: number): OrderPayload {
  return presentOrder(state, findOrder(state, orderId));
}

export function presentRefundPayload(state: StateForOrders, orderId: number, refundId: number): RefundPayload {
  const order = findOrder(state, orderId);
  const refund = order.refunds.find((candidate) => candidate.id === refundId);
  if (!refund) throw new OrderError(404, `Order ${orderId} has no refund ${refundId}.`);
  return presentRefund(order, refund);
}

function moneySet(order: OrderView, shop: bigint, presentment: bigint) {
  return {
    shop_money: { amount: formatMinor(shop, order.currency), currency_code: order.currency },
    presentment_money: { amount: formatMinor(presentment, order.presentmentCurrency), currency_code: order.presentmentCurrency },
  };
}

function pairSet(order: OrderView, pair: ReadonlyDeep<MoneyPairRecord>) {
  return moneySet(order, readPair(pair, order, "shop"), readPair(pair, order, "presentment"));
}

/** `"12.50"` and its `*_set` for one OrderAmounts field. */
function amountFields(order: OrderView, shop: OrderAmounts, presentment: OrderAmounts, key: keyof OrderAmounts) {
  return { amount: formatMinor(shop[key], order.currency), set: moneySet(order, shop[key], presentment[key]) };
}

/** The checkout's address as Shopify's REST order shows it (the devstore's checkout asks for one address, used for both). */
function presentAddress(order: OrderView, customer: { firstName: string; lastName: string } | null) {
  const address = order.shippingAddress;
  if (!address) return null;
  const firstName = customer?.firstName ?? null;
  const lastName = customer?.lastName ?? null;
  return {
    first_name: firstName,
    address1: address.address1,
    phone: order.phone,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: lastName,
    address2: address.address2,
    company: null,
    latitude: null,
    longitude: null,
    name: [firstName, lastName].filter((part) => part).join(" ") || null,
    country_code: address.countryCode,
    province_code: address.provinceCode,
  };
}

export function presentOrder(state: StateForOrders, order: OrderView) {
  const shop = summarizeOrder(order, "shop");
  const presentment = summarizeOrder(order, "presentment");
  const field = (key: keyof OrderAmounts) => amountFields(order, shop, presentment, key);
  const customer = order.customerId === null ? null : state.customers.find((candidate) => candidate.id === order.customerId);
  const total = field("total");
  const subtotal = field("subtotal");
  const discounts = field("discounts");
  const tax = field("tax");
  const lineItemsTotal = field("lineItems");
  const shipping = field("shipping");
  const currentTotal = field("currentTotal");
  const currentSubtotal = field("currentSubtotal");
  const currentDiscounts = field("currentDiscounts");
  const currentTax = field("currentTax");
  const currentShipping = field("currentShipping");
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    app_id: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason,
    cancelled_at: order.cancelledAt,
    cart_token: null,
    checkout_id: null,
    checkout_token: null,
    confirmation_number: confirmationNumber(order.id),
    confirmed: true,
    contact_email: order.email,
    created_at: order.createdAt,
    currency: order.currency,
    // The edited order (edits, refunds and returns applied); every other total keeps the ORIGINAL figure.
    current_shipping_price_set: currentShipping.set,
    current_subtotal_price: currentSubtotal.amount,
    current_subtotal_price_set: currentSubtotal.set,
    // The devstore sells no duties or international fees: Shopify sends null for these then.
    current_total_additional_fees_set: null,
    current_total_discounts: currentDiscounts.amount,
    current_total_discounts_set: currentDiscounts.set,
    current_total_duties_set: null,
    current_total_price: currentTotal.amount,
    current_total_price_set: currentTotal.set,
    current_total_tax: currentTax.amount,
    current_total_tax_set: currentTax.set,
    customer_locale: "en",
    discount_applications: order.discount
      ? [
          {
            target_type: "line_item",
            type: "discount_code",
            value: order.discount.value,
            value_type: order.discount.valueType,
            allocation_method: order.discount.allocationMethod,
            target_selection: "all",
            code: order.discount.canonicalCode,
          },
        ]
      : [],
    discount_codes: order.discount ? [{ code: order.discount.code, amount: discounts.amount, type: order.discount.valueType }] : [],
    email: order.email,
    estimated_taxes: false,
    financial_status: order.financialStatus,
    fulfillment_status: null,
    landing_site: order.landingSite,
    browser_ip: order.browserIp,
    client_details: order.browserIp === null && order.userAgent === null && order.acceptLanguage === null
      ? null
      : { accept_language: order.acceptLanguage, browser_height: null, browser_ip: order.browserIp, browser_width: null, session_hash: null, user_agent: order.userAgent },
    phone: order.phone,
    shipping_address: presentAddress(order, customer ?? null),
    billing_address: presentAddress(order, customer ?? null),
    name: `#${order.number}`,
    note: null,
    note_attributes: order.noteAttributes,
    number: order.number - 1000,
    order_number: order.number,
    // Shopify names every gateway that took part: "gift_card", "shopify_store_credit", and the card's ("bogus" on
    // a development store) when they did not cover the total.
    payment_gateway_names: paymentGatewayNames(order, shop.total),
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    presentment_currency: order.presentmentCurrency,
    processed_at: order.processedAt,
    referring_site: order.referringSite,
    source_name: order.sourceName,
    subtotal_price: subtotal.amount,
    subtotal_price_set: subtotal.set,
    tags: "",
    tax_lines: order.taxesIncluded || shop.tax > 0n ? orderTaxLines(order) : [],
    taxes_included: order.taxesIncluded,
    test: order.test,
    total_discounts: discounts.amount,
    total_discounts_set: discounts.set,
    total_line_items_price: lineItemsTotal.amount,
    total_line_items_price_set: lineItemsTotal.set,
    total_outstanding: formatMinor(0n, order.currency),
    total_price: total.amount,
    total_price_set: total.set,
    total_shipping_price_set: shipping.set,
    total_tax: tax.amount,
    total_tax_set: tax.set,
    total_tip_received: formatMinor(0n, order.currency),
    total_weight: 0,
    updated_at: order.updatedAt,
    user_id: null,
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          created_at: customer.createdAt,
          updated_at: customer.updatedAt,
          first_name: customer.firstName,
          last_name: customer.lastName,
          state: customer.state.toLowerCase(),
          note: customer.note,
          verified_email: customer.verifiedEmail,
          phone: customer.phone,
          tags: customer.tags.join(", "),
          currency: order.currency,
          admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
        }
      : null,
    line_items: order.lineItems.map((line) => presentLineItem(order, line)),
    refunds: order.refunds.map((refund) => presentRefund(order, refund)),
    shipping_lines: order.shippingLines.map((shippingLine) => ({
      id: shippingLine.id,
      code: shippingLine.code,
      discounted_price: shippingLine.price.shop,
      discounted_price_set: pairSet(order, shippingLine.price),
      price: shippingLine.price.shop,
      price_set: pairSet(order, shippingLine.price),
      source: "shopify",
      title: shippingLine.title,
      tax_lines: [],
      discount_allocations: [],
    })),
  };
}

/** The order's tax lines: each title and rate once, with the lines' taxes summed. */
function orderTaxLines(order: OrderView) {
  const byTitle = new Map<string, { rate: string; shop: bigint; presentment: bigint }>();
  for (const line of order.lineItems) {
    for (const taxLine of line.taxLines) {
      const entry = byTitle.get(taxLine.title) ?? { rate: taxLine.rate, shop: 0n, presentment: 0n };
      entry.shop += readPair(taxLine.price, order, "shop");
      entry.presentment += readPair(taxLine.price, order, "presentment");
      byTitle.set(taxLine.title, entry);
    }
  }
  return [...byTitle].map(([title, entry]) => ({
    price: formatMinor(entry.shop, order.currency),
    price_set: moneySet(order, entry.shop, entry.presentment),
    rate: Number(entry.rate),
    title,
    channel_liable: false,
  }));
}

export function presentLineItem(order: OrderView, line: LineView) {
  const shopAmounts = lineAmounts(order, line, "shop");
  const presentmentAmounts = lineAmounts(order, line, "presentment");
  const current = currentQuantity(order, line);
  return {
    id: line.id,
    admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
    attributed_staffs: [],
    // Units still on the order after edits, refunds and returns; `quantity` stays the units first ordered.
    current_quantity: current,
    duties: [],
    fulfillable_quantity: current,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: line.giftCard,
    grams: 0,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    price: line.price.shop,
    price_set: pairSet(order, line.price),
    product_exists: line.productId !== null,
    product_id: line.productId,
    properties: [],
    quantity: line.quantity,
    requires_shipping: line.requiresShipping,
    sku: line.sku,
    taxable: line.taxable,
    title: line.title,
    // Shopify reports discounts in discount_allocations; total_discount stays 0 for code discounts.
    total_discount: formatMinor(0n, order.currency),
    total_discount_set: moneySet(order, 0n, 0n),
    variant_id: line.variantId,
    variant_inventory_management: "shopify",
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: line.taxLines.map((taxLine) => ({
      price: taxLine.price.shop,
      price_set: pairSet(order, taxLine.price),
      rate: Number(taxLine.rate),
      title: taxLine.title,
      channel_liable: false,
    })),
    discount_allocations: line.discountAllocations.map((allocation) => ({
      amount: allocation.amount.shop,
      amount_set: pairSet(order, allocation.amount),
      discount_application_index: allocation.discountApplicationIndex,
    })),
    // Kept for readers that check the line's own arithmetic.
    pre_tax_price: formatMinor(shopAmounts.gross - shopAmounts.discount, order.currency),
    pre_tax_price_set: moneySet(order, shopAmounts.gross - shopAmounts.discount, presentmentAmounts.gross - presentmentAmounts.discount),
  };
}

export function presentRefund(order: OrderView, refund: ReadonlyDeep<RefundRecord>) {
  const zero = moneySet(order, 0n, 0n);
  return {
    id: refund.id,
    order_id: order.id,
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    created_at: refund.createdAt,
    note: refund.note,
    user_id: null,
    processed_at: refund.createdAt,
    restock: refund.lines.some((line) => line.restockType !== "no_restock"),
    duties: [],
    total_duties_set: zero,
    return: null,
    refund_line_items: refund.lines.map((refundLine) => {
      const line = order.lineItems.find((candidate) => candidate.id === refundLine.lineItemId);
      if (!line) throw new Error(`Refund ${refund.id} names line ${refundLine.lineItemId}, which order ${order.id} does not have.`);
      return {
        id: refundLine.id,
        line_item_id: refundLine.lineItemId,
        location_id: null,
        quantity: refundLine.quantity,
        restock_type: refundLine.restockType,
        // Shopify sends these two as JSON numbers; the *_set strings are the exact values.
        subtotal: Number(refundLine.subtotal.shop),
        subtotal_set: pairSet(order, refundLine.subtotal),
        total_tax: Number(refundLine.totalTax.shop),
        total_tax_set: pairSet(order, refundLine.totalTax),
        line_item: presentLineItem(order, line),
      };
    }),
    transactions: [
      {
        id: refund.transaction.id,
        admin_graphql_api_id: `gid://shopify/OrderTransaction/${refund.transaction.id}`,
        amount: refund.transaction.amount.presentment,
        authorization: null,
        created_at: refund.createdAt,
        currency: order.presentmentCurrency,
        gateway: "bogus",
        kind: "refund",
        order_id: order.id,
        parent_id: null,
        processed_at: refund.createdAt,
        source_name: "web",
        status: "success",
        test: order.test,
      },
    ],
    order_adjustments: refund.shipping
      ? [
          {
            id: refund.shipping.adjustmentId,
            order_id: order.id,
            refund_id: refund.id,
            // Shopify writes a shipping refund as a negative adjustment of the order.
            amount: formatMinor(-readPair(refund.shipping.amount, order, "shop"), order.currency),
            amount_set: moneySet(order, -readPair(refund.shipping.amount, order, "shop"), -readPair(refund.shipping.amount, order, "presentment")),
            tax_amount: formatMinor(0n, order.currency),
            tax_amount_set: zero,
            kind: "shipping_refund",
            reason: "Shipping refund",
          },
        ]
      : [],
  };
}

/** A stable 9-character confirmation number derived from the id (Shopify's are random; tests like stable). */
function confirmationNumber(id: number): string {
  return id.toString(36).toUpperCase().padStart(9, "0").slice(-9);
}

export function paymentGatewayNames(order: OrderView, total: bigint): string[] {
  const payments = order.payments ?? [];
  const covered = payments.reduce((sum, payment) => sum + parseMinor(payment.amount, order.currency), 0n);
  const names = payments.map((payment) => payment.gateway);
  return covered < total || names.length === 0 ? [...names, "bogus"] : names;
}
