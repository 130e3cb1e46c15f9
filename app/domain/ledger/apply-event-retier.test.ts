import { describe, expect, it } from "vitest";
import { buildBasis, buildOrderCreated, buildRefund, replayEvents } from "./ledger-test-support";
import type { LedgerEvent } from "./ledger-types";
import { summarizeLedgerEntries } from "./summarize-ledger-entries";

/*
 * order_retiered: an order placed earlier in the tier period arrived later, so the basis in force is re-priced at
 * the new tier. The difference is a tier_adjustment row; refunds, cancellation and manual reversals stay facts on
 * top; money paid stays paid; the basis keeps the time it was decided, so newer edits still replace it.
 */
const NOW = new Date("2025-04-01T00:00:00.000Z");
/** Line a: 3 units, $5.00 at 10 %; at 20 % it would be $10.00. Line b: a product rate, unchanged by tiers. */
const AT_10 = buildBasis("USD", [["a", 3, 500n], ["b", 1, 250n]]);
const AT_20 = buildBasis("USD", [["a", 3, 1000n], ["b", 1, 250n]]);
const retier = (id: string, basis = AT_20): LedgerEvent => ({ type: "order_retiered", eventId: `retier:${id}`, commission: basis, reason: `Order ${id} arrived late.` });
const approve: LedgerEvent = { type: "commission_approved", eventId: "approve:1" };
const payout = (id: string): LedgerEvent => ({ type: "payout_paid", eventId: `payout:${id}`, payoutId: id });
const cancel: LedgerEvent = { type: "order_cancelled", eventId: "cancel:1", cancelledAt: NOW, reason: "customer" };
const edit = (id: string, editedAt: string, lines: ReadonlyArray<readonly [string, number, bigint]>): LedgerEvent => ({
  type: "order_edited", eventId: id, editedAt: new Date(editedAt), commission: buildBasis("USD", lines, "rules-v2"),
});

describe("applyEvent: order_retiered", () => {
  it.each([
    {
      label: "pending: the increase is a tier_adjustment row, still pending",
      events: [buildOrderCreated(AT_10), retier("e1")],
      rows: [["accrual", 750n, "pending"], ["tier_adjustment", 500n, "pending"]], net: 1250n, paid: 0n, status: "pending",
    },
    {
      label: "approved: a new row on top, the approval stands (the holding period counts from the order, which has passed)",
      events: [buildOrderCreated(AT_10), approve, retier("e1")],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["tier_adjustment", 500n, "approved"]], net: 1250n, paid: 0n, status: "approved",
    },
    {
      label: "paid: the paid row is untouched; the increase is owed on top and paid by the next payout",
      events: [buildOrderCreated(AT_10), approve, payout("p1"), retier("e1"), payout("p2")],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["tier_adjustment", 500n, "paid"], ["payout", 500n, "paid"]],
      net: 1250n, paid: 1250n, status: "paid",
    },
    {
      label: "refunds are facts: a unit refunded before the re-tier keeps being refunded at the new tier",
      events: [buildOrderCreated(AT_10), buildRefund("r1", [["a", 1]]), retier("e1")],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"], ["tier_adjustment", 334n, "pending"]], net: 917n, paid: 0n, status: "pending",
    },
    {
      label: "the same refund after the re-tier ends at the same net",
      events: [buildOrderCreated(AT_10), retier("e1"), buildRefund("r1", [["a", 1]])],
      rows: [["accrual", 750n, "pending"], ["tier_adjustment", 500n, "pending"], ["refund_reversal", -333n, "pending"]], net: 917n, paid: 0n, status: "pending",
    },
    {
      label: "a cancelled order stays at zero: nothing to re-tier",
      events: [buildOrderCreated(AT_10), cancel, retier("e1")],
      rows: [["accrual", 750n, "pending"], ["cancellation", -750n, "reversed"]], net: 0n, paid: 0n, status: "reversed",
    },
    {
      label: "delivered twice: the second is a duplicate",
      events: [buildOrderCreated(AT_10), retier("e1"), retier("e1")],
      rows: [["accrual", 750n, "pending"], ["tier_adjustment", 500n, "pending"]], net: 1250n, paid: 0n, status: "pending",
    },
    {
      label: "an edit newer than the basis still replaces it (the edit was priced at the tier in force when it came)",
      events: [buildOrderCreated(AT_10), retier("e1"), edit("edit:1", "2025-03-05T00:00:00Z", [["a", 2, 667n], ["b", 1, 250n]])],
      rows: [["accrual", 750n, "pending"], ["tier_adjustment", 500n, "pending"], ["edit_adjustment", -333n, "pending"]], net: 917n, paid: 0n, status: "pending",
    },
    {
      label: "an edit older than the basis in force is still ignored after a re-tier",
      events: [buildOrderCreated(AT_10), edit("edit:2", "2025-03-06T00:00:00Z", [["a", 2, 333n]]), retier("e1", buildBasis("USD", [["a", 2, 667n]])), edit("edit:1", "2025-03-05T00:00:00Z", [["a", 3, 1n]])],
      rows: [["accrual", 750n, "pending"], ["edit_adjustment", -417n, "pending"], ["tier_adjustment", 334n, "pending"]], net: 667n, paid: 0n, status: "pending",
    },
  ])("$label", ({ events, rows, net, paid, status }) => {
    const { state, entries } = replayEvents(events, NOW);
    expect(entries.map((entry) => [entry.kind, entry.amount.amountMinor, entry.statusAfter])).toEqual(rows);
    expect({ net: state?.netMinor, paid: state?.paidMinor, status: state?.status }).toEqual({ net, paid, status });
    // tier_adjustment rows count toward the net like every commission row.
    expect(summarizeLedgerEntries(entries, "USD").net.amountMinor).toBe(net);
  });

  it("before its order is recorded, a re-tier is deferred like any order event", () => {
    expect(replayEvents([retier("e1")]).deferred).toHaveLength(1);
  });

  it("refuses a re-tier in another currency", () => {
    expect(() => replayEvents([buildOrderCreated(AT_10), retier("e1", buildBasis("EUR", [["a", 3, 1000n]]))])).toThrow(/EUR/);
  });
});
