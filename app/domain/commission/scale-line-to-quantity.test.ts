import { describe, expect, it } from "vitest";
import { createMoney } from "../money";
import type { CommissionLineItem, MoneyPair } from "./commission-types";
import { scaleLineToQuantity } from "./scale-line-to-quantity";

function pair(shopMinor: bigint, currency: string, presentmentMinor = shopMinor, presentmentCurrency = currency): MoneyPair {
  return { shop: createMoney(shopMinor, currency), presentment: createMoney(presentmentMinor, presentmentCurrency) };
}

function line(quantity: number, discount: MoneyPair[], tax: MoneyPair[] = []): CommissionLineItem {
  return {
    lineItemId: "gid://shopify/LineItem/1",
    productId: null,
    collectionIds: [],
    quantity,
    unitPrice: pair(1000n, "USD"),
    discountAllocations: discount,
    taxLines: tax,
    giftCard: false,
    tip: false,
  };
}

describe("scaleLineToQuantity", () => {
  it.each([
    { label: "nothing removed keeps the amounts as they are", kept: 3, ordered: 3, discount: 300n, expected: 300n },
    { label: "one of three removed keeps two thirds", kept: 2, ordered: 3, discount: 300n, expected: 200n },
    { label: "an uneven split gives the kept units the larger remainder first", kept: 1, ordered: 2, discount: 101n, expected: 51n },
    { label: "everything removed keeps nothing", kept: 0, ordered: 4, discount: 400n, expected: 0n },
    { label: "one of three, 100 cents: 33 kept (67 went with the removed units)", kept: 1, ordered: 3, discount: 100n, expected: 33n },
  ])("$label", ({ kept, ordered, discount, expected }) => {
    const scaled = scaleLineToQuantity(line(kept, [pair(discount, "USD")]), ordered);
    expect(scaled.discountAllocations[0]?.shop.amountMinor).toBe(expected);
  });

  it("scales shop and presentment money separately, each exact in its currency (USD shop, JPY buyer)", () => {
    const scaled = scaleLineToQuantity(line(1, [pair(99n, "USD", 151n, "JPY")], [pair(7n, "USD", 11n, "JPY")]), 2);
    expect(scaled.discountAllocations[0]).toEqual(pair(50n, "USD", 76n, "JPY"));
    expect(scaled.taxLines[0]).toEqual(pair(4n, "USD", 6n, "JPY"));
  });

  it("keeps the kept and removed shares summing to the original (KWD, three decimals)", () => {
    const original = 1001n;
    const kept = scaleLineToQuantity({ ...line(2, [pair(original, "KWD")]), unitPrice: pair(5000n, "KWD") }, 7);
    const removed = scaleLineToQuantity({ ...line(5, [pair(original, "KWD")]), unitPrice: pair(5000n, "KWD") }, 7);
    expect(kept.discountAllocations[0]!.shop.amountMinor + removed.discountAllocations[0]!.shop.amountMinor).toBe(original);
  });

  it.each([
    { label: "more units kept than ordered", kept: 4, ordered: 3, message: /4 units kept but only 3 ordered/ },
    { label: "a fractional ordered quantity", kept: 1, ordered: 1.5, message: /not a whole number/ },
  ])("refuses $label", ({ kept, ordered, message }) => {
    expect(() => scaleLineToQuantity(line(kept, []), ordered)).toThrow(message);
  });
});
