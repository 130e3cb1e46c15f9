import { MoneyError } from "./money-error";

/**
 * Splits `total` minor units into parts proportional to `ratios` so that the parts always sum exactly to `total`:
 * nothing is lost or invented, which is what lets partial refunds and discount splits add up to the cent.
 *
 * Method (largest remainder, a.k.a. Hamilton): each part first gets floor(total × ratio / Σratios); the units
 * left over go one each to the parts with the largest fractional remainders; equal remainders go to the
 * earlier index. Deterministic, and each part is within one minor unit of its exact share.
 *
 * - Negative totals are split as the mirror image of the positive total (allocate(-10, r) = -allocate(10, r)),
 *   so a reversal is split exactly like the accrual it reverses.
 * - A zero ratio always receives exactly zero.
 * - All ratios zero: a zero total gives all zeros; a non-zero total is an ERROR. There is no fair basis to split
 *   money over "nothing", and an even split would hide a caller's bug (e.g. allocating a discount over lines
 *   whose subtotals are all zero). Callers that want an even split pass equal ratios explicitly.
 * - Ratios must be non-negative and the list non-empty.
 */
export function allocate(total: bigint, ratios: readonly bigint[]): bigint[] {
  if (ratios.length === 0) {
    throw new MoneyError(`Cannot allocate ${total} minor units over an empty list of ratios.`);
  }
  const negativeIndex = ratios.findIndex((ratio) => ratio < 0n);
  if (negativeIndex !== -1) {
    throw new MoneyError(
      `Cannot allocate ${total} minor units: ratio ${negativeIndex} is negative (${ratios[negativeIndex]}). ` +
        `Ratios are weights and must be zero or positive.`,
    );
  }
  const ratioSum = ratios.reduce((sum, ratio) => sum + ratio, 0n);
  if (ratioSum === 0n) {
    if (total === 0n) return ratios.map(() => 0n);
    throw new MoneyError(
      `Cannot allocate ${total} minor units: every ratio is zero, so there is no basis for a split. ` +
        `Pass equal ratios if an even split is what you want.`,
    );
  }

  const sign = total < 0n ? -1n : 1n;
  const magnitude = total * sign;
  const parts = ratios.map((ratio) => (magnitude * ratio) / ratioSum);
  const remainders = ratios.map((ratio) => (magnitude * ratio) % ratioSum);
  let leftover = magnitude - parts.reduce((sum, part) => sum + part, 0n);

  // Largest remainder first; on equal remainders the earlier index wins (stable, deterministic).
  const order = ratios.map((_, index) => index);
  order.sort((left, right) => {
    const leftRemainder = remainders[left] ?? 0n;
    const rightRemainder = remainders[right] ?? 0n;
    if (leftRemainder !== rightRemainder) return leftRemainder > rightRemainder ? -1 : 1;
    return left - right;
  });
  for (const index of order) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => part * sign);
}
