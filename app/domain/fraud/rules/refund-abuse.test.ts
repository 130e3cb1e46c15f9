import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import type { WindowOrder } from "../fraud-types";
import { creatorHistory, historyInput, NOW, PROGRAM, windowOrder } from "./fraud-test-fixtures";
import { refundAbuseRule } from "./refund-abuse";

const settings = DEFAULT_FRAUD_SETTINGS.refund_abuse;

function ordersWith(total: number, refunded: number, cancelled: number, day = "2026-11-20"): WindowOrder[] {
  return Array.from({ length: total }, (_, i) => windowOrder({ day, refunded: i < refunded, cancelled: i >= refunded && i < refunded + cancelled }));
}

describe("refund_abuse", () => {
  it("hit: 9 of 20 refunded or cancelled against a program rate of 8 %", () => {
    const anna = creatorHistory({ windowOrders: ordersWith(20, 7, 2) });
    const [verdict, ...rest] = refundAbuseRule.evaluate(historyInput([anna]), settings, NOW);
    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({ rule: "refund_abuse", creatorId: "anna", severity: "medium", patternKey: "refund_rate", holdScope: "orders" });
    expect(verdict?.summary).toBe("9 of 20 orders from Anna in the last 60 days (45 %) were refunded (7) or cancelled (2); the program's rate is 8 % (flag above 30 %).");
    expect(verdict?.orderIds).toHaveLength(20);
    expect(verdict?.evidence.orders).toHaveLength(9);
    expect(verdict?.evidence.compared).toEqual([{ metric: "Refunded or cancelled share", observed: 0.45, baseline: 0.08, threshold: 0.3, unit: "share" }]);
  });

  it("hit, high: a refund ring (15 of 16)", () => {
    const [verdict] = refundAbuseRule.evaluate(historyInput([creatorHistory({ windowOrders: ordersWith(16, 15, 0) })]), settings, NOW);
    expect(verdict?.severity).toBe("high");
  });

  it("the program's rate × 3 is the bar when it is above the minimum rate", () => {
    const program = { ...PROGRAM, refundRate: 0.12, cancelRate: 0.03 };
    // bar = 45 %: 9 of 20 is a near miss, 10 of 20 a hit.
    expect(refundAbuseRule.evaluate(historyInput([creatorHistory({ windowOrders: ordersWith(20, 9, 0) })], { program }), settings, NOW)).toEqual([]);
    expect(refundAbuseRule.evaluate(historyInput([creatorHistory({ windowOrders: ordersWith(20, 10, 0) })], { program }), settings, NOW)).toHaveLength(1);
  });

  it.each([
    { label: "one order fewer than the minimum", orders: ordersWith(14, 10, 0) },
    { label: "rate at the bar (6 of 20 = 30 %)", orders: ordersWith(20, 4, 2) },
    { label: "refunds outside the window", orders: ordersWith(20, 15, 0, "2026-09-01") },
  ])("near miss: $label", ({ orders }) => {
    expect(refundAbuseRule.evaluate(historyInput([creatorHistory({ windowOrders: orders })]), settings, NOW)).toEqual([]);
  });
});
