import type { Money } from "../money";
import { computeRemainingLineCommission } from "./compute-remaining-line-commission";
import type { CommissionBasis } from "./ledger-types";

export type RemainingCommission = {
  readonly total: Money;
  readonly lines: readonly { readonly lineItemId: string; readonly quantity: number; readonly refundedQuantity: number; readonly commission: Money; readonly remaining: Money }[];
};

/**
 * The commission a creator should hold on an order right now, from the facts alone: the basis in force, the units
 * refunded per line, and whether the order was cancelled (then nothing remains). The ledger's net always equals
 * this; every event appends the difference.
 */
export function computeRemainingCommission(
  basis: CommissionBasis,
  refundedQuantityByLine: Readonly<Record<string, number>>,
  cancelled: boolean,
): RemainingCommission {
  const lines = basis.lines.map((line) => {
    const refundedQuantity = refundedQuantityByLine[line.lineItemId] ?? 0;
    const remaining = cancelled ? 0n : computeRemainingLineCommission(line.commission.amountMinor, line.quantity, refundedQuantity);
    return {
      lineItemId: line.lineItemId,
      quantity: line.quantity,
      refundedQuantity,
      commission: line.commission,
      remaining: { amountMinor: remaining, currency: basis.currency },
    };
  });
  return {
    total: { amountMinor: lines.reduce((sum, line) => sum + line.remaining.amountMinor, 0n), currency: basis.currency },
    lines,
  };
}
