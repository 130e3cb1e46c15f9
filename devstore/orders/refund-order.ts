/**
 * The merchant refunds chosen units and/or shipping (or everything left). Each refunded unit gives back its share of
 * the line after discounts, and of the line's tax, shares from `allocate` over the line's units, so partial refunds
 * that together cover a line add up to the line exactly. Then refunds/create (the refund) and orders/updated.
 */
import { allocateId } from "../state/allocate-id.ts";
import type { DevstoreState, OrderRecord, RefundRecord } from "../state/state-schema.ts";
import { OrderError } from "./order-error.ts";
import { refundOrderInputSchema, type OrderContext, type RefundOrderInput } from "./order-input.ts";
import { divideRounded, formatMinor, parseMinor, sumMinor } from "./order-money.ts";
import { presentOrderPayload, presentRefundPayload, type OrderPayload, type RefundPayload } from "./present-order-payload.ts";
import { currentQuantity, lineAmounts, refundedQuantity, summarizeOrder, unitShare, type Side } from "./summarize-order.ts";

export interface RefundResult {
  refund: RefundPayload;
  order: OrderPayload;
}

export function refundOrder(ctx: OrderContext, orderId: number, rawInput: RefundOrderInput): RefundResult {
  const input = refundOrderInputSchema.parse(rawInput);
  const now = ctx.now();
  const refundId = ctx.state.update((draft) => {
    const order = findDraftOrder(draft, orderId);
    const refund = addRefund(draft, order, input, now);
    order.updatedAt = now.toISOString();
    return refund.id;
  });
  const state = ctx.state.read();
  const result = { refund: presentRefundPayload(state, orderId, refundId), order: presentOrderPayload(state, orderId) };
  ctx.webhooks?.deliver({ topic: "refunds/create", payload: result.refund });
  ctx.webhooks?.deliver({ topic: "orders/updated", payload: result.order });
  return result;
}

export function findDraftOrder(draft: Pick<DevstoreState, "orders">, orderId: number): OrderRecord {
  const order = draft.orders.find((candidate) => candidate.id === orderId);
  if (!order) throw new OrderError(404, `No order ${orderId}: GET /__devstore/orders lists them.`);
  return order;
}

type ParsedRefund = ReturnType<typeof refundOrderInputSchema.parse>;

/** Appends a refund to `order` (inside a state update) and sets its financial status; cancel-order reuses it. */
export function addRefund(draft: DevstoreState, order: OrderRecord, input: ParsedRefund, now: Date): RefundRecord {
  const requested = input.full
    ? order.lineItems.map((line) => ({ lineItemId: line.id, quantity: currentQuantity(order, line), restockType: "return" as const })).filter((line) => line.quantity > 0)
    : input.lineItems;
  const seen = new Set<number>();
  const pair = (shop: bigint, presentment: bigint) => ({ shop: formatMinor(shop, order.currency), presentment: formatMinor(presentment, order.presentmentCurrency) });

  const lines = requested.map((request) => {
    const line = order.lineItems.find((candidate) => candidate.id === request.lineItemId);
    if (!line) throw new OrderError(404, `Order #${order.number} has no line item ${request.lineItemId}; its lines are ${order.lineItems.map((candidate) => candidate.id).join(", ")}.`);
    if (seen.has(line.id)) throw new OrderError(422, `Line item ${line.id} is listed twice: send each line once with the total quantity.`);
    seen.add(line.id);
    const refundable = currentQuantity(order, line);
    if (request.quantity > refundable) {
      throw new OrderError(422, `Line item ${line.id} (${line.title}) has ${refundable} unit(s) left to refund; ${request.quantity} were asked for.`);
    }
    const from = refundedQuantity(order, line.id);
    const share = (side: Side) => {
      const amounts = lineAmounts(order, line, side);
      return {
        subtotal: unitShare(amounts.gross - amounts.discount, line.quantity, from, request.quantity),
        tax: unitShare(amounts.tax, line.quantity, from, request.quantity),
      };
    };
    const shop = share("shop");
    const presentment = share("presentment");
    return {
      id: allocateId(draft),
      lineItemId: line.id,
      quantity: request.quantity,
      restockType: request.restockType,
      subtotal: pair(shop.subtotal, presentment.subtotal),
      totalTax: pair(shop.tax, presentment.tax),
    };
  });

  const shipping = shippingToRefund(order, input.full ? true : input.shipping);
  if (lines.length === 0 && (shipping === null || shipping.shop === 0n)) {
    throw new OrderError(422, `Nothing to refund on order #${order.number}: choose line items and quantities, shipping, or the whole order.`);
  }

  const transactionSide = (side: Side) => {
    const currency = side === "shop" ? order.currency : order.presentmentCurrency;
    const lineMoney = lines.map((line) => parseMinor(line.subtotal[side], currency) + (order.taxesIncluded ? 0n : parseMinor(line.totalTax[side], currency)));
    return sumMinor(lineMoney) + (shipping ? shipping[side] : 0n);
  };
  const refund: RefundRecord = {
    id: allocateId(draft),
    createdAt: now.toISOString(),
    note: input.note,
    lines,
    shipping: shipping && shipping.shop > 0n ? { adjustmentId: allocateId(draft), amount: pair(shipping.shop, shipping.presentment) } : null,
    transaction: { id: allocateId(draft), amount: pair(transactionSide("shop"), transactionSide("presentment")) },
  };
  order.refunds.push(refund);
  // Refunded once nothing is left on the order (units removed by edits count as gone, not as still paid for).
  order.financialStatus = summarizeOrder(order, "shop").currentTotal <= 0n ? "refunded" : "partially_refunded";
  return refund;
}

/** Shipping to give back in both currencies, or null for none; never more than is left. */
function shippingToRefund(order: OrderRecord, wanted: boolean | string): { shop: bigint; presentment: bigint } | null {
  if (wanted === false) return null;
  const shop = summarizeOrder(order, "shop").currentShipping;
  const presentment = summarizeOrder(order, "presentment").currentShipping;
  if (wanted === true) return { shop, presentment };
  const amount = parseMinor(wanted, order.currency);
  if (amount > shop) {
    throw new OrderError(422, `Only ${formatMinor(shop, order.currency)} ${order.currency} of shipping is left to refund on order #${order.number}; ${wanted} was asked for.`);
  }
  // A part of the shipping: the same part of its presentment amount (all of it when it is all that is left).
  return { shop: amount, presentment: amount === shop ? presentment : shop === 0n ? 0n : divideRounded(amount * presentment, shop) };
}
