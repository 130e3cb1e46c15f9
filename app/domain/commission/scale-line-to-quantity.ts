import { allocate, type Money } from "../money";
import type { CommissionLineItem, MoneyPair } from "./commission-types";

/**
 * Shopify keeps a line's discount allocations and tax lines for the units ORDERED, also after an order edit
 * removed some of them ("including discounts allocated to refunded and removed quantities"). The commission base
 * of an edited line must only count the units still on the order, so each of those amounts is split between the
 * units kept and the units removed with allocate(), and the kept share is used: exact, no minor unit lost, and
 * the kept shares of every later edit stay consistent with the first.
 *
 * `orderedQuantity` is LineItem.quantity (units originally ordered); the line's `quantity` is the edited one. A
 * line an edit ADDED has orderedQuantity = its quantity, and nothing changes.
 */
export function scaleLineToQuantity(line: CommissionLineItem, orderedQuantity: number): CommissionLineItem {
  if (!Number.isSafeInteger(orderedQuantity) || orderedQuantity < 0) {
    throw new RangeError(`Line item ${line.lineItemId}: ordered quantity ${orderedQuantity} is not a whole number of units.`);
  }
  if (line.quantity > orderedQuantity) {
    throw new RangeError(
      `Line item ${line.lineItemId}: ${line.quantity} units kept but only ${orderedQuantity} ordered; Shopify's quantities do not add up.`,
    );
  }
  if (line.quantity === orderedQuantity) return line;
  const keep = (amount: Money): Money => ({
    currency: amount.currency,
    amountMinor: allocate(amount.amountMinor, [BigInt(line.quantity), BigInt(orderedQuantity - line.quantity)])[0] ?? 0n,
  });
  const keepPair = (pair: MoneyPair): MoneyPair => ({ shop: keep(pair.shop), presentment: keep(pair.presentment) });
  return {
    ...line,
    discountAllocations: line.discountAllocations.map(keepPair),
    taxLines: line.taxLines.map(keepPair),
  };
}
