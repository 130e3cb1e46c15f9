/**
 * A buyer checks out: an order from variants and quantities, with an optional code discount applied by its real
 * rules (active period, usage limit, once per customer) and value, tax at the state's rate, optional shipping, in
 * the shop currency and a presentment currency. The discount's usage count goes up. Then Shopify's webhooks for a
 * paid checkout: orders/create, then orders/paid, both with the REST order.
 */
import { deriveDiscountStatus } from "../admin-api/discounts/discount-status.ts";
import { findDiscountByCode } from "../admin-api/discounts/list-code-discounts.ts";
import { allocateId } from "../state/allocate-id.ts";
import { debitStoreCredit } from "../admin-api/store-credit/store-credit-operations.ts";
import { toGid } from "../state/shopify-gid.ts";
import type { DevstoreState, DiscountRecord, OrderLineItemRecord, OrderPaymentRecord, OrderRecord } from "../state/state-schema.ts";
import { planOrderPayments } from "./plan-order-payments.ts";
import { summarizeOrder } from "./summarize-order.ts";
import { OrderError } from "./order-error.ts";
import { createOrderInputSchema, type CreateOrderInput, type OrderContext } from "./order-input.ts";
import { convertMinor, formatMinor, parseMinor, parseRatio, ratioFromNumber, type Ratio } from "./order-money.ts";
import { presentOrderPayload, type OrderPayload } from "./present-order-payload.ts";
import { priceOrderLines, type LineDiscount } from "./price-order-lines.ts";

export const FIRST_ORDER_NUMBER = 1001;

export function createOrder(ctx: OrderContext, rawInput: CreateOrderInput): OrderPayload {
  const input = createOrderInputSchema.parse(rawInput);
  const now = ctx.now();
  const orderId = ctx.state.update((draft) => {
    const order = buildOrder(draft, input, now);
    order.payments = payOrder(draft, order, input, now);
    draft.orders.push(order);
    // Customer.numberOfOrders counts the customer's orders; the seed starts everyone at 0 devstore orders.
    const customer = draft.customers.find((candidate) => candidate.id === order.customerId);
    if (customer) customer.numberOfOrders += 1;
    return order.id;
  });
  const payload = presentOrderPayload(ctx.state.read(), orderId);
  ctx.webhooks?.deliver({ topic: "orders/create", payload });
  ctx.webhooks?.deliver({ topic: "orders/paid", payload });
  return payload;
}

type ParsedInput = ReturnType<typeof createOrderInputSchema.parse>;

function buildOrder(draft: DevstoreState, input: ParsedInput, now: Date): OrderRecord {
  const currency = draft.shop.currencyCode;
  const presentmentCurrency = input.presentmentCurrency ?? currency;
  const rate = presentmentRate(draft, currency, presentmentCurrency);
  const customer = input.customerId === undefined ? null : draft.customers.find((candidate) => candidate.id === input.customerId);
  if (customer === undefined) throw new OrderError(404, `No customer ${input.customerId}: GET /__devstore/state lists the customers.`);
  const discount = input.discountCode === undefined ? null : checkDiscount(draft, input.discountCode, customer?.id ?? null, now);

  const bought = input.lineItems.map((item) => {
    const { product, variant } = findVariantForSale(draft, item.variantId);
    const unitShop = parseMinor(item.price ?? variant.price, currency);
    return { product, variant, quantity: item.quantity, unitShop, unitPresentment: convertMinor(unitShop, currency, presentmentCurrency, rate) };
  });

  const taxRate = parseRatio(draft.orderSettings.taxRate);
  const taxesIncluded = input.taxesIncluded ?? false;
  const priceIn = (side: "shop" | "presentment", lineDiscount: LineDiscount | null) =>
    priceOrderLines(
      bought.map((line) => ({ unitPrice: side === "shop" ? line.unitShop : line.unitPresentment, quantity: line.quantity, taxable: line.variant.taxable })),
      lineDiscount,
      taxRate,
      taxesIncluded,
    );
  const shopPrices = priceIn("shop", discount ? lineDiscountFor(discount.record, currency, currency, rate) : null);
  const presentmentPrices = priceIn("presentment", discount ? lineDiscountFor(discount.record, currency, presentmentCurrency, rate) : null);
  const pair = (shop: bigint, presentment: bigint) => ({ shop: formatMinor(shop, currency), presentment: formatMinor(presentment, presentmentCurrency) });

  const orderId = allocateId(draft);
  const lineItems: OrderLineItemRecord[] = bought.map((line, index) => {
    const shopLine = shopPrices[index] ?? { discount: 0n, tax: 0n };
    const presentmentLine = presentmentPrices[index] ?? { discount: 0n, tax: 0n };
    return {
      id: allocateId(draft),
      productId: line.product.id,
      variantId: line.variant.id,
      title: line.product.title,
      variantTitle: line.variant.title === "Default Title" ? null : line.variant.title,
      sku: line.variant.sku,
      vendor: line.product.vendor,
      quantity: line.quantity,
      removedQuantity: 0,
      giftCard: false,
      taxable: line.variant.taxable,
      requiresShipping: true,
      price: pair(line.unitShop, line.unitPresentment),
      discountAllocations: discount && (shopLine.discount > 0n || presentmentLine.discount > 0n) ? [{ amount: pair(shopLine.discount, presentmentLine.discount), discountApplicationIndex: 0 }] : [],
      taxLines: line.variant.taxable ? [{ title: draft.orderSettings.taxTitle, rate: draft.orderSettings.taxRate, price: pair(shopLine.tax, presentmentLine.tax) }] : [],
      addedByEditId: null,
    };
  });
  const shippingShop = input.shippingPrice === undefined ? null : parseMinor(input.shippingPrice, currency);
  const timestamp = input.processedAt ? new Date(input.processedAt).toISOString() : now.toISOString();

  if (discount) {
    // Shopify counts a use when the order is placed (asyncUsageCount, eventually consistent; here at once).
    const record = draft.discounts.find((candidate) => candidate.id === discount.record.id);
    if (record) {
      record.asyncUsageCount += 1;
      const code = record.codes.find((candidate) => candidate.code.toLowerCase() === discount.code.toLowerCase());
      if (code) code.asyncUsageCount += 1;
    }
  }

  return {
    id: orderId,
    number: nextOrderNumber(draft),
    createdAt: timestamp,
    updatedAt: now.toISOString(),
    processedAt: timestamp,
    currency,
    presentmentCurrency,
    taxesIncluded,
    test: input.test,
    customerId: customer?.id ?? null,
    email: input.email ?? customer?.email ?? null,
    noteAttributes: input.noteAttributes,
    landingSite: input.landingSite ?? null,
    referringSite: input.referringSite ?? null,
    browserIp: input.browserIp ?? null,
    userAgent: input.userAgent ?? null,
    acceptLanguage: input.acceptLanguage ?? null,
    phone: input.phone ?? null,
    shippingAddress: input.shippingAddress
      ? {
          address1: input.shippingAddress.address1,
          address2: input.shippingAddress.address2 ?? null,
          city: input.shippingAddress.city,
          province: input.shippingAddress.province ?? null,
          provinceCode: input.shippingAddress.provinceCode ?? null,
          zip: input.shippingAddress.zip ?? null,
          country: input.shippingAddress.country ?? null,
          countryCode: input.shippingAddress.countryCode ?? null,
        }
      : null,
    sourceName: "web",
    discount: discount
      ? {
          discountId: discount.record.id,
          code: discount.code,
          canonicalCode: discount.record.codes[0]?.code ?? discount.code,
          ...describeDiscountApplication(discount.record, currency),
        }
      : null,
    lineItems,
    shippingLines:
      shippingShop === null
        ? []
        : [{ id: allocateId(draft), title: "Standard", code: "Standard", price: pair(shippingShop, convertMinor(shippingShop, currency, presentmentCurrency, rate)) }],
    refunds: [],
    edits: [],
    cancelledAt: null,
    cancelReason: null,
    financialStatus: "paid",
    payments: [],
  };
}

/** Takes the gift card's and the store credit's share of the total off their balances (planOrderPayments). */
function payOrder(draft: DevstoreState, order: OrderRecord, input: ParsedInput, now: Date): OrderPaymentRecord[] {
  if (!input.giftCardCode && !input.useStoreCredit) return [];
  if (order.presentmentCurrency !== order.currency) {
    throw new OrderError(422, `Gift cards and store credit are accepted in ${order.currency} only; this order is in ${order.presentmentCurrency}.`);
  }
  const plan = planOrderPayments(draft, {
    total: summarizeOrder(order, "shop").total,
    currency: order.currency,
    signedInCustomerId: input.useStoreCredit ? order.customerId : null,
    useStoreCredit: input.useStoreCredit,
    giftCardCode: input.giftCardCode ?? null,
    now,
  });
  const payments: OrderPaymentRecord[] = [];
  if (plan.giftCard) {
    const card = draft.giftCards.find((candidate) => candidate.id === plan.giftCard?.id);
    if (card) {
      card.balance = formatMinor(plan.giftCard.balanceBefore - plan.giftCard.amount, card.currencyCode);
      card.usages.push({ orderId: order.id, amount: formatMinor(plan.giftCard.amount, card.currencyCode), at: now.toISOString() });
      card.updatedAt = now.toISOString();
    }
    payments.push({ gateway: "gift_card", amount: formatMinor(plan.giftCard.amount, order.currency), storeCreditAccountId: null, giftCardId: plan.giftCard.id, giftCardLastCharacters: plan.giftCard.lastCharacters });
  }
  if (plan.storeCredit) {
    const outcome = debitStoreCredit(
      draft,
      { id: toGid("StoreCreditAccount", plan.storeCredit.accountId), amount: formatMinor(plan.storeCredit.amount, order.currency), currencyCode: order.currency },
      now,
      { event: "ORDER_PAYMENT", orderId: order.id },
    );
    if (!outcome.ok) throw new OrderError(422, outcome.userErrors.map((error) => error.message).join(" "));
    payments.push({ gateway: "shopify_store_credit", amount: formatMinor(plan.storeCredit.amount, order.currency), storeCreditAccountId: plan.storeCredit.accountId, giftCardId: null, giftCardLastCharacters: null });
  }
  return payments;
}

function nextOrderNumber(draft: Pick<DevstoreState, "orders">): number {
  return draft.orders.reduce((highest, order) => Math.max(highest, order.number), FIRST_ORDER_NUMBER - 1) + 1;
}

/** A variant a buyer can add to an order: its product must exist and be active. */
export function findVariantForSale(draft: Pick<DevstoreState, "products">, variantId: number) {
  for (const product of draft.products) {
    const variant = product.variants.find((candidate) => candidate.id === variantId);
    if (!variant) continue;
    if (product.status !== "ACTIVE") throw new OrderError(422, `"${product.title}" is ${product.status.toLowerCase()}: only active products can be bought.`);
    return { product, variant };
  }
  throw new OrderError(404, `No product variant ${variantId}: GET /__devstore/state lists products and their variants.`);
}

export function presentmentRate(draft: DevstoreState, currency: string, presentmentCurrency: string): Ratio {
  if (presentmentCurrency === currency) return { numerator: 1n, denominator: 1n };
  const rate = draft.orderSettings.presentmentRates[presentmentCurrency];
  if (rate === undefined) {
    const known = Object.keys(draft.orderSettings.presentmentRates).join(", ");
    throw new OrderError(422, `No rate from ${currency} to ${presentmentCurrency}: use one of ${known}, or add it to orderSettings.presentmentRates in the state.`);
  }
  return parseRatio(rate);
}

/** The code's discount if this buyer may use it now; otherwise the reason Shopify's checkout would give. */
export function checkDiscount(draft: Pick<DevstoreState, "discounts" | "orders">, code: string, customerId: number | null, now: Date): { record: DiscountRecord; code: string } {
  const record = findDiscountByCode(draft.discounts, code) as DiscountRecord | undefined;
  if (!record) throw new OrderError(422, `Discount code "${code}" does not exist on this shop (codes are not case-sensitive).`);
  const status = deriveDiscountStatus(record, now);
  if (status === "SCHEDULED") throw new OrderError(422, `Discount code "${code}" is not active yet: it starts at ${record.startsAt}.`);
  if (status === "EXPIRED") throw new OrderError(422, `Discount code "${code}" has expired (it ended at ${record.endsAt ?? "?"}).`);
  if (record.usageLimit !== null && record.asyncUsageCount >= record.usageLimit) {
    throw new OrderError(422, `Discount code "${code}" has reached its usage limit (${record.usageLimit} uses).`);
  }
  if (record.appliesOncePerCustomer) {
    if (customerId === null) throw new OrderError(422, `Discount code "${code}" is once per customer: send a customerId so the checkout can tell who is buying.`);
    if (draft.orders.some((order) => order.customerId === customerId && order.discount?.discountId === record.id)) {
      throw new OrderError(422, `Discount code "${code}" can be used once per customer, and customer ${customerId} has used it already.`);
    }
  }
  return { record, code };
}

export function lineDiscountFor(record: DiscountRecord, shopCurrency: string, currency: string, rate: Ratio): LineDiscount {
  if (record.value.kind === "percentage") return { kind: "percentage", fraction: ratioFromNumber(record.value.percentage) };
  const amount = convertMinor(parseMinor(record.value.amount, shopCurrency), shopCurrency, currency, rate);
  return record.value.appliesOnEachItem ? { kind: "amount_each", amount } : { kind: "amount_across", amount };
}

function describeDiscountApplication(record: DiscountRecord, currency: string) {
  if (record.value.kind === "percentage") {
    // discount_applications[].value is "15.0" for 15 %.
    const percent = ratioFromNumber(record.value.percentage);
    const hundredths = (percent.numerator * 10000n) / percent.denominator;
    const text = formatMinor(hundredths, "USD").replace(/0$/, "");
    return { valueType: "percentage" as const, value: text, allocationMethod: "across" as const };
  }
  return {
    valueType: "fixed_amount" as const,
    value: formatMinor(parseMinor(record.value.amount, currency), currency),
    allocationMethod: record.value.appliesOnEachItem ? ("each" as const) : ("across" as const),
  };
}
