/**
 * An order's money, derived from its lines, shipping, refunds and edits in exact minor units, in both currencies.
 * `total_*` is what was sold (edits that add lines included); `current_*` is what is left after refunds and the
 * units edits removed. A refund takes its units' shares from the front of a line, an edit's removal from the back,
 * each share from `allocate`, so refunding every unit one by one gives back the line's total to the minor unit.
 */
import type { MoneyPairRecord, OrderLineItemRecord, OrderRecord, ReadonlyDeep } from "../state/state-schema.ts";
import { allocate, parseMinor, sumMinor } from "./order-money.ts";

export type Side = "shop" | "presentment";
export type OrderView = ReadonlyDeep<OrderRecord>;
export type LineView = ReadonlyDeep<OrderLineItemRecord>;

export interface OrderAmounts {
  lineItems: bigint;
  discounts: bigint;
  subtotal: bigint;
  tax: bigint;
  shipping: bigint;
  total: bigint;
  refunded: bigint;
  currentDiscounts: bigint;
  currentSubtotal: bigint;
  currentTax: bigint;
  currentShipping: bigint;
  currentTotal: bigint;
}

export function currencyOf(order: Pick<OrderView, "currency" | "presentmentCurrency">, side: Side): string {
  return side === "shop" ? order.currency : order.presentmentCurrency;
}

export function readPair(pair: ReadonlyDeep<MoneyPairRecord>, order: Pick<OrderView, "currency" | "presentmentCurrency">, side: Side): bigint {
  return parseMinor(pair[side], currencyOf(order, side));
}

export interface LineAmounts {
  gross: bigint;
  discount: bigint;
  tax: bigint;
}

export function lineAmounts(order: OrderView, line: LineView, side: Side): LineAmounts {
  const read = (pair: ReadonlyDeep<MoneyPairRecord>) => readPair(pair, order, side);
  return {
    gross: read(line.price) * BigInt(line.quantity),
    discount: sumMinor(line.discountAllocations.map((allocation) => read(allocation.amount))),
    tax: sumMinor(line.taxLines.map((taxLine) => read(taxLine.price))),
  };
}

/** The sum of units [from, from + count) of `total` split evenly over `quantity` units (remainders to the first). */
export function unitShare(total: bigint, quantity: number, from: number, count: number): bigint {
  const shares = allocate(total, Array.from({ length: quantity }, () => 1n));
  return sumMinor(shares.slice(from, from + count));
}

export function refundedQuantity(order: OrderView, lineItemId: number): number {
  return order.refunds.reduce((sum, refund) => sum + refund.lines.filter((line) => line.lineItemId === lineItemId).reduce((acc, line) => acc + line.quantity, 0), 0);
}

/** Units still on the order: bought, minus refunded, minus removed by edits (REST `current_quantity`). */
export function currentQuantity(order: OrderView, line: LineView): number {
  return line.quantity - refundedQuantity(order, line.id) - line.removedQuantity;
}

export function summarizeOrder(order: OrderView, side: Side): OrderAmounts {
  const read = (pair: ReadonlyDeep<MoneyPairRecord>) => readPair(pair, order, side);
  let lineItems = 0n;
  let discounts = 0n;
  let tax = 0n;
  let goneDiscount = 0n;
  let goneSubtotal = 0n;
  let goneTax = 0n;
  for (const line of order.lineItems) {
    const amounts = lineAmounts(order, line, side);
    lineItems += amounts.gross;
    discounts += amounts.discount;
    tax += amounts.tax;
    // Removed by edits: the last units' shares.
    const removedFrom = line.quantity - line.removedQuantity;
    goneDiscount += unitShare(amounts.discount, line.quantity, removedFrom, line.removedQuantity);
    goneSubtotal += unitShare(amounts.gross - amounts.discount, line.quantity, removedFrom, line.removedQuantity);
    goneTax += unitShare(amounts.tax, line.quantity, removedFrom, line.removedQuantity);
    const refunded = refundedQuantity(order, line.id);
    goneDiscount += unitShare(amounts.discount, line.quantity, 0, refunded);
  }
  for (const refund of order.refunds) {
    for (const refundLine of refund.lines) {
      goneSubtotal += read(refundLine.subtotal);
      goneTax += read(refundLine.totalTax);
    }
  }
  const shipping = sumMinor(order.shippingLines.map((shippingLine) => read(shippingLine.price)));
  const shippingRefunded = sumMinor(order.refunds.map((refund) => (refund.shipping ? read(refund.shipping.amount) : 0n)));
  const subtotal = lineItems - discounts;
  const taxOnTop = (amount: bigint) => (order.taxesIncluded ? 0n : amount);
  const currentSubtotal = subtotal - goneSubtotal;
  const currentTax = tax - goneTax;
  const currentShipping = shipping - shippingRefunded;
  return {
    lineItems,
    discounts,
    subtotal,
    tax,
    shipping,
    total: subtotal + shipping + taxOnTop(tax),
    refunded: sumMinor(order.refunds.map((refund) => read(refund.transaction.amount))),
    currentDiscounts: discounts - goneDiscount,
    currentSubtotal,
    currentTax,
    currentShipping,
    currentTotal: currentSubtotal + currentShipping + taxOnTop(currentTax),
  };
}
