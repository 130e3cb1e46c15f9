import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { orderPayload, refundPayload } from "../payload-schemas";
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
