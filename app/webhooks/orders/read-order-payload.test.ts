import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { orderPayload, refundPayload } from "../payload-schemas";
import { evaluateCommission, type CommissionOrder } from "../../domain/commission";
import { createRateFromBasisPoints } from "../../domain/money";
import { readOrderPayload, readRefundPayload } from "./read-order-payload";

const FIXTURES = path.join(import.meta.dirname, "../../../tests/fixtures/webhooks");
const read = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));

describe("readOrderPayload", () => {
  it("reads Shopify's decimal strings exactly once, by the currency's exponent (USD)", () => {
    const order = readOrderPayload(orderPayload.parse(read("orders-paid-code")));
    expect(order).toMatchObject({ shopifyOrderId: "gid://shopify/Order/5820982911946", legacyId: "5820982911946", currency: "USD", test: false, cancellation: null });
    expect(order.attribution.discountCodes).toEqual(["amelia15"]);
    const [shirt] = order.commission.lineItems;
    expect(shirt).toMatchObject({ lineItemId: "gid://shopify/LineItem/13820982911001", quantity: 2 });
    expect(shirt?.unitPrice.shop).toEqual({ amountMinor: 4000n, currency: "USD" });
    expect(shirt?.discountAllocations[0]?.shop).toEqual({ amountMinor: 1200n, currency: "USD" });
    expect(shirt?.taxLines[0]?.shop).toEqual({ amountMinor: 544n, currency: "USD" });
    // The code's discount is fully allocated to lines already: nothing left for Affable to spread.
    expect(order.commission.unallocatedOrderDiscount.shop).toEqual({ amountMinor: 0n, currency: "USD" });
  });

  it("reads JPY (no decimals), the cart ref attributes and a cancellation", () => {
    const order = readOrderPayload(orderPayload.parse(read("orders-cancelled")));
    expect(order.commission.lineItems.map((line) => line.unitPrice.shop.amountMinor)).toEqual([1250n, 985n]);
    expect(order.attribution.noteAttributes).toContainEqual({ name: "_affable_ref", value: "r_kenji01" });
    expect(order.cancellation).toMatchObject({ eventId: "cancel:gid://shopify/Order/5820982922001", reason: "customer" });
  });

  it("reads a refund to the same event id and line ids as the order's refunds[] would", () => {
    const refund = readRefundPayload(refundPayload.parse(read("refunds-create-partial")));
    expect(refund).toMatchObject({ eventId: "refund:gid://shopify/Refund/990088186041", orderAdjustments: [] });
    expect(refund.refundLineItems).toEqual([{ lineItemId: "gid://shopify/LineItem/13820982911001", quantity: 1, subtotal: { amountMinor: 3400n, currency: "USD" } }]);
  });
});

/**
 * A REST order as Shopify sends it after edits: `quantity`, `discount_allocations` and `total_discounts` keep the
 * ORIGINAL figures; only `current_quantity` (and the current_* totals) say what the edits left.
 */
function editedOrder(options: { ordered: number; current: number; lineDiscount: string; totalDiscounts: string; refunds?: unknown[] }) {
  const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
  const base = read("orders-paid-code") as Record<string, unknown> & { line_items: Record<string, unknown>[] };
  const [line] = base.line_items;
  return orderPayload.parse({
    ...base,
    total_discounts: options.totalDiscounts,
    total_discounts_set: money(options.totalDiscounts),
    shipping_lines: [],
    refunds: options.refunds ?? [],
    line_items: [{
      ...line,
      price: "38.00", price_set: money("38.00"),
      quantity: options.ordered, current_quantity: options.current,
      tax_lines: [],
      discount_allocations: [{ amount: options.lineDiscount, amount_set: money(options.lineDiscount), discount_application_index: 0 }],
    }],
  });
}

const TEN_PERCENT = {
  ruleVersionId: "v1", defaultRule: { kind: "percentage" as const, rate: createRateFromBasisPoints(1000n) }, productRates: [], collectionRates: [],
  newCustomersOnly: false, capPerOrder: null,
};
const commissionOn = (order: CommissionOrder) =>
  evaluateCommission({ order, program: TEN_PERCENT, creator: { creatorId: "c", override: null, attributedRevenueBeforeOrder: { amountMinor: 0n, currency: "USD" } } });

describe("readOrderPayload on an edited order with a discount code (original total_discounts, current quantities)", () => {
  it("3 × $38.00 with a 15% code edited down to 1 unit: 10% of 38.00 − 5.70 = $3.23, no order discount taken twice", () => {
    const order = readOrderPayload(editedOrder({ ordered: 3, current: 1, lineDiscount: "17.10", totalDiscounts: "17.10" }));
    expect(order.commission.lineItems[0]).toMatchObject({ quantity: 1 });
    expect(order.commission.lineItems[0]?.discountAllocations[0]?.shop.amountMinor).toBe(570n);
    expect(order.commission.unallocatedOrderDiscount.shop.amountMinor).toBe(0n);
    expect(commissionOn(order.commission).commission.amountMinor).toBe(323n);
  });

  it("first seen after an edit from 4 to 2 units: $6.46", () => {
    const order = readOrderPayload(editedOrder({ ordered: 4, current: 2, lineDiscount: "22.80", totalDiscounts: "22.80" }));
    const derivation = commissionOn(order.commission);
    expect(derivation.lines[0]?.orderDiscountShare.shop.amountMinor).toBe(0n);
    expect(derivation.commission.amountMinor).toBe(646n);
  });

  it("an order-level discount Shopify left unallocated is shared by the kept units only (4 → 2 units keep half)", () => {
    // $10.00 of total_discounts is on no line: Affable spreads it, and the removed half of the units takes half.
    const order = readOrderPayload(editedOrder({ ordered: 4, current: 2, lineDiscount: "22.80", totalDiscounts: "32.80" }));
    expect(order.commission.unallocatedOrderDiscount.shop.amountMinor).toBe(500n);
    // 76.00 − 11.40 − 5.00 = 59.60 → $5.96
    expect(commissionOn(order.commission).commission.amountMinor).toBe(596n);
  });
});

describe("readOrderPayload: risk signals (Part 8)", () => {
  it("reads the browser IP, user agent, language, contact, shipping address and traffic sources, raw and trimmed", () => {
    const order = readOrderPayload(orderPayload.parse(read("orders-paid-risk")));
    expect(order.risk).toEqual({
      browserIp: "203.0.113.42",
      userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
      acceptLanguage: "en-US,en;q=0.9",
      email: "Jon.Doe+deals@GMail.com",
      // No customer or order phone: the shipping address's comes before the billing address's.
      phone: "+1 (415) 555-0142",
      shippingAddress: { line1: "12 Harbour Street", line2: "Apt. 4", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" },
      referringSite: "https://www.retailmenot.com/view/northwind.example",
      landingSite: "/products/linen-shirt?gclid=EAIaIQobChMI8x&utm_source=google&utm_medium=cpc",
    });
  });

  it("takes the customer's phone first, client_details.browser_ip when browser_ip is absent, and the billing phone last", () => {
    const base = read("orders-paid-risk") as Record<string, unknown> & { customer: Record<string, unknown>; shipping_address: Record<string, unknown> };
    const withCustomerPhone = readOrderPayload(orderPayload.parse({ ...base, browser_ip: null, customer: { ...base.customer, phone: "+44 20 7946 0958" } }));
    expect(withCustomerPhone.risk.phone).toBe("+44 20 7946 0958");
    expect(withCustomerPhone.risk.browserIp).toBe("203.0.113.42");
    const billingOnly = readOrderPayload(orderPayload.parse({ ...base, shipping_address: { ...base.shipping_address, phone: "  " } }));
    expect(billingOnly.risk.phone).toBe("+1 415 555 0199");
    const orderPhone = readOrderPayload(orderPayload.parse({ ...base, phone: "0049 30 1234567" }));
    expect(orderPhone.risk.phone).toBe("0049 30 1234567");
  });

  it("leaves every signal null on an order without them (admin, API and POS orders), and refuses nothing for it", () => {
    const order = readOrderPayload(orderPayload.parse(read("orders-paid-code")));
    expect(order.risk).toMatchObject({ browserIp: null, userAgent: null, acceptLanguage: null, phone: null, shippingAddress: null });
    expect(order.risk.referringSite).toBe("https://www.instagram.com/");
    expect(order.risk.landingSite).toBe("/products/linen-shirt");
  });

  it("keeps no shipping address without a street line, or without both city and postal code", () => {
    const base = read("orders-paid-risk") as Record<string, unknown> & { shipping_address: Record<string, unknown> };
    const noStreet = readOrderPayload(orderPayload.parse({ ...base, shipping_address: { ...base.shipping_address, address1: "" } }));
    expect(noStreet.risk.shippingAddress).toBeNull();
    const noTown = readOrderPayload(orderPayload.parse({ ...base, shipping_address: { ...base.shipping_address, city: null, zip: null } }));
    expect(noTown.risk.shippingAddress).toBeNull();
    const postcodeOnly = readOrderPayload(orderPayload.parse({ ...base, shipping_address: { ...base.shipping_address, city: null, province_code: null, country_code: null } }));
    expect(postcodeOnly.risk.shippingAddress).toEqual({ line1: "12 Harbour Street", line2: "Apt. 4", city: "", region: "California", postalCode: "94105", country: "United States" });
  });

  it("a malformed signal reads as null and never refuses the order (the money path does not depend on it)", () => {
    const base = read("orders-paid-risk") as Record<string, unknown>;
    const parsed = orderPayload.safeParse({ ...base, browser_ip: 42, client_details: { user_agent: 42, accept_language: "en" }, shipping_address: "12 Harbour Street" });
    expect(parsed.success).toBe(true);
    const order = readOrderPayload(orderPayload.parse({ ...base, browser_ip: 42, client_details: { user_agent: 42, accept_language: "en" }, shipping_address: "12 Harbour Street" }));
    expect(order.risk).toMatchObject({ browserIp: "203.0.113.42", userAgent: null, acceptLanguage: "en", shippingAddress: null });
  });
});
