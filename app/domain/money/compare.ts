import { assertSameCurrency } from "./assert-same-currency";
import type { Money } from "./money";

/** Orders two amounts of the same currency like a comparator: -1, 0 or 1. Usable directly with Array#sort. */
export function compare(left: Money, right: Money): -1 | 0 | 1 {
  assertSameCurrency(left, right, "compare");
  if (left.amountMinor === right.amountMinor) return 0;
  return left.amountMinor < right.amountMinor ? -1 : 1;
}
