/** "15%" or "10.00 USD": how the admin shows a discount's value. */
import type { DiscountView } from "../admin-api-context.ts";

export function describeDiscountValue(value: DiscountView["value"], currencyCode: string): string {
  if (value.kind === "percentage") return `${Number((value.percentage * 100).toFixed(4))}%`;
  return `${value.amount} ${currencyCode}${value.appliesOnEachItem ? " on each item" : ""}`;
}
