import { formatMoney, type Money } from "../money";
import type { CommissionDerivation, CommissionTier } from "./commission-types";
import { selectTier } from "./select-tier";

/** What the re-tier decision needs from a commission already recorded. */
export type RecordedTierPricing = {
  readonly orderId: string;
  readonly placedAt: Date;
  /** Where its tier period starts (null: lifetime). */
  readonly periodStart: Date | null;
  /** The derivation of the basis in force: its tier (null when no tier was reached) and adjustments. */
  readonly derivation: Pick<CommissionDerivation, "tier" | "adjustments">;
};

export type RetierDecision =
  | { readonly retier: false; readonly reason: string }
  | { readonly retier: true; readonly from: CommissionTier | null; readonly to: CommissionTier | null; readonly reason: string };

/**
 * Whether an order that just arrived, placed at `arrivedPlacedAt`, counts toward the tier revenue of a commission
 * already recorded: it must fall in that commission's tier period and be placed strictly before it, and the
 * commission must have been priced by the program's tiers (an override, or lines all at product and collection
 * rates, never look at tiers).
 */
export function isPricedByTiers(recorded: RecordedTierPricing): boolean {
  return recorded.derivation.tier !== null || recorded.derivation.adjustments.some((adjustment) => adjustment.kind === "no_tier");
}

export function countsTowardTier(recorded: RecordedTierPricing, arrivedPlacedAt: Date): boolean {
  if (arrivedPlacedAt.getTime() >= recorded.placedAt.getTime()) return false;
  return recorded.periodStart === null || arrivedPlacedAt.getTime() >= recorded.periodStart.getTime();
}

/**
 * What a commission priced by tiers needs now that its tier revenue is `revenueBeforeOrder`: nothing when the tier
 * stays the same, otherwise a re-pricing at the new tier (a tier_adjustment appended by the ledger). Tier revenue
 * only grows as late orders arrive (refunds and cancellations do not lower it), so in practice the move is upward;
 * a downward move is still decided the same way and the ledger turns it into a reversal or clawback.
 */
export function decideRetier(
  recorded: RecordedTierPricing,
  tiers: readonly CommissionTier[],
  revenueBeforeOrder: Money,
  arrivedOrderLabel: string,
): RetierDecision {
  if (!isPricedByTiers(recorded)) return { retier: false, reason: `order ${recorded.orderId} was not priced by the program's tiers` };
  const inForce = recorded.derivation.tier;
  const next = selectTier(tiers, revenueBeforeOrder);
  const same = inForce === null
    ? next === null
    : next !== null && next.minimumRevenue.amountMinor === inForce.minimumRevenue.amountMinor && next.rate.numerator * inForce.rate.denominator === inForce.rate.numerator * next.rate.denominator;
  if (same) return { retier: false, reason: `order ${recorded.orderId} stays in the same tier (revenue before it ${formatMoney(revenueBeforeOrder)})` };
  const from = inForce === null ? null : { minimumRevenue: inForce.minimumRevenue, rate: inForce.rate };
  return {
    retier: true,
    from,
    to: next,
    reason: `Order ${arrivedOrderLabel}, placed earlier in the tier period, arrived later: revenue before this order is now ` +
      `${formatMoney(revenueBeforeOrder)}, so it moves from ${describeTier(from)} to ${describeTier(next)}.`,
  };
}

function describeTier(tier: CommissionTier | null): string {
  return tier === null ? "no tier" : `the tier from ${formatMoney(tier.minimumRevenue)}`;
}
