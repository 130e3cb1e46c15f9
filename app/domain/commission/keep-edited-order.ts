import { allocate, createMoney, type Money } from "../money";
import type { CommissionLineItem, MoneyPair } from "./commission-types";
import { computeUnallocatedOrderDiscount } from "./compute-unallocated-order-discount";
import { keepEditedUnits } from "./keep-edited-units";

export type OrderedLine = {
  /** The line as ORDERED: `quantity`, discount allocations and tax lines as Shopify keeps them after edits. */
  readonly line: CommissionLineItem;
  /** current_quantity / currentQuantity; undefined in payloads older than API 2024-01 (the line stays as ordered). */
  readonly currentQuantity: number | undefined;
  readonly refundedUnits: number;
};

/**
 * An order's commission lines and the order discount left for Affable to spread, AS EDITED. Shopify keeps the
 * ORIGINAL figures in `total_discounts` and in every line's `discount_allocations` (removed and refunded units
 * included) and the edited ones only in `current_*` totals. So both sides of "what Shopify did not allocate" are
 * taken from the originals — total discounts − Σ original line and shipping allocations — and only then is each
 * line cut to the units it keeps (keepEditedUnits). Comparing the original total with allocations already cut to
 * the kept units would count the removed units' discount a second time, as an order-level discount on the kept
 * lines (issue #12: 3 × $38 with 15 % off, edited to 1 unit, paid $2.09 instead of $3.23).
 *
 * The `current_*` totals are not used: they also drop refunded units, which the ledger reverses itself.
 *
 * What Shopify left unallocated (normally nothing) belonged to every unit ordered, so the kept units keep their
 * share of it: allocate(rest, [kept, removed]) over the lines' amounts after their own discounts, exact.
 */
export function keepEditedOrder(
  lines: readonly OrderedLine[],
  totalDiscount: MoneyPair | null,
  shippingDiscounts: readonly MoneyPair[],
  currencies: { readonly shop: string; readonly presentment: string },
): { lineItems: CommissionLineItem[]; unallocatedOrderDiscount: MoneyPair } {
  const unallocated = computeUnallocatedOrderDiscount(
    totalDiscount,
    [...lines.flatMap(({ line }) => line.discountAllocations), ...shippingDiscounts],
    currencies,
  );
  const kept = lines.map(({ line, currentQuantity, refundedUnits }) => keepEditedUnits(line, currentQuantity, refundedUnits));
  const keepShare = (side: "shop" | "presentment"): Money => {
    const rest = unallocated[side];
    if (rest.amountMinor === 0n) return rest;
    const ordered = sumAfterLineDiscounts(lines.map(({ line }) => line), side);
    const keptAmount = sumAfterLineDiscounts(kept, side);
    const removed = ordered > keptAmount ? ordered - keptAmount : 0n;
    if (removed === 0n) return rest;
    return createMoney(allocate(rest.amountMinor, [keptAmount, removed])[0] ?? 0n, rest.currency);
  };
  return { lineItems: kept, unallocatedOrderDiscount: { shop: keepShare("shop"), presentment: keepShare("presentment") } };
}

/** Σ over commissionable lines of price × quantity − the line's discount allocations, each never below zero. */
function sumAfterLineDiscounts(lines: readonly CommissionLineItem[], side: "shop" | "presentment"): bigint {
  let total = 0n;
  for (const line of lines) {
    if (line.giftCard || line.tip) continue;
    const discount = line.discountAllocations.reduce((sum, allocation) => sum + allocation[side].amountMinor, 0n);
    const amount = line.unitPrice[side].amountMinor * BigInt(line.quantity) - discount;
    if (amount > 0n) total += amount;
  }
  return total;
}
