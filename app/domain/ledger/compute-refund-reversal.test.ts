import { describe, expect, it } from "vitest";
import { computeRefundReversal } from "./compute-refund-reversal";
import { computeRemainingLineCommission } from "./compute-remaining-line-commission";
import { buildBasis } from "./ledger-test-support";

describe("computeRemainingLineCommission: what the creator keeps of a line", () => {
  it.each([
    { label: "nothing refunded", commission: 500n, quantity: 3, refunded: 0, kept: 500n },
    { label: "1 of 3: 333.33 → 333", commission: 500n, quantity: 3, refunded: 1, kept: 333n },
    { label: "2 of 3: 166.67 → 167", commission: 500n, quantity: 3, refunded: 2, kept: 167n },
    { label: "3 of 3: nothing left", commission: 500n, quantity: 3, refunded: 3, kept: 0n },
    { label: "exact half stays with the creator: ¥15 over 2, 1 refunded → ¥8", commission: 15n, quantity: 2, refunded: 1, kept: 8n },
    { label: "1 minor unit over 3, 1 refunded: 0.67 → 1", commission: 1n, quantity: 3, refunded: 1, kept: 1n },
    { label: "1 minor unit over 3, 2 refunded: 0.33 → 0", commission: 1n, quantity: 3, refunded: 2, kept: 0n },
    { label: "over-refund is capped at the line", commission: 500n, quantity: 3, refunded: 7, kept: 0n },
    { label: "zero-quantity line keeps its (zero) commission", commission: 0n, quantity: 0, refunded: 1, kept: 0n },
  ])("$label", ({ commission, quantity, refunded, kept }) => {
    expect(computeRemainingLineCommission(commission, quantity, refunded)).toBe(kept);
  });
});

describe("computeRefundReversal", () => {
  const basis = buildBasis("USD", [["a", 3, 500n], ["b", 1, 250n]]);

  it.each<{ label: string; items: ReadonlyArray<readonly [string, number]>; before: Record<string, number>; reversed: bigint; notes: number }>([
    { label: "1 of 3 units", items: [["a", 1]], before: {}, reversed: 167n, notes: 0 },
    { label: "the next unit", items: [["a", 1]], before: { a: 1 }, reversed: 166n, notes: 0 },
    { label: "the last unit takes exactly the remainder", items: [["a", 1]], before: { a: 2 }, reversed: 167n, notes: 0 },
    { label: "2 units at once = the two single refunds", items: [["a", 2]], before: {}, reversed: 333n, notes: 0 },
    { label: "two refund lines for the same line item are added", items: [["a", 1], ["a", 1]], before: {}, reversed: 333n, notes: 0 },
    { label: "several lines", items: [["a", 3], ["b", 1]], before: {}, reversed: 750n, notes: 0 },
    { label: "more units than remain: capped, noted", items: [["a", 5]], before: { a: 1 }, reversed: 333n, notes: 1 },
    { label: "a line that earned nothing (gift card): noted", items: [["gift", 1]], before: {}, reversed: 0n, notes: 1 },
  ])("$label", ({ items, before, reversed, notes }) => {
    const result = computeRefundReversal(
      basis,
      items.map(([lineItemId, quantity]) => ({ lineItemId, quantity, subtotal: { amountMinor: 0n, currency: "USD" } })),
      [],
      before,
    );
    expect(result.reversed).toEqual({ amountMinor: reversed, currency: "USD" });
    expect(result.notes).toHaveLength(notes);
  });

  it.each([
    { kind: "shipping_refund", note: "Shipping refund of $5.00: shipping never earned commission." },
    { kind: "refund_discrepancy", note: 'Order adjustment "refund_discrepancy" of $5.00: no items were returned, so no commission is reversed.' },
  ])("order adjustment $kind reverses nothing", ({ kind, note }) => {
    const result = computeRefundReversal(basis, [], [{ kind, amount: { amountMinor: 500n, currency: "USD" } }], {});
    expect(result.reversed.amountMinor).toBe(0n);
    expect(result.notes).toEqual([note]);
  });
});
