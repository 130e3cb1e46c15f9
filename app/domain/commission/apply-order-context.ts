import type { CommissionOrder } from "./commission-types";

/** What Admin GraphQL added to an order webhook before it was recorded (app/shopify/order-context.server.ts). */
export type OrderContext = {
  /** Present only when the program pays new customers only and the order has a customer. */
  readonly customerPreviousOrderCount?: number | null;
  /** Present only when the program has per-collection rates. */
  readonly collectionIdsByProductId?: Readonly<Record<string, readonly string[]>>;
};

/** The webhook's commission input with the context filled in; without context it is returned as it was. */
export function applyOrderContext(order: CommissionOrder, context: OrderContext): CommissionOrder {
  const collections = context.collectionIdsByProductId;
  return {
    ...order,
    customerPreviousOrderCount: context.customerPreviousOrderCount ?? order.customerPreviousOrderCount,
    lineItems: collections === undefined
      ? order.lineItems
      : order.lineItems.map((line) => ({ ...line, collectionIds: line.productId === null ? [] : [...(collections[line.productId] ?? [])] })),
  };
}
