import { createMoney, type Money } from "../money";
import type { CommissionTier } from "./commission-types";
import { selectTier } from "./select-tier";

/** One order of a creator's tier period: when it was placed and the revenue it counts for (its base at accrual). */
export type TierPeriodOrder = {
  readonly orderId: string;
  readonly placedAt: Date;
  readonly revenue: Money;
};

export type PeriodTierDecision = {
  /** Σ revenue of the period's orders placed strictly before this one. */
  readonly revenueBeforeOrder: Money;
  readonly tier: CommissionTier | null;
};

/**
 * Which tier each order of one creator's tier period falls in, from the orders' own times only: an order's tier
 * comes from the revenue of the orders placed strictly BEFORE it (orders placed at the same instant do not count
 * each other). Whatever order the orders were recorded in, the answer is the same. The database query that sums
 * tier revenue (sumAttributedRevenue) applies exactly this rule.
 */
export function decidePeriodTiers(
  orders: readonly TierPeriodOrder[],
  tiers: readonly CommissionTier[],
  currency: string,
): Map<string, PeriodTierDecision> {
  const decisions = new Map<string, PeriodTierDecision>();
  for (const order of orders) {
    if (decisions.has(order.orderId)) throw new RangeError(`Order ${order.orderId} appears twice in the tier period.`);
    const revenueBeforeOrder = computeRevenueBeforeOrder(orders, order.placedAt, currency);
    decisions.set(order.orderId, { revenueBeforeOrder, tier: selectTier(tiers, revenueBeforeOrder) });
  }
  return decisions;
}

/** Σ revenue of the orders placed strictly before `placedAt` (the orders given are one creator's, one period). */
export function computeRevenueBeforeOrder(orders: readonly TierPeriodOrder[], placedAt: Date, currency: string): Money {
  let minor = 0n;
  for (const order of orders) {
    if (order.revenue.currency !== currency) {
      throw new RangeError(`Order ${order.orderId}'s revenue is in ${order.revenue.currency}; tier revenue is counted in ${currency}.`);
    }
    if (order.placedAt.getTime() < placedAt.getTime()) minor += order.revenue.amountMinor;
  }
  return createMoney(minor, currency);
}
