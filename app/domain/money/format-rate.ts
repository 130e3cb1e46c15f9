import type { Rate } from "./rate";

const MAX_EXACT_DIGITS = 12;

/**
 * Shows a rate as a percentage for derivations and the admin: 1/10 → "10%", 1/8 → "12.5%", 29/400 → "7.25%".
 * A rate without a finite decimal (1/3) is shown as "33.3333…% (1/3)" so the exact value is never hidden.
 */
export function formatRate(rate: Rate): string {
  const numerator = rate.numerator * 100n;
  for (let digits = 0; digits <= MAX_EXACT_DIGITS; digits += 1) {
    const scale = 10n ** BigInt(digits);
    if ((numerator * scale) % rate.denominator === 0n) {
      return `${insertDecimalPoint((numerator * scale) / rate.denominator, digits)}%`;
    }
  }
  const approximation = (numerator * 10_000n) / rate.denominator;
  return `${insertDecimalPoint(approximation, 4)}…% (${rate.numerator}/${rate.denominator})`;
}

function insertDecimalPoint(value: bigint, digits: number): string {
  if (digits === 0) return value.toString();
  const text = value.toString().padStart(digits + 1, "0");
  return `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
}
