import { describe, expect, it } from "vitest";
import { evaluateCommission } from "../commission";
import { parseDecimalAmount, parsePercentage } from "../money";
import { buildRefund, ORDER_AT, replayEvents } from "./ledger-test-support";

// The two worked examples in app/domain/README.md, end to end: commission evaluation, then the ledger.
describe.each([
  {
    currency: "JPY",
    rate: "10",
    orderDiscount: "500",
    lines: [["A", "1250", 3, "0"], ["B", "980", 1, "0"]] as const,
    bases: [3354n, 876n],
    commissions: [335n, 88n],
    refunds: [[["A", 1]], [["A", 1]], [["A", 1], ["B", 1]]] as const,
    rows: [423n, -112n, -111n, -200n],
  },
  {
    currency: "KWD",
    rate: "15",
    orderDiscount: "1.000",
    lines: [["A", "12.345", 2, "0"], ["B", "4.500", 1, "0.500"]] as const,
    bases: [23829n, 3861n],
    commissions: [3575n, 579n],
    refunds: [[["A", 1]], [["B", 1]], [["A", 1]]] as const,
    rows: [4154n, -1787n, -579n, -1788n],
  },
])("README worked example in $currency", ({ currency, rate, orderDiscount, lines, bases, commissions, refunds, rows }) => {
  const pair = (text: string) => ({ shop: parseDecimalAmount(text, currency), presentment: parseDecimalAmount(text, currency) });
  const derivation = evaluateCommission({
    order: {
      orderId: "1001", shopCurrency: currency, presentmentCurrency: currency, taxesIncluded: false, customerPreviousOrderCount: 0,
      unallocatedOrderDiscount: pair(orderDiscount),
      lineItems: lines.map(([lineItemId, price, quantity, discount]) => ({
        lineItemId, productId: `p${lineItemId}`, collectionIds: [], quantity, unitPrice: pair(price),
        discountAllocations: [pair(discount)], taxLines: [], giftCard: false, tip: false,
      })),
    },
    program: { ruleVersionId: "v1", defaultRule: { kind: "percentage", rate: parsePercentage(rate) }, productRates: [], collectionRates: [], newCustomersOnly: false, capPerOrder: null },
    creator: { creatorId: "alice", override: null, attributedRevenueBeforeOrder: parseDecimalAmount("0", currency) },
  });

  it("derives the bases and line commissions", () => {
    expect(derivation.lines.map((line) => line.base.shop.amountMinor)).toEqual(bases);
    expect(derivation.lines.map((line) => line.commission.amountMinor)).toEqual(commissions);
  });

  it("reverses refunds to the minor unit, ending at exactly zero", () => {
    const { entries, state } = replayEvents([
      { type: "order_created", eventId: "order", orderId: "1001", creatorId: "alice", orderCreatedAt: ORDER_AT, test: false, commission: derivation },
      ...refunds.map((items, index) => buildRefund(String(index + 1), items, currency)),
    ]);
    expect(entries.map((entry) => entry.amount.amountMinor)).toEqual(rows);
    expect(state?.netMinor).toBe(0n);
    expect(state?.status).toBe("reversed");
  });
});
