import { describe, expect, it } from "vitest";
import { createMoney } from "../money";
import type { CommissionLineItem } from "./commission-types";
import { countRefundedUnits } from "./count-refunded-units";
import { keepEditedUnits } from "./keep-edited-units";

const usd = (minor: bigint) => ({ shop: createMoney(minor, "USD"), presentment: createMoney(minor, "USD") });
const ordered = (quantity: number): CommissionLineItem => ({
  lineItemId: "gid://shopify/LineItem/1", productId: null, collectionIds: [], quantity,
  unitPrice: usd(1000n), discountAllocations: [usd(300n)], taxLines: [], giftCard: false, tip: false,
});

describe("keepEditedUnits", () => {
  it.each([
    { label: "no current quantity (old payload): as ordered", current: undefined, refunded: 0, quantity: 3, discount: 300n },
    { label: "nothing edited or refunded", current: 3, refunded: 0, quantity: 3, discount: 300n },
    { label: "one refunded: still counted (the ledger reverses it)", current: 2, refunded: 1, quantity: 3, discount: 300n },
    { label: "one removed by an edit: two kept, discount scaled to them", current: 2, refunded: 0, quantity: 2, discount: 200n },
    { label: "one removed and one refunded", current: 1, refunded: 1, quantity: 2, discount: 200n },
    { label: "inconsistent counts never exceed what was ordered", current: 3, refunded: 2, quantity: 3, discount: 300n },
  ])("$label", ({ current, refunded, quantity, discount }) => {
    const kept = keepEditedUnits(ordered(3), current, refunded);
    expect(kept.quantity).toBe(quantity);
    expect(kept.discountAllocations[0]?.shop.amountMinor).toBe(discount);
  });
});

describe("countRefundedUnits", () => {
  it("adds each line's units over every refund", () => {
    const units = countRefundedUnits([
      { refundLineItems: [{ lineItemId: "a", quantity: 1 }, { lineItemId: "b", quantity: 2 }] },
      { refundLineItems: [{ lineItemId: "a", quantity: 2 }] },
    ]);
    expect(Object.fromEntries(units)).toEqual({ a: 3, b: 2 });
  });
});
