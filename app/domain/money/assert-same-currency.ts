import type { Money } from "./money";
import { MoneyError } from "./money-error";

/**
 * Refuses arithmetic across currencies. Affable never converts implicitly: shop money and presentment money
 * are kept side by side and each is summed on its own.
 */
export function assertSameCurrency(left: Money, right: Money, operation: string): void {
  if (left.currency !== right.currency) {
    throw new MoneyError(
      `Cannot ${operation} ${left.currency} ${left.amountMinor} (minor units) and ${right.currency} ${right.amountMinor} ` +
        `(minor units): the currencies differ. Convert one of them explicitly first.`,
    );
  }
}
