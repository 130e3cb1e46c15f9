import { divideHalfEven } from "./divide-half-even";
import type { Money } from "./money";
import type { Rate } from "./rate";

/**
 * amount × rate, rounded once to the minor unit, half-even (see divideHalfEven). Examples:
 * USD 10.05 × 10% = 1.005 → 1.00; USD 10.15 × 10% = 1.015 → 1.02; JPY 125 × 10% = 12.5 → 12; KWD 1.005 × 50% =
 * 0.5025 → 0.502. The product is computed exactly in bigint before the single rounding step.
 */
export function applyRate(amount: Money, rate: Rate): Money {
  return {
    amountMinor: divideHalfEven(amount.amountMinor * rate.numerator, rate.denominator),
    currency: amount.currency,
  };
}
