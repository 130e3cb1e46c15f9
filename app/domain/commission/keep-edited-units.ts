import type { CommissionLineItem } from "./commission-types";
import { scaleLineToQuantity } from "./scale-line-to-quantity";

/**
 * A line as Shopify reports it (`quantity` = units ordered) turned into the commission basis line: units AS EDITED,
 * i.e. still on the order (`current_quantity` / `currentQuantity`, which excludes refunded and removed units) plus
 * the units refunded, since the ledger reverses refunds itself; never more than ordered. Discounts and taxes Shopify
 * still reports for removed units are scaled down to the units kept. Without a current quantity (payloads older than
 * API 2024-01) the line stays as ordered. The webhook reader and the order re-read after an edit share this rule.
 */
export function keepEditedUnits(line: CommissionLineItem, currentQuantity: number | undefined, refundedUnits: number): CommissionLineItem {
  if (currentQuantity === undefined) return line;
  const ordered = line.quantity;
  return scaleLineToQuantity({ ...line, quantity: Math.min(ordered, currentQuantity + refundedUnits) }, ordered);
}
