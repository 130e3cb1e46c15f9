import { describe, expect, it } from "vitest";
import { checkApprovability, isApprovable } from "./is-approvable";
import type { CommissionStatus } from "./ledger-types";

const ORDER_AT = new Date("2025-03-01T10:00:00.000Z");
const addDaysToOrder = (days: number, extraMs = 0) => new Date(ORDER_AT.getTime() + days * 86_400_000 + extraMs);

describe("isApprovable (holding period counted from the order, not from refunds)", () => {
  it.each([
    { label: "pending, 30 days passed exactly", status: "pending", net: 100n, now: addDaysToOrder(30), approvable: true, reason: /has passed/ },
    { label: "pending, one millisecond short", status: "pending", net: 100n, now: addDaysToOrder(30, -1), approvable: false, reason: /holding period until 2025-03-31/ },
    { label: "pending, zero commission", status: "pending", net: 0n, now: addDaysToOrder(40), approvable: false, reason: /nothing to approve/ },
    { label: "on hold", status: "on_hold", net: 100n, now: addDaysToOrder(40), approvable: false, reason: /on hold: chargeback/ },
    { label: "already approved", status: "approved", net: 100n, now: addDaysToOrder(40), approvable: false, reason: /already approved/ },
    { label: "reversed", status: "reversed", net: 0n, now: addDaysToOrder(40), approvable: false, reason: /already reversed/ },
  ])("$label", ({ status, net, now, approvable, reason }) => {
    const commission = { status: status as CommissionStatus, orderCreatedAt: ORDER_AT, netMinor: net, holdReason: "chargeback" };
    expect(isApprovable(commission, now, 30)).toBe(approvable);
    expect(checkApprovability(commission, now, 30).reason).toMatch(reason);
  });

  it("a zero-day holding period approves at once", () => {
    expect(isApprovable({ status: "pending", orderCreatedAt: ORDER_AT, netMinor: 1n, holdReason: null }, ORDER_AT, 0)).toBe(true);
  });

  it("refuses a negative holding period", () => {
    expect(() => isApprovable({ status: "pending", orderCreatedAt: ORDER_AT, netMinor: 1n, holdReason: null }, ORDER_AT, -1)).toThrow(/whole number of days/);
  });
});
