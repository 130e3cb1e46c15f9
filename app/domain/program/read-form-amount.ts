import { parseDecimalAmount } from "../money";

/**
 * A non-negative amount typed by a merchant, in minor units of `currency` (its exponent decides the digits: "5.25"
 * USD → 525, "1000" JPY → 1000). Null when the text is not such an amount; the caller words the error for its field.
 */
export function readFormAmount(text: string, currency: string): bigint | null {
  try {
    const money = parseDecimalAmount(text.trim(), currency);
    return money.amountMinor >= 0n ? money.amountMinor : null;
  } catch {
    return null;
  }
}
