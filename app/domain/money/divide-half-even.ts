import { MoneyError } from "./money-error";

/**
 * Integer division rounded to the nearest integer, ties to the even neighbour ("banker's rounding"):
 * 2.5 → 2, 3.5 → 4, -2.5 → -2, 2.4 → 2, 2.6 → 3. Symmetric around zero.
 *
 * This is Affable's ONE rounding rule for turning an exact fraction of money into minor units. Half-even is
 * unbiased: over many orders, ties round up as often as down, so neither merchants nor creators drift ahead.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError(`Cannot divide ${numerator} by zero.`);
  const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  const top = numerator < 0n ? -numerator : numerator;
  const bottom = denominator < 0n ? -denominator : denominator;
  let quotient = top / bottom;
  const twiceRemainder = (top % bottom) * 2n;
  if (twiceRemainder > bottom || (twiceRemainder === bottom && quotient % 2n === 1n)) quotient += 1n;
  return quotient * sign;
}
