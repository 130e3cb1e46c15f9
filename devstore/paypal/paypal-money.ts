/**
 * PayPal's currencies for payouts and their decimals (HUF, JPY and TWD take no decimals), and exact conversion
 * between PayPal's decimal strings and minor units (no floats).
 */
export const PAYPAL_CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
  AUD: 2, BRL: 2, CAD: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, HKD: 2, HUF: 0, ILS: 2, JPY: 0, MYR: 2, MXN: 2, TWD: 0,
  NZD: 2, NOK: 2, PHP: 2, PLN: 2, GBP: 2, SGD: 2, SEK: 2, CHF: 2, THB: 2, USD: 2,
};

export type ParsedValue = { ok: true; minor: bigint } | { ok: false; issue: string };

export function parsePaypalValue(value: string, currency: string): ParsedValue {
  const decimals = PAYPAL_CURRENCY_DECIMALS[currency];
  if (decimals === undefined) return { ok: false, issue: `Currency ${currency} is not supported for payouts.` };
  const match = /^(\d{1,10})(?:\.(\d+))?$/.exec(value);
  if (!match) return { ok: false, issue: "Amount value must be a positive decimal number, e.g. 10.00." };
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    return { ok: false, issue: decimals === 0 ? `Currency ${currency} does not support decimals.` : `Amount value for ${currency} may have at most ${decimals} decimals.` };
  }
  const minor = BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  if (minor <= 0n) return { ok: false, issue: "Amount value must be greater than zero." };
  return { ok: true, minor };
}

export function formatPaypalValue(minor: bigint, currency: string): string {
  const decimals = PAYPAL_CURRENCY_DECIMALS[currency] ?? 2;
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, "0");
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}
