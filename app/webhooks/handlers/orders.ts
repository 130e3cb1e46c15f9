import { readLandingSiteRef, readReferralAttributes } from "../../domain/attribution";
import { applyOrderContext, type OrderContext } from "../../domain/commission";
import { findCustomerReferrer } from "../../repositories/commission-repository.server";
import { recordOrderEdit } from "../../services/orders-commissions/record-order-edit.server";
import { recordReadOrder, recordRefundWebhook } from "../../services/orders-commissions/record-order-money.server";
import { readEditedOrder, readOrderContext, type EditedOrder, type OrderContextNeeds } from "../../shopify/order-context.server";
import { readOrderPayload, type ReadOrder } from "../orders/read-order-payload";
import { definePreparedHandler, type WebhookHandler, type WebhookPrepareContext } from "./types";

type OrderTopic = "ORDERS_CREATE" | "ORDERS_PAID" | "ORDERS_UPDATED" | "ORDERS_CANCELLED";

/**
 * orders/create, orders/paid, orders/updated and orders/cancelled all carry the whole order, so they share one
 * handler: whichever is processed first records the order and accrues the commission; every one of them then
 * applies the refunds[] and cancelled_at it carries (the ledger's event ids make repeats harmless).
 *
 * Before the transaction, `prepare` reads from Admin GraphQL what the payload lacks, but only when the result can
 * matter: the order is not recorded yet, it carries a referral signal, and the program uses the new-customers-only
 * rule (the customer's earlier orders) or per-collection rates (each product's collections). Other orders cost no
 * Shopify call at all.
 */
export const handleOrderWebhook = definePreparedHandler<OrderTopic, { order: ReadOrder; context: OrderContext }>({
  prepare: async (event, _now, prepareContext) => {
    // Read once: the handler records this same reading.
    const order = readOrderPayload(event.payload);
    return { order, context: await readContextForNewOrder(event.shop, order, prepareContext) };
  },
  handle: async (tx, event, now, { order, context }) => ({
    note: await recordReadOrder(tx, { shop: event.shop, webhookEventId: event.id }, order, now, context),
  }),
});

/** refunds/create: reverses commission pro rata; a refund for an order not seen yet is kept until it arrives. */
export const handleRefundCreated: WebhookHandler<"REFUNDS_CREATE"> = async (tx, event, now) => ({
  note: await recordRefundWebhook(tx, { shop: event.shop, webhookEventId: event.id }, event.payload, now),
});

/**
 * orders/edited carries only the edit, so `prepare` re-reads the order as it now stands from Admin GraphQL (with the
 * same customer-history and collection facts an accrual uses), unless Affable has no commission on the order.
 */
export const handleOrderEdited = definePreparedHandler<"ORDERS_EDITED", EditedOrder | null>({
  prepare: async (event, _now, { db, admin }) => {
    const orderLegacyId = String(event.payload.order_edit.order_id);
    const [stored, needs] = await Promise.all([
      db.attributedOrder.findFirst({ where: { shop: event.shop, shopifyOrderLegacyId: orderLegacyId }, select: { status: true } }),
      readContextNeeds(db, event.shop),
    ]);
    // Not recorded yet: re-read anyway, so the edit is ready once the order lands (handle retries until then).
    if (stored !== null && stored.status !== "attributed") return null;
    const client = await admin(event.shop);
    const edited = await readEditedOrder(client, `gid://shopify/Order/${orderLegacyId}`);
    if (needs === null) return edited;
    const context = await readOrderContext(client, needs, {
      orderId: edited.commission.orderId,
      createdAt: edited.createdAt,
      customerId: edited.customerId,
      productIds: edited.commission.lineItems.flatMap((line) => (line.productId === null ? [] : [line.productId])),
    });
    return { ...edited, commission: applyOrderContext(edited.commission, context) };
  },
  handle: async (tx, event, now, edited) => {
    const orderLegacyId = String(event.payload.order_edit.order_id);
    if (edited === null) return { note: `Order ${orderLegacyId} earns no commission; the edit changes nothing.` };
    const editedAt = event.payload.order_edit.created_at ? new Date(event.payload.order_edit.created_at) : (event.triggeredAt ?? event.receivedAt);
    const edit = { editId: String(event.payload.order_edit.id), orderLegacyId, editedAt };
    return { note: await recordOrderEdit(tx, { shop: event.shop, webhookEventId: event.id }, edit, edited.commission, now) };
  },
});

async function readContextForNewOrder(shop: string, order: ReadOrder, { db, admin }: WebhookPrepareContext): Promise<OrderContext> {
  const signals = order.attribution;
  const carriesSignal = signals.discountCodes.length > 0 ||
    readReferralAttributes(signals.noteAttributes).ref !== null ||
    readLandingSiteRef(signals.landingSite) !== null;
  // Without a signal only a lifetime customer referral could name a creator, and a guest has none.
  if (!carriesSignal && order.customerId === null) return {};
  // The common program uses neither rule: one settings read, and no further work for any order.
  const needs = await readContextNeeds(db, shop);
  if (needs === null) return {};
  const [stored, referrer] = await Promise.all([
    db.attributedOrder.findUnique({ where: { shop_shopifyOrderId: { shop, shopifyOrderId: order.shopifyOrderId } }, select: { id: true } }),
    carriesSignal ? null : findCustomerReferrer(db, shop, order.customerId),
  ]);
  if (stored !== null || (!carriesSignal && referrer === null)) return {};
  return readOrderContext(await admin(shop), needs, {
    orderId: order.shopifyOrderId,
    createdAt: order.createdAt,
    customerId: order.customerId,
    productIds: order.commission.lineItems.flatMap((line) => (line.productId === null ? [] : [line.productId])),
  });
}

/** Null when the program uses neither rule that needs Shopify's facts. */
async function readContextNeeds(db: WebhookPrepareContext["db"], shop: string): Promise<OrderContextNeeds | null> {
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { newCustomersOnly: true, collectionRates: true } });
  if (settings === null) return null;
  const needs = { customerHistory: settings.newCustomersOnly, collections: Array.isArray(settings.collectionRates) && settings.collectionRates.length > 0 };
  return needs.customerHistory || needs.collections ? needs : null;
}
