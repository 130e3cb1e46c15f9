import { divideHalfEven, getCurrencyExponent, MoneyError, type Money } from "../domain/money";

/**
 * Converts an amount into another currency with an exact decimal rate ("1.0825" = 1.0825 units of `to` per unit
 * of the amount's currency), in integer math: minor × rate × 10^(exp(to) − exp(from)), rounded once, half-even.
 * USD 10.00 at "150.25" → JPY 1503 (1502.5 rounds to even); JPY 1000 at "0.0067" → USD 6.70.
 */
export function convertWithExchangeRate(amount: Money, to: string, rate: string): Money {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (match === null) throw new MoneyError(`"${rate}" is not a decimal exchange rate.`);
  const fraction = match[2] ?? "";
  const rateNumerator = BigInt(`${match[1]}${fraction}`);
  if (rateNumerator === 0n) throw new MoneyError("An exchange rate of zero would make every sale worth nothing.");
  const shift = getCurrencyExponent(to) - getCurrencyExponent(amount.currency);
  const numerator = amount.amountMinor * rateNumerator * 10n ** BigInt(Math.max(0, shift));
  const denominator = 10n ** BigInt(fraction.length) * 10n ** BigInt(Math.max(0, -shift));
  return { amountMinor: divideHalfEven(numerator, denominator), currency: to };
}
