import { getCurrencyExponent } from "./currency-exponents";
import type { Money } from "./money";
import { MoneyError } from "./money-error";

// One optional minus, digits, optionally one dot followed by digits. Nothing else: no "+", no exponent ("1e3"),
// no thousands separators ("1,000"), no spaces, no leading or trailing dot (".5", "5.").
const DECIMAL_AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Reads one of Shopify's decimal strings into exact minor units, without ever touching a float.
 *
 * Shopify spells amounts two ways: the `Money` scalar keeps the currency's digits ("24.00", KWD "12.345") and the
 * `Decimal` scalar drops trailing zeros ("24.0", "689.5", JPY "1000.0"). Both are accepted: extra fraction digits
 * are fine as long as they are zeros. A non-zero digit beyond the currency's exponent ("19.999" for USD) is an
 * error, never a rounding: it means the payload and our currency table disagree, and guessing would move money.
 */
export function parseDecimalAmount(text: string, currency: string): Money {
  const exponent = getCurrencyExponent(currency);
  if (typeof text !== "string") {
    throw new MoneyError(
      `Cannot read ${String(text)} (a ${typeof text}) as a ${currency} amount: pass Shopify's decimal string ` +
        `exactly as received, never a parsed number.`,
    );
  }
  const match = DECIMAL_AMOUNT.exec(text);
  if (match === null) {
    throw new MoneyError(
      `Cannot read ${JSON.stringify(text)} as a ${currency} amount: expected a plain decimal such as "19.99" ` +
        `(digits, an optional leading "-", at most one "."; no exponents, commas, spaces or symbols).`,
    );
  }
  const [, sign = "", whole = "0", fraction = ""] = match;
  const kept = fraction.slice(0, exponent);
  const beyondExponent = fraction.slice(exponent);
  if (/[1-9]/.test(beyondExponent)) {
    throw new MoneyError(
      `Cannot read ${JSON.stringify(text)} as a ${currency} amount: ${currency} has ${exponent} decimal ` +
        `place${exponent === 1 ? "" : "s"}, but the value has ${fraction.length} with non-zero digits beyond ` +
        `them. Refusing to round money silently.`,
    );
  }
  const magnitude = BigInt(whole + kept.padEnd(exponent, "0"));
  return { amountMinor: sign === "-" ? -magnitude : magnitude, currency };
}
