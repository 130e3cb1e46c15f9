import { allocate, formatMoney, sumMoney, type Money } from "../money";
import type { CommissionAdjustment, CommissionLineItem, CommissionOrder, LineDerivation, MoneyPair } from "./commission-types";

export type LineBase = Pick<
  LineDerivation,
  "lineItemId" | "quantity" | "subtotal" | "lineDiscount" | "includedTax" | "orderDiscountShare" | "base" | "excludedReason"
>;

type Side = "shop" | "presentment";

/**
 * The commissionable base of every line, in shop and presentment money:
 *   base = unit price × quantity − the line's discount allocations − tax contained in the price (taxes_included
 *          shops only) − the line's share of any order-level discount Shopify did not already allocate.
 * Shipping, tips and tax are never part of it: they are not line subtotals. Gift cards and tip lines get a zero
 * base and no share of the order discount.
 *
 * The unallocated order discount is spread with allocate() in proportion to each eligible line's amount after its
 * own discounts, so the shares add up to the discount exactly. Shop and presentment money are split separately,
 * each exact in its own currency.
 */
export function computeLineBases(order: CommissionOrder): { lines: LineBase[]; adjustments: CommissionAdjustment[] } {
  const adjustments: CommissionAdjustment[] = [];
  const seen = new Set<string>();
  const prepared = order.lineItems.map((line) => {
    if (seen.has(line.lineItemId)) throw new RangeError(`Line item ${line.lineItemId} appears twice in order ${order.orderId}.`);
    seen.add(line.lineItemId);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
      throw new RangeError(`Line item ${line.lineItemId} has quantity ${line.quantity}; expected a whole number of units, 0 or more.`);
    }
    const excludedReason = line.giftCard
      ? "gift card: not a sale until it is redeemed"
      : line.tip
        ? "tip: never commissionable"
        : null;
    const subtotal = mapPair((side) => multiplyMoney(checkCurrency(order, line.unitPrice[side], side, line, "price"), line.quantity));
    const lineDiscount = mapPair((side) => sumSide(order, line.discountAllocations, side, line, "discount allocation"));
    const includedTax = order.taxesIncluded
      ? mapPair((side) => sumSide(order, line.taxLines, side, line, "tax line"))
      : createZeroPair(order);
    const afterLineDiscounts = mapPair((side) => ({
      amountMinor: subtotal[side].amountMinor - lineDiscount[side].amountMinor - includedTax[side].amountMinor,
      currency: subtotal[side].currency,
    }));
    if (excludedReason === null && afterLineDiscounts.shop.amountMinor < 0n) {
      adjustments.push({
        kind: "base_floored",
        description: `Line ${line.lineItemId}: discounts and included tax (${formatMoney(afterLineDiscounts.shop)} net) exceed the price; its base counts as zero.`,
      });
    }
    return { line, excludedReason, subtotal, lineDiscount, includedTax, afterLineDiscounts };
  });

  const shares = {
    shop: allocateOrderDiscount(order, prepared, "shop", adjustments),
    presentment: allocateOrderDiscount(order, prepared, "presentment", []),
  };

  const lines = prepared.map((entry, index): LineBase => {
    const orderDiscountShare = mapPair((side) => ({
      amountMinor: shares[side][index] ?? 0n,
      currency: side === "shop" ? order.shopCurrency : order.presentmentCurrency,
    }));
    const base = mapPair((side) => ({
      amountMinor: entry.excludedReason !== null
        ? 0n
        : clampAtZero(entry.afterLineDiscounts[side].amountMinor - orderDiscountShare[side].amountMinor),
      currency: entry.subtotal[side].currency,
    }));
    return {
      lineItemId: entry.line.lineItemId,
      quantity: entry.line.quantity,
      subtotal: entry.subtotal,
      lineDiscount: entry.lineDiscount,
      includedTax: entry.includedTax,
      orderDiscountShare,
      base,
      excludedReason: entry.excludedReason,
    };
  });
  return { lines, adjustments };
}

function allocateOrderDiscount(
  order: CommissionOrder,
  prepared: readonly { excludedReason: string | null; afterLineDiscounts: MoneyPair }[],
  side: Side,
  adjustments: CommissionAdjustment[],
): bigint[] {
  const discount = checkCurrency(order, order.unallocatedOrderDiscount[side], side, null, "order discount");
  if (discount.amountMinor < 0n) {
    throw new RangeError(`Order ${order.orderId}: the unallocated order discount is negative (${formatMoney(discount)}).`);
  }
  if (prepared.length === 0) return [];
  const ratios = prepared.map((entry) =>
    entry.excludedReason === null ? clampAtZero(entry.afterLineDiscounts[side].amountMinor) : 0n,
  );
  if (ratios.every((ratio) => ratio === 0n)) {
    if (discount.amountMinor !== 0n) {
      adjustments.push({
        kind: "order_discount_unallocated",
        description: `The order discount of ${formatMoney(discount)} had no commissionable line to apply to; every base is already zero.`,
      });
    }
    return ratios.map(() => 0n);
  }
  return allocate(discount.amountMinor, ratios);
}

function mapPair(build: (side: Side) => Money): MoneyPair {
  return { shop: build("shop"), presentment: build("presentment") };
}

function createZeroPair(order: CommissionOrder): MoneyPair {
  return {
    shop: { amountMinor: 0n, currency: order.shopCurrency },
    presentment: { amountMinor: 0n, currency: order.presentmentCurrency },
  };
}

function sumSide(
  order: CommissionOrder,
  pairs: readonly MoneyPair[],
  side: Side,
  line: CommissionLineItem,
  what: string,
): Money {
  const currency = side === "shop" ? order.shopCurrency : order.presentmentCurrency;
  return sumMoney(pairs.map((pair) => checkCurrency(order, pair[side], side, line, what)), currency);
}

function checkCurrency(order: CommissionOrder, money: Money, side: Side, line: CommissionLineItem | null, what: string): Money {
  const expected = side === "shop" ? order.shopCurrency : order.presentmentCurrency;
  if (money.currency !== expected) {
    const where = line === null ? `order ${order.orderId}` : `line item ${line.lineItemId}`;
    throw new RangeError(
      `The ${side} ${what} of ${where} is in ${money.currency}, but the order's ${side} currency is ${expected}.`,
    );
  }
  return money;
}

function multiplyMoney(money: Money, quantity: number): Money {
  return { amountMinor: money.amountMinor * BigInt(quantity), currency: money.currency };
}

function clampAtZero(value: bigint): bigint {
  return value < 0n ? 0n : value;
}
