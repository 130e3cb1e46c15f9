import { describe, expect, it } from "vitest";
import type { CommissionLineItem, CommissionOrder } from "./commission-types";
import { createMoney } from "../money";
import { applyOrderContext } from "./apply-order-context";

const usd = (minor: bigint) => ({ shop: createMoney(minor, "USD"), presentment: createMoney(minor, "USD") });
const line = (id: string, productId: string | null): CommissionLineItem => ({
  lineItemId: id, productId, collectionIds: [], quantity: 1, unitPrice: usd(1000n), discountAllocations: [], taxLines: [], giftCard: false, tip: false,
});
const order: CommissionOrder = {
  orderId: "gid://shopify/Order/1", shopCurrency: "USD", presentmentCurrency: "USD", taxesIncluded: false,
  lineItems: [line("a", "gid://shopify/Product/1"), line("b", "gid://shopify/Product/2"), line("c", null)],
  unallocatedOrderDiscount: usd(0n), customerPreviousOrderCount: null,
};

describe("applyOrderContext", () => {
  it.each([
    { label: "no context leaves the order as the webhook said", context: {}, collections: [[], [], []], previous: null },
    { label: "a known history replaces the unknown one", context: { customerPreviousOrderCount: 2 }, collections: [[], [], []], previous: 2 },
    {
      label: "collections go to the lines of their product; custom items and unknown products get none",
      context: { collectionIdsByProductId: { "gid://shopify/Product/1": ["gid://shopify/Collection/9"] } },
      collections: [["gid://shopify/Collection/9"], [], []],
      previous: null,
    },
  ])("$label", ({ context, collections, previous }) => {
    const result = applyOrderContext(order, context);
    expect(result.lineItems.map((item) => item.collectionIds)).toEqual(collections);
    expect(result.customerPreviousOrderCount).toBe(previous);
  });
});
