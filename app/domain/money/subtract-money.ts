import { assertSameCurrency } from "./assert-same-currency";
import type { Money } from "./money";

/** Subtracts `right` from `left` (same currency). The result may be negative: callers decide whether that is allowed. */
export function subtractMoney(left: Money, right: Money): Money {
  assertSameCurrency(left, right, "subtract");
  return { amountMinor: left.amountMinor - right.amountMinor, currency: left.currency };
}
