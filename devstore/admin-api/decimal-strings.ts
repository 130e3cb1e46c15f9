/**
 * Shopify's two spellings of a decimal. The `Money` scalar (ProductVariant.price) keeps the currency's digits:
 * "24.00". The `Decimal` scalar (MoneyV2.amount) is Ruby's BigDecimal#to_s: trailing zeros dropped but at least one
 * decimal, "24.0", "689.5". Apps that parse amounts must accept both; the devstore answers each way on purpose.
 */

export function toShopifyDecimal(value: string): string {
  const [whole = "0", fraction = ""] = value.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${whole}.${trimmed.length > 0 ? trimmed : "0"}`;
}

/** Orders two non-negative decimal strings exactly (no floats): negative, zero or positive like a comparator. */
export function compareDecimalStrings(left: string, right: string): number {
  const [leftWhole = "0", leftFraction = ""] = left.split(".");
  const [rightWhole = "0", rightFraction = ""] = right.split(".");
  const digits = Math.max(leftFraction.length, rightFraction.length);
  const scaled = (whole: string, fraction: string): bigint => BigInt(whole + fraction.padEnd(digits, "0"));
  const difference = scaled(leftWhole, leftFraction) - scaled(rightWhole, rightFraction);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}
