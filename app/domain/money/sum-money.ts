import { getCurrencyExponent } from "./currency-exponents";
import type { Money } from "./money";
import { MoneyError } from "./money-error";

/**
 * Sums amounts that must all be in `currency`. The currency is a parameter (not taken from the first item) so
 * that an empty list has a well-defined answer, zero, and a stray currency anywhere in the list is an error.
 */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  getCurrencyExponent(currency);
  let total = 0n;
  amounts.forEach((amount, index) => {
    if (amount.currency !== currency) {
      throw new MoneyError(
        `Cannot sum ${amount.currency} ${amount.amountMinor} (minor units, item ${index}) into a ${currency} total: ` +
          `the currencies differ.`,
      );
    }
    total += amount.amountMinor;
  });
  return { amountMinor: total, currency };
}
