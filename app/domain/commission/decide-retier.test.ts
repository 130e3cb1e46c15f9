import { describe, expect, it } from "vitest";
import { createMoney, createRateFromBasisPoints } from "../money";
import type { CommissionTier } from "./commission-types";
import { decidePeriodTiers } from "./decide-period-tiers";
import { countsTowardTier, decideRetier, type RecordedTierPricing } from "./decide-retier";

const yen = (minor: bigint) => createMoney(minor, "JPY");
const tier = (minimum: bigint, basisPoints: bigint): CommissionTier => ({ minimumRevenue: yen(minimum), rate: createRateFromBasisPoints(basisPoints) });
/** 10 % from ¥0, 20 % from ¥10,000, 30 % from ¥50,000. */
const TIERS = [tier(0n, 1000n), tier(10_000n, 2000n), tier(50_000n, 3000n)];
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour));

describe("decidePeriodTiers: each order's tier from the revenue of the orders placed strictly before it", () => {
  it.each([
    {
      label: "three orders crossing ¥10,000: the crossing order stays at the lower tier, the next one moves up",
      orders: [["a", 2, 6000n], ["b", 3, 6000n], ["c", 4, 6000n]] as const,
      expected: { a: [0n, 0n], b: [6000n, 0n], c: [12_000n, 10_000n] },
    },
    {
      label: "the answer does not depend on the order the orders are listed (recorded) in",
      orders: [["c", 4, 6000n], ["a", 2, 6000n], ["b", 3, 6000n]] as const,
      expected: { a: [0n, 0n], b: [6000n, 0n], c: [12_000n, 10_000n] },
    },
    {
      label: "orders placed at the same instant do not count each other",
      orders: [["a", 2, 20_000n], ["b", 2, 20_000n], ["c", 3, 1n]] as const,
      expected: { a: [0n, 0n], b: [0n, 0n], c: [40_000n, 10_000n] },
    },
    {
      label: "a big early order lifts every later one",
      orders: [["late", 9, 100n], ["early", 1, 60_000n]] as const,
      expected: { early: [0n, 0n], late: [60_000n, 50_000n] },
    },
  ])("$label", ({ orders, expected }) => {
    const decisions = decidePeriodTiers(orders.map(([orderId, day, revenue]) => ({ orderId, placedAt: at(day), revenue: yen(revenue) })), TIERS, "JPY");
    const summary = Object.fromEntries([...decisions].map(([orderId, decision]) => [orderId, [decision.revenueBeforeOrder.amountMinor, decision.tier?.minimumRevenue.amountMinor ?? null]]));
    expect(summary).toEqual(expected);
  });

  it("no tier when the first tier starts above the revenue", () => {
    const decisions = decidePeriodTiers([{ orderId: "a", placedAt: at(1), revenue: yen(5n) }], [tier(1000n, 1000n)], "JPY");
    expect(decisions.get("a")?.tier).toBeNull();
  });

  it("refuses revenue in another currency and an order listed twice", () => {
    expect(() => decidePeriodTiers([{ orderId: "a", placedAt: at(1), revenue: createMoney(5n, "USD") }], TIERS, "JPY")).toThrow(/USD/);
    const once = { orderId: "a", placedAt: at(1), revenue: yen(5n) };
    expect(() => decidePeriodTiers([once, once], TIERS, "JPY")).toThrow(/twice/);
  });
});

function recorded(day: number, priced: CommissionTier | null, options: { periodStart?: Date | null; noTier?: boolean } = {}): RecordedTierPricing {
  return {
    orderId: `order-${day}`,
    placedAt: at(day),
    periodStart: options.periodStart === undefined ? at(1, 0) : options.periodStart,
    derivation: {
      tier: priced === null ? null : { ...priced, revenueBeforeOrder: yen(0n) },
      adjustments: options.noTier ? [{ kind: "no_tier", description: "below every tier" }] : [],
    },
  };
}

describe("countsTowardTier: does an order that just arrived count toward a recorded commission's tier revenue", () => {
  it.each([
    { label: "placed earlier in the same period", arrived: at(3), commission: recorded(5, TIERS[0]!), counts: true },
    { label: "placed at the same instant", arrived: at(5), commission: recorded(5, TIERS[0]!), counts: false },
    { label: "placed after it", arrived: at(6), commission: recorded(5, TIERS[0]!), counts: false },
    { label: "placed before its period started (last month)", arrived: new Date(Date.UTC(2026, 9, 31)), commission: recorded(5, TIERS[0]!), counts: false },
    { label: "the period's first instant belongs to it", arrived: at(1, 0), commission: recorded(5, TIERS[0]!), counts: true },
    { label: "lifetime: any earlier order counts", arrived: new Date(Date.UTC(2020, 0, 1)), commission: recorded(5, TIERS[0]!, { periodStart: null }), counts: true },
  ])("$label → $counts", ({ arrived, commission, counts }) => {
    expect(countsTowardTier(commission, arrived)).toBe(counts);
  });
});

describe("decideRetier: what a recorded commission needs once its tier revenue grew", () => {
  it.each([
    { label: "same tier: nothing to do", commission: recorded(5, TIERS[0]!), revenue: 9999n, retier: false, to: undefined },
    { label: "crossed ¥10,000: 10 % → 20 %", commission: recorded(5, TIERS[0]!), revenue: 10_000n, retier: true, to: 10_000n },
    { label: "jumped two tiers: 10 % → 30 %", commission: recorded(5, TIERS[0]!), revenue: 70_000n, retier: true, to: 50_000n },
    { label: "no tier reached before, one now", commission: recorded(5, null, { noTier: true }), revenue: 10_000n, retier: true, to: 10_000n },
    { label: "still no tier", commission: recorded(5, null, { noTier: true }), revenue: 0n, retier: false, to: undefined },
    { label: "not priced by tiers (an override or product rates only): never re-tiered", commission: recorded(5, null), revenue: 70_000n, retier: false, to: undefined },
  ])("$label", ({ commission, revenue, retier, to }) => {
    const tiers = commission.derivation.adjustments.length > 0 ? [tier(1n, 1000n), ...TIERS.slice(1)] : TIERS;
    const decision = decideRetier(commission, tiers, yen(revenue), "#1001");
    expect(decision.retier).toBe(retier);
    if (decision.retier) {
      expect(decision.to?.minimumRevenue.amountMinor).toBe(to);
      expect(decision.reason).toMatch(/#1001.*placed earlier in the tier period/);
    }
  });

  it("a tier with the same minimum but another rate (settings changed) is a different tier", () => {
    const decision = decideRetier(recorded(5, tier(0n, 1500n)), TIERS, yen(100n), "#1");
    expect(decision).toMatchObject({ retier: true, to: { minimumRevenue: { amountMinor: 0n } } });
  });
});
