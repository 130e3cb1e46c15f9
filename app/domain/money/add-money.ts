import { assertSameCurrency } from "./assert-same-currency";
import type { Money } from "./money";

/** Adds two amounts of the same currency. */
export function addMoney(left: Money, right: Money): Money {
  assertSameCurrency(left, right, "add");
  return { amountMinor: left.amountMinor + right.amountMinor, currency: left.currency };
}
