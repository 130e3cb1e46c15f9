import { getCurrencyExponent } from "./currency-exponents";

/**
 * An exact amount of one currency, counted in its minor unit (cents for USD, yen for JPY, fils for KWD).
 * Always a bigint: a JavaScript number cannot hold every cent of a large shop's lifetime revenue exactly.
 */
export type Money = {
  readonly amountMinor: bigint;
  readonly currency: string;
};

/** Builds a Money after checking that the currency is one we know the exponent of (ISO 4217 code, upper case). */
export function createMoney(amountMinor: bigint, currency: string): Money {
  getCurrencyExponent(currency);
  return { amountMinor, currency };
}
