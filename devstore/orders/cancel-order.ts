/**
 * The merchant cancels an order, with Shopify's reason, optionally refunding everything still paid in the same step.
 * Webhooks as Shopify sends them: refunds/create (when refunding), orders/cancelled, orders/updated.
 */
import { OrderError } from "./order-error.ts";
import { cancelOrderInputSchema, type CancelOrderInput, type OrderContext } from "./order-input.ts";
import { presentOrderPayload, presentRefundPayload, type OrderPayload, type RefundPayload } from "./present-order-payload.ts";
import { addRefund, findDraftOrder } from "./refund-order.ts";
import { summarizeOrder } from "./summarize-order.ts";

export interface CancelResult {
  order: OrderPayload;
  refund: RefundPayload | null;
}

export function cancelOrder(ctx: OrderContext, orderId: number, rawInput: CancelOrderInput = {}): CancelResult {
  const input = cancelOrderInputSchema.parse(rawInput);
  const now = ctx.now();
  const refundId = ctx.state.update((draft) => {
    const order = findDraftOrder(draft, orderId);
    if (order.cancelledAt !== null) throw new OrderError(409, `Order #${order.number} was already cancelled at ${order.cancelledAt}.`);
    const leftToRefund = summarizeOrder(order, "shop").currentTotal > 0n;
    const refund = input.refund && leftToRefund ? addRefund(draft, order, { full: true, lineItems: [], shipping: true, note: `Order cancelled (${input.reason})` }, now) : null;
    order.cancelledAt = now.toISOString();
    order.cancelReason = input.reason;
    order.updatedAt = now.toISOString();
    return refund?.id ?? null;
  });
  const state = ctx.state.read();
  const result = { order: presentOrderPayload(state, orderId), refund: refundId === null ? null : presentRefundPayload(state, orderId, refundId) };
  if (result.refund) ctx.webhooks?.deliver({ topic: "refunds/create", payload: result.refund });
  ctx.webhooks?.deliver({ topic: "orders/cancelled", payload: result.order });
  ctx.webhooks?.deliver({ topic: "orders/updated", payload: result.order });
  return result;
}
