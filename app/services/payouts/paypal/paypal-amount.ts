/**
 * Affable's amounts (minor units of the ISO 4217 exponent) as PayPal's decimal strings. PayPal pays HUF, JPY and TWD
 * in whole units only (HUF and TWD have 2 decimals in ISO 4217), and pays out in a fixed list of currencies.
 * Pure: no I/O.
 */
import { getCurrencyExponent } from "../../../domain/money";

/** PayPal's payout currencies and the decimals PayPal accepts for each. */
export const PAYPAL_PAYOUT_DECIMALS: Readonly<Record<string, number>> = {
  AUD: 2, BRL: 2, CAD: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, HKD: 2, HUF: 0, ILS: 2, JPY: 0, MYR: 2, MXN: 2, TWD: 0,
  NZD: 2, NOK: 2, PHP: 2, PLN: 2, GBP: 2, SGD: 2, SEK: 2, CHF: 2, THB: 2, USD: 2,
};

export type PaypalAmount = { ok: true; value: string; currency: string } | { ok: false; reason: string };

export function formatPaypalAmount(amountMinor: bigint, currency: string): PaypalAmount {
  const decimals = PAYPAL_PAYOUT_DECIMALS[currency];
  if (decimals === undefined) {
    return { ok: false, reason: `PayPal does not pay out in ${currency}. Choose another payout method for this creator, or pay in a currency PayPal supports.` };
  }
  if (amountMinor <= 0n) return { ok: false, reason: "The amount to pay is zero or less; there is nothing to send to PayPal." };
  const exponent = getCurrencyExponent(currency);
  // e.g. HUF: exponent 2, PayPal 0 decimals → the amount must be whole forints.
  const drop = 10n ** BigInt(exponent - decimals);
  if (exponent > decimals && amountMinor % drop !== 0n) {
    return { ok: false, reason: `PayPal pays ${currency} in whole units only; this amount has a fraction. Pay it by another method.` };
  }
  const units = exponent >= decimals ? amountMinor / drop : amountMinor * 10n ** BigInt(decimals - exponent);
  const digits = units.toString().padStart(decimals + 1, "0");
  return { ok: true, currency, value: decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` };
}
