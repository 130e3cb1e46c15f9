import { describe, expect, it } from "vitest";
import { createMoney } from "../money";
import type { CommissionLineItem } from "./commission-types";
import { keepEditedOrder } from "./keep-edited-order";

const usd = (minor: bigint) => ({ shop: createMoney(minor, "USD"), presentment: createMoney(minor, "USD") });
const CURRENCIES = { shop: "USD", presentment: "USD" };
const line = (id: string, price: bigint, quantity: number, discount: bigint): CommissionLineItem => ({
  lineItemId: id, productId: null, collectionIds: [], quantity, unitPrice: usd(price),
  discountAllocations: discount === 0n ? [] : [usd(discount)], taxLines: [], giftCard: false, tip: false,
});

describe("keepEditedOrder: original total_discounts against ORIGINAL allocations, then the kept units", () => {
  it.each([
    { label: "line code, 3 → 1 unit: the kept unit's own discount, nothing unallocated", ordered: 3, current: 1, refunded: 0, lineDiscount: 1710n, total: 1710n, keptDiscount: 570n, rest: 0n },
    { label: "line code, 4 → 2 units", ordered: 4, current: 2, refunded: 0, lineDiscount: 2280n, total: 2280n, keptDiscount: 1140n, rest: 0n },
    { label: "refunded units stay counted (the ledger reverses them)", ordered: 4, current: 2, refunded: 1, lineDiscount: 2280n, total: 2280n, keptDiscount: 1710n, rest: 0n },
    { label: "unedited order: an unallocated order discount stays whole", ordered: 4, current: 4, refunded: 0, lineDiscount: 2280n, total: 3280n, keptDiscount: 2280n, rest: 1000n },
    { label: "4 → 2 units keep half of the unallocated order discount", ordered: 4, current: 2, refunded: 0, lineDiscount: 2280n, total: 3280n, keptDiscount: 1140n, rest: 500n },
    { label: "every unit removed: no order discount left", ordered: 4, current: 0, refunded: 0, lineDiscount: 2280n, total: 3280n, keptDiscount: 0n, rest: 0n },
    { label: "old payload without current quantity: as ordered", ordered: 3, current: undefined, refunded: 0, lineDiscount: 1710n, total: 1710n, keptDiscount: 1710n, rest: 0n },
  ])("$label", ({ ordered, current, refunded, lineDiscount, total, keptDiscount, rest }) => {
    const result = keepEditedOrder([{ line: line("a", 3800n, ordered, lineDiscount), currentQuantity: current, refundedUnits: refunded }], usd(total), [], CURRENCIES);
    expect(result.lineItems[0]?.discountAllocations[0]?.shop.amountMinor ?? 0n).toBe(keptDiscount);
    expect(result.unallocatedOrderDiscount.shop.amountMinor).toBe(rest);
  });

  it("splits the unallocated rest over kept and removed amounts after line discounts, across lines, exactly", () => {
    // Line a: 2 × 10.00 kept of 2; line b: 1 × 30.00 kept of 3 (20.00 removed). Rest 1.00 → kept 30 : removed 20.
    const result = keepEditedOrder([
      { line: line("a", 1000n, 2, 0n), currentQuantity: 2, refundedUnits: 0 },
      { line: line("b", 1000n, 3, 0n), currentQuantity: 1, refundedUnits: 0 },
    ], usd(100n), [], CURRENCIES);
    expect(result.unallocatedOrderDiscount.shop.amountMinor).toBe(60n);
    expect(result.lineItems.map((kept) => kept.quantity)).toEqual([2, 1]);
  });

  it("shipping discounts are part of what Shopify allocated", () => {
    const result = keepEditedOrder([{ line: line("a", 1000n, 1, 0n), currentQuantity: 1, refundedUnits: 0 }], usd(500n), [usd(500n)], CURRENCIES);
    expect(result.unallocatedOrderDiscount.shop.amountMinor).toBe(0n);
  });
});
