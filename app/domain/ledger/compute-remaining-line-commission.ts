import { allocate } from "../money";

/**
 * What a creator keeps of one line's commission after `refundedQuantity` of its `quantity` units were refunded:
 *   remaining = allocate(commission, [kept units, refunded units])[0]
 * i.e. commission × kept / quantity rounded to the nearest minor unit, an exact half staying with the creator
 * (allocate gives a tied leftover unit to the first part, the kept units).
 *
 * It depends only on the TOTAL refunded so far, never on how the refunds were split or in which order they
 * arrived: two refunds of one unit take back exactly what one refund of two units would. Each refund reverses
 * remaining(before) − remaining(after), so the reversals of a line add up to its commission exactly when every
 * unit is refunded, and never exceed it. Refunded quantities beyond the line's quantity are capped.
 */
export function computeRemainingLineCommission(commissionMinor: bigint, quantity: number, refundedQuantity: number): bigint {
  if (quantity <= 0) return commissionMinor;
  const refunded = Math.min(Math.max(refundedQuantity, 0), quantity);
  const [kept = 0n] = allocate(commissionMinor, [BigInt(quantity - refunded), BigInt(refunded)]);
  return kept;
}
