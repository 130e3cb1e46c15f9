import { getCurrencyExponent } from "./currency-exponents";
import { formatDecimalAmount } from "./format-decimal-amount";
import type { Money } from "./money";

// Building an Intl.NumberFormat is costly (it loads locale data); ledger descriptions format a lot of money.
const formatters = new Map<string, Intl.NumberFormat>();

function findFormatter(locale: string, currency: string, exponent: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    const digits = { minimumFractionDigits: exponent, maximumFractionDigits: exponent };
    formatter = /^[A-Z]{3}$/.test(currency)
      ? new Intl.NumberFormat(locale, { style: "currency", currency, ...digits })
      : new Intl.NumberFormat(locale, digits);
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Formats money for people: "$1,234.56", "¥1,000", "KWD 12.345".
 *
 * The bigint-safe path: Intl.NumberFormat is given the exact decimal *string* (supported since Intl.NumberFormat
 * v3, Node 20+), never a float conversion of the amount, so amounts beyond 2^53 minor units keep every digit. The number of
 * fraction digits comes from our ISO table, not from CLDR, so the display never hides a minor unit.
 * Codes Intl does not accept (USDC is four letters) fall back to "1,234.56 USDC".
 */
export function formatMoney(money: Money, locale = "en-US"): string {
  const exponent = getCurrencyExponent(money.currency);
  const decimal = formatDecimalAmount(money) as Intl.StringNumericLiteral;
  const formatted = findFormatter(locale, money.currency, exponent).format(decimal);
  return /^[A-Z]{3}$/.test(money.currency) ? formatted : `${formatted} ${money.currency}`;
}
