import { describe, expect, it } from "vitest";
import { applyEvent } from "./apply-event";
import { CommissionReversalError } from "./commission-reversal-error";
import { buildBasis, buildOrderCreated, buildRefund, replayEvents } from "./ledger-test-support";
import type { LedgerEvent } from "./ledger-types";
import { summarizeLedgerEntries } from "./summarize-ledger-entries";

const USD_BASIS = buildBasis("USD", [["a", 3, 500n], ["b", 1, 250n]]);
const approve: LedgerEvent = { type: "commission_approved", eventId: "approve:1" };
const payout = (id: string): LedgerEvent => ({ type: "payout_paid", eventId: `payout:${id}`, payoutId: id });
const reverse = (id: string, amountMinor: bigint | null, currency = "USD"): LedgerEvent => ({
  type: "commission_reversed", eventId: `reverse:${id}`, amount: amountMinor === null ? null : { amountMinor, currency }, reason: "fraud",
});
const edit = (id: string, editedAt: string, lines: ReadonlyArray<readonly [string, number, bigint]>): LedgerEvent => ({
  type: "order_edited", eventId: id, editedAt: new Date(editedAt), commission: buildBasis("USD", lines, "rules-v2"),
});

describe("applyEvent: manual reversal (USD: line a 3 units $5.00, line b 1 unit $2.50 = $7.50)", () => {
  it.each([
    {
      label: "partial reversal keeps the status",
      events: [buildOrderCreated(USD_BASIS), reverse("1", 200n)],
      rows: [["accrual", 750n, "pending"], ["manual_reversal", -200n, "pending"]], net: 550n, status: "pending",
    },
    {
      label: "full reversal (amount null) reverses what remains and marks it reversed",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["b", 1]]), reverse("1", null)],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -250n, "pending"], ["manual_reversal", -500n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "partial reversals adding up to everything reach reversed",
      events: [buildOrderCreated(USD_BASIS), reverse("1", 300n), reverse("2", 450n)],
      rows: [["accrual", 750n, "pending"], ["manual_reversal", -300n, "pending"], ["manual_reversal", -450n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "reversal after payout is a clawback, recovered by the next payout",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), reverse("1", 300n), payout("p2")],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["clawback", -300n, "paid"], ["payout", -300n, "paid"]],
      net: 450n, status: "paid",
    },
    {
      label: "full reversal after payout: all clawback, reversed",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), reverse("1", null)],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["clawback", -750n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "a refund after a reversal only takes what is left (never below zero)",
      events: [buildOrderCreated(USD_BASIS), reverse("1", 600n), buildRefund("r1", [["a", 3]])],
      rows: [["accrual", 750n, "pending"], ["manual_reversal", -600n, "pending"], ["refund_reversal", -150n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "the same reversal twice counts once",
      events: [buildOrderCreated(USD_BASIS), reverse("1", 100n), reverse("1", 100n)],
      rows: [["accrual", 750n, "pending"], ["manual_reversal", -100n, "pending"]], net: 650n, status: "pending",
    },
    {
      label: "reversing a reversed commission changes nothing",
      events: [buildOrderCreated(USD_BASIS), reverse("1", null), reverse("2", null)],
      rows: [["accrual", 750n, "pending"], ["manual_reversal", -750n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "an edit adding an item still subtracts what was reversed by hand",
      events: [buildOrderCreated(USD_BASIS), reverse("1", 200n), edit("edit:1", "2025-03-02T00:00:00Z", [["a", 3, 500n], ["b", 1, 250n], ["c", 1, 100n]])],
      rows: [["accrual", 750n, "pending"], ["manual_reversal", -200n, "pending"], ["edit_adjustment", 100n, "pending"]], net: 650n, status: "pending",
    },
    {
      label: "on hold commission can be reversed",
      events: [buildOrderCreated(USD_BASIS), { type: "commission_held", eventId: "hold:1", reason: "chargeback" }, reverse("1", null)],
      rows: [["accrual", 750n, "pending"], ["hold", 0n, "on_hold"], ["manual_reversal", -750n, "reversed"]], net: 0n, status: "reversed",
    },
  ] satisfies ReadonlyArray<{ label: string; events: LedgerEvent[]; rows: (string | bigint)[][]; net: bigint; status: string }>)(
    "$label",
    ({ events, rows, net, status }) => {
      const { state, entries } = replayEvents(events);
      expect(entries.map((entry) => [entry.kind, entry.amount.amountMinor, entry.statusAfter])).toEqual(rows);
      expect(state?.netMinor).toBe(net);
      expect(state?.status).toBe(status);
      expect(summarizeLedgerEntries(entries, "USD").net.amountMinor).toBe(net);
    },
  );

  it("ends at the same net whichever comes first, the refund or the reversal", () => {
    const refundFirst = replayEvents([buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]]), reverse("1", 400n)]);
    const reversalFirst = replayEvents([buildOrderCreated(USD_BASIS), reverse("1", 400n), buildRefund("r1", [["a", 1]])]);
    expect(refundFirst.state?.netMinor).toBe(183n);
    expect(reversalFirst.state?.netMinor).toBe(183n);
  });

  it.each([
    { label: "more than remains", event: reverse("x", 751n), message: /only \$7\.50 remains/ },
    { label: "zero", event: reverse("x", 0n), message: /more than zero/ },
    { label: "another currency", event: reverse("x", 100n, "EUR"), message: /in USD; the reversal is in EUR/ },
  ])("refuses a reversal of $label", ({ event, message }) => {
    const { state } = replayEvents([buildOrderCreated(USD_BASIS)]);
    expect(() => applyEvent(state, event, new Date())).toThrow(CommissionReversalError);
    expect(() => applyEvent(state, event, new Date())).toThrow(message);
  });

  it("keeps working on a state stored before manual reversals existed (no manualReversedMinor)", () => {
    const { state } = replayEvents([buildOrderCreated(USD_BASIS)]);
    if (state === null) throw new Error("no state");
    const { manualReversedMinor: _dropped, ...legacy } = state;
    const result = applyEvent(legacy, buildRefund("r1", [["b", 1]]), new Date());
    expect(result.state?.netMinor).toBe(500n);
  });
});
