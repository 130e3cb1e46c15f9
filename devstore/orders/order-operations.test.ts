import { afterEach, describe, expect, it } from "vitest";
import type { DiscountRecord } from "../state/state-schema.ts";
import { createTestDevstore, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { cancelOrder } from "./cancel-order.ts";
import { createOrder } from "./create-order.ts";
import { editOrder } from "./edit-order.ts";
import { OrderError } from "./order-error.ts";
import { currencyExponent, parseMinor, sumMinor } from "./order-money.ts";
import type { OrderPayload } from "./present-order-payload.ts";
import { refundOrder } from "./refund-order.ts";

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

function setUp(): TestDevstore {
  devstore = createTestDevstore();
  return devstore;
}

function variantId(sku: string): number {
  for (const product of devstore.context.state.read().products) {
    const variant = product.variants.find((candidate) => candidate.sku === sku);
    if (variant) return variant.id;
  }
  throw new Error(`no variant ${sku}`);
}

function customerId(index: number): number {
  const customer = devstore.context.state.read().customers[index];
  if (!customer) throw new Error("no customer");
  return customer.id;
}

function addDiscount(code: string, overrides: Partial<DiscountRecord> = {}): void {
  const now = devstore.clock.now().toISOString();
  devstore.context.state.update((draft) => {
    draft.discounts.push({
      id: draft.nextId++,
      type: "DiscountCodeBasic",
      title: code,
      codes: [{ id: draft.nextId++, code, asyncUsageCount: 0 }],
      startsAt: new Date(devstore.clock.now().getTime() - 60_000).toISOString(),
      endsAt: null,
      usageLimit: null,
      appliesOncePerCustomer: false,
      asyncUsageCount: 0,
      value: { kind: "percentage", percentage: 0.15 },
      items: "all",
      buyers: "all",
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      createdAt: now,
      updatedAt: now,
      ...overrides,
    });
  });
}

type MoneySet = { shop_money: { amount: string; currency_code: string }; presentment_money: { amount: string; currency_code: string } };

/** Every total equals the sum of its parts, in both currencies, and every amount has its currency's exponent. */
function expectTotalsAddUp(order: OrderPayload): void {
  for (const side of ["shop_money", "presentment_money"] as const) {
    const read = (set: MoneySet) => {
      const money = set[side];
      const exponent = currencyExponent(money.currency_code);
      expect(money.amount).toMatch(exponent === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exponent}}$`));
      return parseMinor(money.amount, money.currency_code);
    };
    const lines = order.line_items;
    const gross = sumMinor(lines.map((line) => read(line.price_set) * BigInt(line.quantity)));
    const discounts = sumMinor(lines.flatMap((line) => line.discount_allocations.map((allocation) => read(allocation.amount_set))));
    const tax = sumMinor(lines.flatMap((line) => line.tax_lines.map((taxLine) => read(taxLine.price_set))));
    const shipping = sumMinor(order.shipping_lines.map((shippingLine) => read(shippingLine.price_set)));
    expect(read(order.total_line_items_price_set)).toBe(gross);
    expect(read(order.total_discounts_set)).toBe(discounts);
    expect(read(order.subtotal_price_set)).toBe(gross - discounts);
    expect(read(order.total_tax_set)).toBe(tax);
    expect(read(order.total_shipping_price_set)).toBe(shipping);
    expect(read(order.total_price_set)).toBe(gross - discounts + shipping + (order.taxes_included ? 0n : tax));
  }
}

describe("creating an order", () => {
  it("prices a USD order with a 15% code exactly: spread over lines, taxed per line, totals equal their parts", () => {
    setUp();
    addDiscount("MAYA15");
    const order = createOrder(devstore.context, {
      lineItems: [
        { variantId: variantId("NBG-POUR-01"), quantity: 2 },
        { variantId: variantId("TSC-TEE-M"), quantity: 1 },
      ],
      discountCode: "maya15",
      customerId: customerId(0),
      noteAttributes: [{ name: "_affable_ref", value: "r_maya" }],
      landingSite: "/?ref=r_maya",
      shippingPrice: "5.00",
    });
    expect(order.name).toBe("#1001");
    expect(order.admin_graphql_api_id).toBe(`gid://shopify/Order/${order.id}`);
    expect(order.total_line_items_price).toBe("110.00");
    // 15% of 110.00 = 16.50, spread 76:34 → 11.40 and 5.10.
    expect(order.line_items.map((line) => line.discount_allocations.map((allocation) => allocation.amount))).toEqual([["11.40"], ["5.10"]]);
    // 6% of 64.60 = 3.876 → 3.88; of 28.90 = 1.734 → 1.73.
    expect(order.line_items.map((line) => line.tax_lines.map((taxLine) => taxLine.price))).toEqual([["3.88"], ["1.73"]]);
    expect(order.total_discounts).toBe("16.50");
    expect(order.subtotal_price).toBe("93.50");
    expect(order.total_tax).toBe("5.61");
    expect(order.total_price).toBe("104.11");
    expect(order.discount_codes).toEqual([{ code: "maya15", amount: "16.50", type: "percentage" }]);
    expect(order.discount_applications[0]).toMatchObject({ code: "MAYA15", value: "15.0", value_type: "percentage", allocation_method: "across" });
    expect(order.customer?.admin_graphql_api_id).toBe(`gid://shopify/Customer/${customerId(0)}`);
    expect(order.note_attributes).toEqual([{ name: "_affable_ref", value: "r_maya" }]);
    expect(order.financial_status).toBe("paid");
    expectTotalsAddUp(order);
    // The code was used once.
    expect(devstore.context.state.read().discounts[0]?.asyncUsageCount).toBe(1);
    expect(devstore.context.state.read().discounts[0]?.codes[0]?.asyncUsageCount).toBe(1);
  });

  it("presents JPY without decimals and KWD with three, each adding up on its own", () => {
    setUp();
    addDiscount("TEN", { value: { kind: "amount", amount: "10.00", appliesOnEachItem: false } });
    for (const currency of ["JPY", "KWD"]) {
      const order = createOrder(devstore.context, {
        lineItems: [
          { variantId: variantId("NBG-POUR-01"), quantity: 3 },
          { variantId: variantId("HAL-TAPER-NAT"), quantity: 1, price: "21.99" },
        ],
        discountCode: "TEN",
        presentmentCurrency: currency,
        shippingPrice: "4.99",
      });
      expect(order.presentment_currency).toBe(currency);
      expectTotalsAddUp(order);
    }
    const [jpy, kwd] = devstore.context.state.read().orders;
    // 38.00 USD × 151 = 5738 JPY; × 0.307 = 11.666 KWD.
    expect(jpy?.lineItems[0]?.price).toEqual({ shop: "38.00", presentment: "5738" });
    expect(kwd?.lineItems[0]?.price).toEqual({ shop: "38.00", presentment: "11.666" });
  });

  it("prices a shop whose own currency is JPY in whole yen", () => {
    setUp();
    devstore.context.state.update((draft) => void (draft.shop.currencyCode = "JPY"));
    const order = createOrder(devstore.context, {
      lineItems: [
        { variantId: variantId("NBG-POUR-01"), quantity: 3, price: "1250" },
        { variantId: variantId("TSC-CAP-01"), quantity: 1, price: "985" },
      ],
      shippingPrice: "500",
    });
    expect(order.currency).toBe("JPY");
    expect(order.total_line_items_price).toBe("4735");
    // 6% of 3750 = 225; of 985 = 59.1 → 59.
    expect(order.total_tax).toBe("284");
    expect(order.total_price).toBe("5519");
    expectTotalsAddUp(order);
  });

  it("keeps tax inside prices that include it, and refunds the price alone", () => {
    setUp();
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 1 }], taxesIncluded: true });
    // 28.00 × 6 / 106 = 1.5849… → 1.58, already in the price.
    expect(order).toMatchObject({ taxes_included: true, total_tax: "1.58", subtotal_price: "28.00", total_price: "28.00" });
    expectTotalsAddUp(order);
    const { refund } = refundOrder(devstore.context, order.id, { full: true });
    expect(refund.transactions[0]?.amount).toBe("28.00");
  });

  it("refuses unknown variants, draft products and unknown presentment currencies with a reason", () => {
    setUp();
    expect(() => createOrder(devstore.context, { lineItems: [{ variantId: 1, quantity: 1 }] })).toThrow(/No product variant 1/);
    expect(() => createOrder(devstore.context, { lineItems: [{ variantId: variantId("HAL-BOARD-01"), quantity: 1 }] })).toThrow(/draft/);
    expect(() => createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 1 }], presentmentCurrency: "CHF" })).toThrow(/No rate from USD to CHF/);
    expect(devstore.context.state.read().orders).toHaveLength(0);
  });
});

describe("discount rules at checkout", () => {
  const cap = () => [{ variantId: variantId("TSC-CAP-01"), quantity: 1 }];

  it("enforces the active period", () => {
    setUp();
    const now = devstore.clock.now().getTime();
    addDiscount("LATER", { startsAt: new Date(now + 3_600_000).toISOString() });
    addDiscount("OVER", { startsAt: new Date(now - 7_200_000).toISOString(), endsAt: new Date(now - 3_600_000).toISOString() });
    expect(() => createOrder(devstore.context, { lineItems: cap(), discountCode: "LATER" })).toThrow(/not active yet/);
    expect(() => createOrder(devstore.context, { lineItems: cap(), discountCode: "OVER" })).toThrow(/expired/);
    expect(() => createOrder(devstore.context, { lineItems: cap(), discountCode: "NOPE" })).toThrow(/does not exist/);
  });

  it("enforces the usage limit and counts each use", () => {
    setUp();
    addDiscount("ONCE", { usageLimit: 1 });
    createOrder(devstore.context, { lineItems: cap(), discountCode: "ONCE" });
    const second = (): unknown => createOrder(devstore.context, { lineItems: cap(), discountCode: "ONCE" });
    expect(second).toThrow(OrderError);
    expect(second).toThrow(/usage limit \(1 uses\)/);
    expect(devstore.context.state.read().discounts[0]?.asyncUsageCount).toBe(1);
  });

  it("enforces once per customer", () => {
    setUp();
    addDiscount("FIRST", { appliesOncePerCustomer: true });
    expect(() => createOrder(devstore.context, { lineItems: cap(), discountCode: "FIRST" })).toThrow(/send a customerId/);
    createOrder(devstore.context, { lineItems: cap(), discountCode: "FIRST", customerId: customerId(0) });
    expect(() => createOrder(devstore.context, { lineItems: cap(), discountCode: "FIRST", customerId: customerId(0) })).toThrow(/has used it already/);
    expect(createOrder(devstore.context, { lineItems: cap(), discountCode: "FIRST", customerId: customerId(1) }).discount_codes).toHaveLength(1);
  });

  it("takes an amount off each item, never more than the item", () => {
    setUp();
    addDiscount("FIVEEACH", { value: { kind: "amount", amount: "5.00", appliesOnEachItem: true } });
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 3 }, { variantId: variantId("HAL-TAPER-NAT"), quantity: 1, price: "3.00" }], discountCode: "FIVEEACH" });
    expect(order.line_items.map((line) => line.discount_allocations[0]?.amount)).toEqual(["15.00", "3.00"]);
    expect(order.discount_applications[0]).toMatchObject({ value_type: "fixed_amount", allocation_method: "each", value: "5.00" });
    expectTotalsAddUp(order);
  });
});

describe("refunds", () => {
  it("prorates a line's discounted total and tax over its units, remainders first, summing to the line", () => {
    setUp();
    addDiscount("TENPC", { value: { kind: "percentage", percentage: 0.1 } });
    const order = createOrder(devstore.context, {
      lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 3, price: "33.33" }],
      discountCode: "TENPC",
      shippingPrice: "5.00",
    });
    // 99.99 − 10.00 = 89.99 over 3 units: 30.00, 30.00, 29.99. Tax 5.40: 1.80 each.
    const line = order.line_items[0];
    if (!line) throw new Error("no line");
    const first = refundOrder(devstore.context, order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });
    expect(first.refund.refund_line_items[0]).toMatchObject({ quantity: 1, subtotal_set: { shop_money: { amount: "30.00" } }, total_tax_set: { shop_money: { amount: "1.80" } } });
    expect(first.refund.transactions[0]?.amount).toBe("31.80");
    expect(first.order.financial_status).toBe("partially_refunded");
    expect(first.order.line_items[0]?.current_quantity).toBe(2);

    const rest = refundOrder(devstore.context, order.id, { lineItems: [{ lineItemId: line.id, quantity: 2 }], shipping: "2.50", note: "Damaged" });
    expect(rest.refund.refund_line_items[0]?.subtotal_set.shop_money.amount).toBe("59.99");
    expect(rest.refund.refund_line_items[0]?.total_tax_set.shop_money.amount).toBe("3.60");
    expect(rest.refund.order_adjustments).toMatchObject([{ kind: "shipping_refund", amount: "-2.50" }]);
    expect(rest.order.current_subtotal_price).toBe("0.00");
    expect(rest.order.current_total_price).toBe("2.50");
    expect(rest.order.financial_status).toBe("partially_refunded");

    expect(() => refundOrder(devstore.context, order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] })).toThrow(/0 unit\(s\) left/);
    expect(() => refundOrder(devstore.context, order.id, { shipping: "2.51" })).toThrow(/Only 2.50 USD of shipping/);
    const last = refundOrder(devstore.context, order.id, { shipping: true });
    expect(last.order.financial_status).toBe("refunded");
    expect(last.order.current_total_price).toBe("0.00");
    const refunded = sumMinor(last.order.refunds.map((refund) => parseMinor(refund.transactions[0]?.amount ?? "0", "USD")));
    expect(refunded).toBe(parseMinor(order.total_price, "USD"));
  });

  it("refunds a whole order in the presentment currency to the yen", () => {
    setUp();
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 3 }], presentmentCurrency: "JPY", shippingPrice: "5.00" });
    const { refund, order: after } = refundOrder(devstore.context, order.id, { full: true });
    expect(refund.transactions[0]).toMatchObject({ currency: "JPY", amount: order.total_price_set.presentment_money.amount });
    expect(after.financial_status).toBe("refunded");
    expect(() => refundOrder(devstore.context, order.id, { full: true })).toThrow(/Nothing to refund/);
  });
});

describe("cancelling and editing", () => {
  it("cancels with a reason and an optional refund, once", () => {
    setUp();
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 1 }] });
    const { order: cancelled, refund } = cancelOrder(devstore.context, order.id, { reason: "fraud", refund: true });
    expect(cancelled).toMatchObject({ cancel_reason: "fraud", financial_status: "refunded" });
    expect(cancelled.cancelled_at).not.toBeNull();
    expect(refund?.transactions[0]?.amount).toBe(order.total_price);
    expect(() => cancelOrder(devstore.context, order.id)).toThrow(/already cancelled/);
  });

  it("an edit on a discounted line keeps the original figures and reports the edited ones in every current_* field, as Shopify does", () => {
    setUp();
    addDiscount("EDIT15");
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("NBG-POUR-01"), quantity: 3 }], discountCode: "EDIT15", shippingPrice: "5.00" });
    const lineId = order.line_items[0]?.id ?? 0;
    const { order: edited } = editOrder(devstore.context, order.id, { setQuantity: [{ lineItemId: lineId, quantity: 1 }] });
    const set = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
    // Original: 3 × 38.00 = 114.00, 15 % = 17.10 on the line, tax 6 % of 96.90 = 5.81.
    expect(edited.line_items[0]).toMatchObject({ quantity: 3, current_quantity: 1, discount_allocations: [{ amount: "17.10" }] });
    expect(edited).toMatchObject({ total_discounts: "17.10", total_discounts_set: set("17.10"), subtotal_price: "96.90", total_tax: "5.81" });
    // As edited: one unit, 38.00 − 5.70 = 32.30, its tax share 1.94 (5.81 → 1.94 + 1.94 + 1.93; the last two went).
    expect(edited).toMatchObject({
      current_total_discounts: "5.70", current_total_discounts_set: set("5.70"),
      current_subtotal_price: "32.30", current_subtotal_price_set: set("32.30"),
      current_total_tax: "1.94", current_total_tax_set: set("1.94"),
      current_shipping_price_set: set("5.00"),
      current_total_price: "39.24", current_total_price_set: set("39.24"),
      current_total_duties_set: null, original_total_duties_set: null,
      current_total_additional_fees_set: null, original_total_additional_fees_set: null,
    });
    expect(edited.line_items[0]).toMatchObject({ duties: [], attributed_staffs: [] });
  });

  it("removes units and adds lines, reporting an order edit", () => {
    setUp();
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 3 }] });
    const lineId = order.line_items[0]?.id ?? 0;
    const { orderEdit, order: edited } = editOrder(devstore.context, order.id, {
      setQuantity: [{ lineItemId: lineId, quantity: 1 }],
      add: [{ variantId: `gid://shopify/ProductVariant/${variantId("NBG-POUR-01")}`, quantity: 1 }],
    });
    const added = edited.line_items[1];
    expect(orderEdit.order_edit.line_items).toEqual({ removals: [{ id: lineId, delta: 2 }], additions: [{ id: added?.id, delta: 1 }] });
    expect(edited.line_items[0]).toMatchObject({ quantity: 3, current_quantity: 1 });
    expect(added).toMatchObject({ quantity: 1, current_quantity: 1, price: "38.00", discount_allocations: [] });
    // 1 cap (28.00) + pour-over (38.00) left.
    expect(edited.current_subtotal_price).toBe("66.00");
    expectTotalsAddUp(edited);
    expect(() => editOrder(devstore.context, order.id, { setQuantity: [{ lineItemId: lineId, quantity: 1 }] })).toThrow(/changes nothing/);
  });
});
