import { recordOrderWebhook, recordRefundWebhook } from "../../services/record-order-money.server";
import type { WebhookHandler } from "./types";

/**
 * orders/create, orders/paid, orders/updated and orders/cancelled all carry the whole order, so they share one
 * handler: whichever is processed first records the order and accrues the commission; every one of them then
 * applies the refunds[] and cancelled_at it carries (the ledger's event ids make repeats harmless).
 * orders/edited is not handled: it carries only the edit, and re-reading the order through Admin GraphQL is not
 * built yet (its deliveries wait, `received`, in the inbox).
 */
export const handleOrderWebhook: WebhookHandler<"ORDERS_CREATE" | "ORDERS_PAID" | "ORDERS_UPDATED" | "ORDERS_CANCELLED"> = async (tx, event, now) => ({
  note: await recordOrderWebhook(tx, { shop: event.shop, webhookEventId: event.id }, event.payload, now),
});

/** refunds/create: reverses commission pro rata; a refund for an order not seen yet is kept until it arrives. */
export const handleRefundCreated: WebhookHandler<"REFUNDS_CREATE"> = async (tx, event, now) => ({
  note: await recordRefundWebhook(tx, { shop: event.shop, webhookEventId: event.id }, event.payload, now),
});
