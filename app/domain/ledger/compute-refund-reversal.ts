import { formatMoney, type Money } from "../money";
import { computeRemainingLineCommission } from "./compute-remaining-line-commission";
import type { CommissionBasis, RefundLineItem, RefundOrderAdjustment } from "./ledger-types";

export type RefundReversalLine = {
  readonly lineItemId: string;
  readonly orderedQuantity: number;
  readonly refundedBefore: number;
  /** Units of this refund that counted (capped so the line never goes below zero units). */
  readonly refundedNow: number;
  readonly commission: Money;
  readonly reversed: Money;
  readonly remaining: Money;
};

export type RefundReversal = {
  /** Commission taken back by this refund: zero or positive, never more than what remained. */
  readonly reversed: Money;
  readonly lines: readonly RefundReversalLine[];
  /** Parts of the refund that reverse nothing, and why. */
  readonly notes: readonly string[];
};

/**
 * How much commission one refund takes back, line by line, prorated by QUANTITY:
 *   reversed(line) = remaining(refunded before) − remaining(refunded before + refunded now)
 * with remaining() = computeRemainingLineCommission (commission × kept/ordered, split with allocate()). So a line
 * never gives back more than it earned, the refunds of a line add up to exactly its commission when every unit is
 * refunded, and the result does not depend on how refunds were batched.
 *
 * `alreadyRefunded` is the quantity refunded per line by earlier refunds (what was reversed so far follows from it).
 *
 * Not reversed, and reported in `notes`:
 * - lines without commission in the basis (gift cards, tips, lines the commission does not know);
 * - order_adjustments: `shipping_refund` (shipping never earned commission) and `refund_discrepancy` (an
 *   amount-only refund without returned items: the items were kept, so the commission is too; a merchant who
 *   disagrees adjusts by hand).
 */
export function computeRefundReversal(
  accrual: Pick<CommissionBasis, "currency" | "lines">,
  refundLineItems: readonly RefundLineItem[],
  orderAdjustments: readonly RefundOrderAdjustment[],
  alreadyRefunded: Readonly<Record<string, number>>,
): RefundReversal {
  const notes: string[] = [];
  const refundedNowByLine = new Map<string, number>();
  for (const item of refundLineItems) {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 0) {
      throw new RangeError(`Refund line for line item ${item.lineItemId} has quantity ${item.quantity}; expected a whole number of units.`);
    }
    refundedNowByLine.set(item.lineItemId, (refundedNowByLine.get(item.lineItemId) ?? 0) + item.quantity);
  }

  const lines: RefundReversalLine[] = [];
  for (const [lineItemId, quantity] of refundedNowByLine) {
    const line = accrual.lines.find((candidate) => candidate.lineItemId === lineItemId);
    if (line === undefined) {
      notes.push(`Line item ${lineItemId}: ${quantity} unit(s) refunded, but the line earned no commission.`);
      continue;
    }
    const refundedBefore = Math.min(alreadyRefunded[lineItemId] ?? 0, line.quantity);
    const refundedNow = Math.min(quantity, line.quantity - refundedBefore);
    if (refundedNow < quantity) {
      notes.push(`Line item ${lineItemId}: ${quantity} unit(s) refunded but only ${line.quantity - refundedBefore} of ${line.quantity} were left; the extra is ignored.`);
    }
    const before = computeRemainingLineCommission(line.commission.amountMinor, line.quantity, refundedBefore);
    const after = computeRemainingLineCommission(line.commission.amountMinor, line.quantity, refundedBefore + refundedNow);
    lines.push({
      lineItemId,
      orderedQuantity: line.quantity,
      refundedBefore,
      refundedNow,
      commission: line.commission,
      reversed: { amountMinor: before - after, currency: accrual.currency },
      remaining: { amountMinor: after, currency: accrual.currency },
    });
  }

  for (const adjustment of orderAdjustments) {
    notes.push(
      adjustment.kind === "shipping_refund"
        ? `Shipping refund of ${formatMoney(adjustment.amount)}: shipping never earned commission.`
        : `Order adjustment "${adjustment.kind}" of ${formatMoney(adjustment.amount)}: no items were returned, so no commission is reversed.`,
    );
  }

  return {
    reversed: { amountMinor: lines.reduce((sum, line) => sum + line.reversed.amountMinor, 0n), currency: accrual.currency },
    lines,
    notes,
  };
}
