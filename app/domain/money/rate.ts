import { MoneyError } from "./money-error";

/**
 * A commission rate as an exact fraction of an amount: 10% is 1/10, 12.5% is 1/8, 7.25% is 29/400.
 * Stored reduced, with a positive denominator. Never a float: 0.1 + 0.2 !== 0.3 has no place near money.
 */
export type Rate = {
  readonly numerator: bigint;
  readonly denominator: bigint;
};

function findGreatestCommonDivisor(left: bigint, right: bigint): bigint {
  let a = left < 0n ? -left : left;
  let b = right < 0n ? -right : right;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Builds a reduced, non-negative rate `numerator / denominator` (a fraction of the amount, not a percentage). */
export function createRate(numerator: bigint, denominator: bigint): Rate {
  if (denominator <= 0n) {
    throw new MoneyError(`A rate's denominator must be positive, got ${numerator}/${denominator}.`);
  }
  if (numerator < 0n) {
    throw new MoneyError(`A commission rate cannot be negative, got ${numerator}/${denominator}.`);
  }
  const divisor = numerator === 0n ? denominator : findGreatestCommonDivisor(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** 1 basis point = 0.01%: 1000 bp = 10%, 1250 bp = 12.5%. The usual storage format for a rate column. */
export function createRateFromBasisPoints(basisPoints: bigint): Rate {
  return createRate(basisPoints, 10_000n);
}
