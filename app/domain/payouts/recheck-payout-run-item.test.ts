import { describe, expect, it } from "vitest";
import type { CommissionStatus } from "../ledger";
import { recheckPayoutRunItem, type ApprovalCandidate } from "./recheck-payout-run-item";

const commission = (id: string, status: CommissionStatus, netMinor: bigint, day: number, paidMinor = 0n): ApprovalCandidate => ({
  id, status, currency: "USD", netMinor, paidMinor, orderCreatedAt: new Date(Date.UTC(2026, 10, day)),
});

describe("recheckPayoutRunItem", () => {
  it("pays the plan when nothing changed", () => {
    const result = recheckPayoutRunItem([commission("a", "approved", 500n, 1), commission("b", "approved", 300n, 2)], "USD", 0n, 800n);
    expect(result).toMatchObject({ pay: true, amountMinor: 800n, note: null });
  });

  it("pays what is owed now when it fell (a refund after the plan), never the previewed amount", () => {
    const result = recheckPayoutRunItem([commission("a", "approved", 500n, 1), commission("c", "reversed", 0n, 2, 200n)], "USD", 0n, 500n);
    expect(result).toMatchObject({ pay: true, amountMinor: 300n, clawbackMinor: 200n, note: expect.stringMatching(/fell from \$5\.00 to \$3\.00/) as unknown });
  });

  it("pays no more than previewed when more was approved since: the oldest orders first, the rest waits", () => {
    const result = recheckPayoutRunItem(
      [commission("new", "approved", 400n, 20), commission("old", "approved", 500n, 1), commission("mid", "approved", 300n, 10)], "USD", 0n, 800n,
    );
    if (!result.pay) throw new Error("expected a payment");
    expect(result.paid.map((line) => line.commissionId)).toEqual(["old", "mid"]);
    expect(result.amountMinor).toBe(800n);
    expect(result.note).toMatch(/More was approved since the plan \(\$12\.00 owed now\); paid \$8\.00/);
  });

  it("recovers every clawback even when fitting under the preview", () => {
    const result = recheckPayoutRunItem([commission("a", "approved", 500n, 1), commission("b", "approved", 500n, 2), commission("c", "paid", 0n, 3, 100n)], "USD", 0n, 400n);
    if (!result.pay) throw new Error("expected a payment");
    expect(result.recovered).toEqual([{ commissionId: "c", amountMinor: -100n }]);
    expect(result.paid.map((line) => line.commissionId)).toEqual(["a"]);
    expect(result.amountMinor).toBe(400n);
  });

  it("leaves the item out when nothing payable is left (all paid by a manual payout meanwhile)", () => {
    const result = recheckPayoutRunItem([commission("a", "paid", 500n, 1, 500n)], "USD", 0n, 500n);
    expect(result).toEqual({ pay: false, reason: "Left out at approval: Nothing approved is owed." });
  });

  it("leaves the item out when what is owed now is below the minimum", () => {
    const result = recheckPayoutRunItem([commission("a", "approved", 900n, 1)], "USD", 1000n, 1500n);
    expect(result).toMatchObject({ pay: false, reason: expect.stringMatching(/^Left out at approval: \$9\.00 is below the minimum/) as unknown });
  });
});
