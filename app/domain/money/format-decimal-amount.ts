import { getCurrencyExponent } from "./currency-exponents";
import type { Money } from "./money";

/**
 * Writes a Money back as a plain decimal string with exactly the currency's digits: USD 1999 → "19.99",
 * JPY 1000 → "1000", KWD 12345 → "12.345", USD -5 → "-0.05". The exact inverse of parseDecimalAmount for
 * canonical input, and the string handed to Intl by formatMoney.
 */
export function formatDecimalAmount(money: Money): string {
  const exponent = getCurrencyExponent(money.currency);
  const negative = money.amountMinor < 0n;
  const digits = (negative ? -money.amountMinor : money.amountMinor).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}
