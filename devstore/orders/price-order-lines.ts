/**
 * Prices a checkout in ONE currency, exactly: a code discount spread over the lines (largest remainder, so the
 * allocations sum to the discount), then tax per line on what is left. Run once for the shop currency and once for
 * the presentment currency (with converted unit prices), so each currency's totals add up on their own.
 */
import { allocate, multiplyRounded, sumMinor, type Ratio } from "./order-money.ts";

export interface PricedLineInput {
  unitPrice: bigint;
  quantity: number;
  taxable: boolean;
}

/** What the code discount takes off, in this currency. */
export type LineDiscount =
  | { kind: "percentage"; fraction: Ratio }
  /** An amount off the order, spread over the lines. */
  | { kind: "amount_across"; amount: bigint }
  /** An amount off each unit (never more than the unit's price). */
  | { kind: "amount_each"; amount: bigint };

export interface PricedLine {
  discount: bigint;
  tax: bigint;
}

export function priceOrderLines(lines: readonly PricedLineInput[], discount: LineDiscount | null, taxRate: Ratio, taxesIncluded: boolean): PricedLine[] {
  const subtotals = lines.map((line) => line.unitPrice * BigInt(line.quantity));
  const discounts = discountPerLine(lines, subtotals, discount);
  return lines.map((line, index) => {
    const base = (subtotals[index] ?? 0n) - (discounts[index] ?? 0n);
    if (!line.taxable || taxRate.numerator === 0n) return { discount: discounts[index] ?? 0n, tax: 0n };
    // Prices that include tax hold rate / (1 + rate) of themselves as tax; otherwise tax is rate × price.
    const tax = taxesIncluded
      ? multiplyRounded(base, { numerator: taxRate.numerator, denominator: taxRate.denominator + taxRate.numerator })
      : multiplyRounded(base, taxRate);
    return { discount: discounts[index] ?? 0n, tax };
  });
}

function discountPerLine(lines: readonly PricedLineInput[], subtotals: readonly bigint[], discount: LineDiscount | null): bigint[] {
  if (!discount) return lines.map(() => 0n);
  const subtotal = sumMinor(subtotals);
  switch (discount.kind) {
    case "percentage":
      // Shopify rounds the order's discount once, then spreads it: the lines never disagree with the total.
      return allocate(multiplyRounded(subtotal, discount.fraction), subtotals);
    case "amount_across":
      return allocate(discount.amount < subtotal ? discount.amount : subtotal, subtotals);
    case "amount_each":
      return lines.map((line) => (discount.amount < line.unitPrice ? discount.amount : line.unitPrice) * BigInt(line.quantity));
  }
}
