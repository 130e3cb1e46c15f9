import type { Money } from "../money";
import type { CommissionTier } from "./commission-types";

/**
 * Picks the tier for an order from the creator's attributed revenue BEFORE this order: the tier with the highest
 * minimum that the revenue has reached. The order that crosses a threshold is still paid at the lower tier; the
 * next one gets the higher rate, so a commission never depends on the order's own size. "Before" means placed
 * earlier (decidePeriodTiers), not recorded earlier: an order recorded late re-tiers the later ones (decideRetier).
 * Null when no tier's minimum has been reached.
 */
export function selectTier(tiers: readonly CommissionTier[], revenueBeforeOrder: Money): CommissionTier | null {
  let selected: CommissionTier | null = null;
  for (const tier of tiers) {
    if (tier.minimumRevenue.currency !== revenueBeforeOrder.currency) {
      throw new RangeError(
        `Tier minimum is in ${tier.minimumRevenue.currency} but the creator's revenue is in ` +
          `${revenueBeforeOrder.currency}; tiers must be defined in the shop's currency.`,
      );
    }
    if (tier.minimumRevenue.amountMinor > revenueBeforeOrder.amountMinor) continue;
    if (selected === null || tier.minimumRevenue.amountMinor > selected.minimumRevenue.amountMinor) selected = tier;
  }
  return selected;
}
