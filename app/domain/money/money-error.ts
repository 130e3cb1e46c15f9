/**
 * Thrown when a money rule would be broken: an unknown currency, a decimal string that cannot be read exactly,
 * or arithmetic across two currencies. The message always names the value and the currency so that a merchant
 * or developer can act on it without a debugger.
 */
export class MoneyError extends Error {
  override name = "MoneyError";
}
