import type { Money } from "./money";

/** True when the amount is exactly zero minor units. */
export function isZero(money: Money): boolean {
  return money.amountMinor === 0n;
}
