import type { Money } from "./money";

/** Flips the sign: an accrual of 500 becomes a reversal of -500. Zero stays zero. */
export function negate(money: Money): Money {
  return { amountMinor: -money.amountMinor, currency: money.currency };
}
