import { describe, expect, it } from "vitest";
import { canTransition } from "./commission-status-transitions";
import { buildBasis, buildOrderCreated, buildRefund, replayEvents } from "./ledger-test-support";
import type { LedgerEvent } from "./ledger-types";

const USD_BASIS = buildBasis("USD", [["a", 3, 500n], ["b", 1, 250n]]);
const approve: LedgerEvent = { type: "commission_approved", eventId: "approve:1" };
const payout = (id: string): LedgerEvent => ({ type: "payout_paid", eventId: `payout:${id}`, payoutId: id });
const voidPayout = (id: string, amountMinor: bigint): LedgerEvent => ({
  type: "payout_voided", eventId: `payout_void:${id}`, payoutId: id, amount: { amountMinor, currency: "USD" }, reason: "Paid the wrong creator",
});
const rows = (events: readonly LedgerEvent[]) => replayEvents(events).entries.map((entry) => [entry.kind, entry.amount.amountMinor, entry.statusAfter]);

describe("applyEvent: payout_voided (a mistaken payout is taken back, append-only)", () => {
  it("the transition table lets a paid commission become approved again (only through a void)", () => {
    expect(canTransition("paid", "approved")).toBe(true);
  });

  it.each([
    {
      label: "voiding the only payout makes the commission approved and owed again, exactly",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), voidPayout("p1", 750n)],
      expected: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["payout", -750n, "approved"]],
      status: "approved", owed: 750n,
    },
    {
      label: "voiding a payout that recovered a clawback puts the clawback back (still paid)",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), buildRefund("r1", [["b", 1]]), payout("p2"), voidPayout("p2", -250n)],
      expected: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["clawback", -250n, "paid"], ["payout", -250n, "paid"], ["payout", 250n, "paid"]],
      status: "paid", owed: -250n,
    },
    {
      label: "voiding a payout of a commission refunded in full afterwards leaves nothing owed and it stays reversed",
      events: [buildOrderCreated(USD_BASIS), approve, payout("p1"), buildRefund("r1", [["a", 3], ["b", 1]]), voidPayout("p1", 750n)],
      expected: [["accrual", 750n, "pending"], ["approval", 0n, "approved"], ["payout", 750n, "paid"], ["clawback", -750n, "reversed"], ["payout", -750n, "reversed"]],
      status: "reversed", owed: 0n,
    },
  ])("$label", ({ events, expected, status, owed }) => {
    const { state } = replayEvents(events);
    expect(rows(events)).toEqual(expected);
    expect(state?.status).toBe(status);
    expect((state?.netMinor ?? 0n) - (state?.paidMinor ?? 0n)).toBe(owed);
  });

  it("the same void applied twice appends nothing the second time", () => {
    const events = [buildOrderCreated(USD_BASIS), approve, payout("p1"), voidPayout("p1", 750n), voidPayout("p1", 750n)];
    expect(rows(events)).toHaveLength(4);
  });

  it("refuses to void more than was paid", () => {
    expect(() => replayEvents([buildOrderCreated(USD_BASIS), approve, payout("p1"), voidPayout("p1", 751n)])).toThrow(/only \$7\.50 was paid/);
  });
});
