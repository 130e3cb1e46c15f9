import { describe, expect, it } from "vitest";
import { applyEvent } from "./apply-event";
import { CommissionStatusError } from "./commission-status-transitions";
import { buildBasis, buildOrderCreated, buildRefund, replayEvents } from "./ledger-test-support";
import type { LedgerEvent } from "./ledger-types";
import { summarizeLedgerEntries } from "./summarize-ledger-entries";

const NOW = new Date("2025-04-01T00:00:00.000Z");
const USD_BASIS = buildBasis("USD", [["a", 3, 500n], ["b", 1, 250n]]);
const approve: LedgerEvent = { type: "commission_approved", eventId: "approve:1" };
const payout = (id: string): LedgerEvent => ({ type: "payout_paid", eventId: `payout:${id}`, payoutId: id });
const cancel = (id = "cancel:1"): LedgerEvent => ({ type: "order_cancelled", eventId: id, cancelledAt: NOW, reason: "customer" });
const edit = (id: string, editedAt: string, lines: ReadonlyArray<readonly [string, number, bigint]>, currency = "USD"): LedgerEvent => ({
  type: "order_edited", eventId: id, editedAt: new Date(editedAt), commission: buildBasis(currency, lines, "rules-v2"),
});

const listEntryRows = (events: readonly LedgerEvent[]) => replayEvents(events).entries.map((entry) => [entry.kind, entry.amount.amountMinor, entry.statusAfter]);

describe("applyEvent: order lifecycle (USD: line a 3 units $5.00, line b 1 unit $2.50)", () => {
  it.each([
    {
      label: "accrual",
      events: [buildOrderCreated(USD_BASIS)],
      rows: [["accrual", 750n, "pending"]], net: 750n, status: "pending",
    },
    {
      label: "partial refund reverses pro rata",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]])],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"]], net: 583n, status: "pending",
    },
    {
      label: "refunding everything piecemeal reverses exactly the accrual",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]]), buildRefund("r2", [["a", 1]]), buildRefund("r3", [["a", 1], ["b", 1]])],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"], ["refund_reversal", -166n, "pending"], ["refund_reversal", -417n, "reversed"]],
      net: 0n, status: "reversed",
    },
    {
      label: "shipping-only refund changes nothing",
      events: [buildOrderCreated(USD_BASIS), { ...buildRefund("r1", []), orderAdjustments: [{ kind: "shipping_refund", amount: { amountMinor: 500n, currency: "USD" } }] }],
      rows: [["accrual", 750n, "pending"]], net: 750n, status: "pending",
    },
    {
      label: "cancellation reverses what remains",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]]), cancel()],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"], ["cancellation", -583n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "a refund after cancellation reverses nothing more",
      events: [buildOrderCreated(USD_BASIS), cancel(), buildRefund("r1", [["a", 3], ["b", 1]])],
      rows: [["accrual", 750n, "pending"], ["cancellation", -750n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "approved commission partially refunded stays approved",
      events: [buildOrderCreated(USD_BASIS), approve, buildRefund("r1", [["b", 1]])],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["refund_reversal", -250n, "approved"]], net: 500n, status: "approved",
    },
    {
      label: "refund after payout is a clawback, recovered by the next payout",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), buildRefund("r1", [["b", 1]]), payout("p2")],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["clawback", -250n, "paid"], ["payout", -250n, "paid"]],
      net: 500n, status: "paid",
    },
    {
      label: "full refund after payout: clawback and reversed",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), buildRefund("r1", [["a", 3], ["b", 1]])],
      rows: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["clawback", -750n, "reversed"]], net: 0n, status: "reversed",
    },
    {
      label: "edit adds a unit: positive adjustment",
      events: [buildOrderCreated(USD_BASIS), edit("edit:1", "2025-03-02T00:00:00Z", [["a", 4, 667n], ["b", 1, 250n]])],
      rows: [["accrual", 750n, "pending"], ["edit_adjustment", 167n, "pending"]], net: 917n, status: "pending",
    },
    {
      label: "edit removes a line: negative adjustment",
      events: [buildOrderCreated(USD_BASIS), edit("edit:1", "2025-03-02T00:00:00Z", [["a", 3, 500n], ["b", 0, 0n]])],
      rows: [["accrual", 750n, "pending"], ["edit_adjustment", -250n, "pending"]], net: 500n, status: "pending",
    },
    {
      label: "edit after a refund: new commission minus current net (refunded units stay refunded)",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]]), edit("edit:1", "2025-03-03T00:00:00Z", [["a", 3, 500n], ["b", 1, 250n], ["c", 2, 300n]])],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"], ["edit_adjustment", 300n, "pending"]], net: 883n, status: "pending",
    },
    {
      label: "an older edit arriving late is ignored",
      events: [buildOrderCreated(USD_BASIS), edit("edit:2", "2025-03-05T00:00:00Z", [["a", 3, 500n]]), edit("edit:1", "2025-03-02T00:00:00Z", [["a", 3, 500n], ["b", 1, 250n], ["c", 1, 999n]])],
      rows: [["accrual", 750n, "pending"], ["edit_adjustment", -250n, "pending"]], net: 500n, status: "pending",
    },
    {
      label: "edit after a full refund brings it back to pending",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 3], ["b", 1]]), edit("edit:1", "2025-03-03T00:00:00Z", [["a", 3, 500n], ["b", 1, 250n], ["c", 1, 100n]])],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -750n, "reversed"], ["edit_adjustment", 100n, "pending"]], net: 100n, status: "pending",
    },
    {
      label: "refund of a line added by an edit that arrives later",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["c", 1]]), edit("edit:1", "2025-03-03T00:00:00Z", [["a", 3, 500n], ["b", 1, 250n], ["c", 2, 300n]])],
      rows: [["accrual", 750n, "pending"], ["edit_adjustment", 150n, "pending"]], net: 900n, status: "pending",
    },
    {
      label: "refund delivered before its order is deferred, then applied",
      events: [buildRefund("r1", [["a", 1]]), buildOrderCreated(USD_BASIS)],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"]], net: 583n, status: "pending",
    },
    {
      label: "the same refund delivered twice counts once",
      events: [buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]]), buildRefund("r1", [["a", 1]])],
      rows: [["accrual", 750n, "pending"], ["refund_reversal", -167n, "pending"]], net: 583n, status: "pending",
    },
    {
      label: "hold and release",
      events: [buildOrderCreated(USD_BASIS), { type: "commission_held", eventId: "hold:1", reason: "chargeback" }, { type: "commission_released", eventId: "release:1" }],
      rows: [["accrual", 750n, "pending"], ["hold", 0n, "on_hold"], ["release", 0n, "pending"]], net: 750n, status: "pending",
    },
    {
      label: "zero-commission order cancelled: a zero row records the reversal",
      events: [buildOrderCreated(buildBasis("USD", [["a", 1, 0n]])), cancel()],
      rows: [["accrual", 0n, "pending"], ["cancellation", 0n, "reversed"]], net: 0n, status: "reversed",
    },
  ] satisfies ReadonlyArray<{ label: string; events: LedgerEvent[]; rows: (string | bigint)[][]; net: bigint; status: string }>)(
    "$label",
    ({ events, rows, net, status }) => {
      const { state, entries } = replayEvents(events);
      expect(listEntryRows(events)).toEqual(rows);
      expect(state?.netMinor).toBe(net);
      expect(state?.status).toBe(status);
      expect(summarizeLedgerEntries(entries, "USD").net.amountMinor).toBe(net);
    },
  );
});

describe("applyEvent: worked examples in JPY and KWD (see app/domain/README.md)", () => {
  it("JPY: ¥1,000 commission on 3 units; refunds of 1, 1, 1 reverse ¥333, ¥334, ¥333", () => {
    const { entries } = replayEvents([
      buildOrderCreated(buildBasis("JPY", [["a", 3, 1000n]])),
      buildRefund("r1", [["a", 1]], "JPY"),
      buildRefund("r2", [["a", 1]], "JPY"),
      buildRefund("r3", [["a", 1]], "JPY"),
    ]);
    expect(entries.map((entry) => entry.amount.amountMinor)).toEqual([1000n, -333n, -334n, -333n]);
  });

  it("KWD: 1.852 commission on 2 units; refunding 1 reverses 0.926 and keeps 0.926", () => {
    const { entries, state } = replayEvents([buildOrderCreated(buildBasis("KWD", [["a", 2, 1852n]])), buildRefund("r1", [["a", 1]], "KWD")]);
    expect(entries.map((entry) => entry.amount)).toEqual([{ amountMinor: 1852n, currency: "KWD" }, { amountMinor: -926n, currency: "KWD" }]);
    expect(state?.netMinor).toBe(926n);
  });

  it("KWD: 0.005 on 2 units; the half fils stays with the creator (keeps 0.003, reverses 0.002)", () => {
    const { entries } = replayEvents([buildOrderCreated(buildBasis("KWD", [["a", 2, 5n]])), buildRefund("r1", [["a", 1]], "KWD")]);
    expect(entries.map((entry) => entry.amount.amountMinor)).toEqual([5n, -2n]);
  });
});

describe("applyEvent: outcomes", () => {
  it("ignores test orders unless opted in", () => {
    expect(applyEvent(null, buildOrderCreated(USD_BASIS, { test: true }), NOW).outcome).toBe("ignored");
    expect(applyEvent(null, buildOrderCreated(USD_BASIS, { test: true }), NOW, { includeTestOrders: true }).outcome).toBe("applied");
  });

  it("defers order events that arrive before the order, returning the event to store", () => {
    const refund = buildRefund("r1", [["a", 1]]);
    expect(applyEvent(null, refund, NOW)).toMatchObject({ outcome: "deferred", state: null, entries: [], event: refund });
  });

  it("returns duplicate for an event id already applied", () => {
    const created = applyEvent(null, buildOrderCreated(USD_BASIS), NOW);
    expect(applyEvent(created.state, buildOrderCreated(USD_BASIS), NOW).outcome).toBe("duplicate");
  });

  it("ignores a second order_created with another id", () => {
    const created = applyEvent(null, buildOrderCreated(USD_BASIS), NOW);
    expect(applyEvent(created.state, buildOrderCreated(USD_BASIS, { eventId: "order:1:again" }), NOW).outcome).toBe("ignored");
  });

  it("describes a refund in words", () => {
    const { entries } = replayEvents([buildOrderCreated(USD_BASIS), buildRefund("r1", [["a", 1]])]);
    expect(entries[1]?.description).toBe("Refund r1: 1 of 3 × line a (−$1.67).");
  });

  it.each([
    { label: "approve a paid commission", events: [buildOrderCreated(USD_BASIS), approve, payout("p1")], next: { type: "commission_approved", eventId: "approve:2" } as LedgerEvent, message: /A paid commission cannot become approved/ },
    { label: "pay a pending commission", events: [buildOrderCreated(USD_BASIS)], next: payout("p1"), message: /it is pending; only approved commissions are paid/ },
    { label: "release a commission that is not on hold", events: [buildOrderCreated(USD_BASIS)], next: { type: "commission_released", eventId: "release:1" } as LedgerEvent, message: /not on_hold/ },
    { label: "hold a reversed commission", events: [buildOrderCreated(USD_BASIS), cancel()], next: { type: "commission_held", eventId: "hold:1", reason: "x" } as LedgerEvent, message: /A reversed commission cannot become on_hold/ },
  ])("refuses to $label", ({ events, next, message }) => {
    const { state } = replayEvents(events);
    expect(() => applyEvent(state, next, NOW)).toThrow(CommissionStatusError);
    expect(() => applyEvent(state, next, NOW)).toThrow(message);
  });

  it("refuses an edit in another currency", () => {
    const { state } = replayEvents([buildOrderCreated(USD_BASIS)]);
    expect(() => applyEvent(state, edit("edit:1", "2025-03-02T00:00:00Z", [["a", 3, 500n]], "EUR"), NOW)).toThrow(/accrued in USD/);
  });
});
