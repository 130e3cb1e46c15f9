// Commission rules: base per line, rate precedence, tiers, flat, new-customer-only, cap; with a derivation.
export type * from "./commission-types";
export { computeLineBases, type LineBase } from "./compute-line-bases";
export { evaluateCommission } from "./evaluate-commission";
export { resolveLineRule, type OrderLevelRule } from "./resolve-line-rule";
export { selectTier } from "./select-tier";
export { scaleLineToQuantity } from "./scale-line-to-quantity";
export { computeUnallocatedOrderDiscount } from "./compute-unallocated-order-discount";
export { applyOrderContext, type OrderContext } from "./apply-order-context";
export { countRefundedUnits } from "./count-refunded-units";
export { keepEditedUnits } from "./keep-edited-units";
export { keepEditedOrder, type OrderedLine } from "./keep-edited-order";
export { computeRevenueBeforeOrder, decidePeriodTiers, type PeriodTierDecision, type TierPeriodOrder } from "./decide-period-tiers";
export { countsTowardTier, decideRetier, isPricedByTiers, type RecordedTierPricing, type RetierDecision } from "./decide-retier";
