import { MoneyError } from "./money-error";
import { createRate, type Rate } from "./rate";

const PERCENTAGE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads a percentage typed by a merchant or stored as a decimal string ("10", "12.5", "7.125") into an exact
 * Rate. Any number of decimals is allowed because the result is a fraction, not a float: "33.3333" stays
 * 333333/1000000 and is only rounded when applied to an amount.
 */
export function parsePercentage(text: string): Rate {
  const match = PERCENTAGE.exec(text);
  if (match === null) {
    throw new MoneyError(
      `Cannot read ${JSON.stringify(text)} as a percentage: expected digits with an optional "." such as "12.5" ` +
        `(no "%" sign, no sign, no commas or exponents).`,
    );
  }
  const [, whole = "0", fraction = ""] = match;
  // "12.5" percent = 125 / (10 × 100) of the amount.
  return createRate(BigInt(whole + fraction), 100n * 10n ** BigInt(fraction.length));
}
