/** Units refunded per line item over the given refunds (refund events, or Shopify's refunds mapped to this shape). */
export function countRefundedUnits(
  refunds: readonly { readonly refundLineItems: readonly { readonly lineItemId: string; readonly quantity: number }[] }[],
): Map<string, number> {
  const units = new Map<string, number>();
  for (const refund of refunds) {
    for (const item of refund.refundLineItems) units.set(item.lineItemId, (units.get(item.lineItemId) ?? 0) + item.quantity);
  }
  return units;
}
