/**
 * orders/edited: the webhook carries only the edit (what was added and removed), so the order as it now stands is
 * re-read from Admin GraphQL before the transaction (app/webhooks/handlers/order-edited.ts), and each commission on
 * the order is re-evaluated on it. The ledger's `order_edited` event then appends exactly the difference
 * (edit_adjustment, or a clawback for money already paid out), and an older edit arriving after a newer one is
 * ignored, so any delivery order of several edits ends at the same commission.
 *
 * The attribution stands (an edit never changes who referred the order), and so do the rules: the edited order is
 * priced with the settings version its commission accrued under (Commission.settingsVersionId), never with
 * settings changed since. The edited order becomes the one a later re-tier re-prices (Commission.pricedOrder).
 */
import type { CommissionOrder } from "../../domain/commission";
import type { OrderEditedEvent } from "../../domain/ledger";
import { formatMoney } from "../../domain/money";
import type { Prisma } from "../../generated/prisma/client";
import { findOrderByLegacyId, findOrderCommissions, lockOrderForUpdate } from "../../repositories/commission-repository.server";
import { findCommissionSettingsVersion } from "../../repositories/program-settings-version-repository.server";
import { applyLedgerEvents, recordPricedOrder } from "./commission-ledger.server";
import { evaluateOrderCommission } from "./evaluate-order-commission.server";
import { NotRetryableError } from "../not-retryable-error";

type Tx = Prisma.TransactionClient;

export type OrderEdit = {
  /** order_edit.id */
  readonly editId: string;
  /** String(order_edit.order_id), the REST id refunds also use. */
  readonly orderLegacyId: string;
  readonly editedAt: Date;
};

/** Thrown while the edited order has not been recorded yet; the inbox retries the edit with backoff. */
export class OrderNotRecordedYetError extends Error {
  override name = "OrderNotRecordedYetError";
}

export async function recordOrderEdit(
  tx: Tx,
  source: { shop: string; webhookEventId: string },
  edit: OrderEdit,
  editedOrder: CommissionOrder,
  now: Date,
): Promise<string> {
  const { shop } = source;
  await lockOrderForUpdate(tx, shop, edit.orderLegacyId);
  const order = await findOrderByLegacyId(tx, shop, edit.orderLegacyId);
  if (order === null) {
    throw new OrderNotRecordedYetError(`Order ${edit.orderLegacyId} has not been recorded yet (its orders/create is still on the way); the edit is retried until it is.`);
  }
  const label = order.name ?? order.shopifyOrderId;
  const commissions = await findOrderCommissions(tx, shop, order.shopifyOrderId);
  if (commissions.length === 0) return `Order ${label} earns no commission (${order.status}); the edit changes nothing.`;
  if (editedOrder.shopCurrency !== order.currency) {
    throw new NotRetryableError(`Order ${label} was recorded in ${order.currency}, but Shopify now reports it in ${editedOrder.shopCurrency}.`);
  }

  const settings = await tx.programSettings.findUnique({ where: { shop } });
  if (settings === null) return `Order ${label}: the shop has no program settings; the edit changes nothing.`;
  const notes: string[] = [];
  for (const commission of commissions) {
    const creator = await tx.creator.findUnique({ where: { shop_id: { shop, id: commission.creatorId } } });
    if (creator === null) throw new Error(`Commission ${commission.id} names creator ${commission.creatorId}, who no longer exists in ${shop}.`);
    const pricing = (await findCommissionSettingsVersion(tx, commission)) ?? settings;
    const derivation = await evaluateOrderCommission(tx, pricing, creator, {
      shopifyOrderId: order.shopifyOrderId, createdAt: order.orderCreatedAt, label, commission: editedOrder,
    });
    const event: OrderEditedEvent = { type: "order_edited", eventId: `edit:${edit.editId}`, editedAt: edit.editedAt, commission: derivation };
    const appended = await applyLedgerEvents(tx, source, commission, [event], now, settings.includeTestOrders);
    await recordPricedOrder(tx, shop, commission.id, event.eventId, editedOrder);
    notes.push(appended.length === 0
      ? `Edit ${edit.editId} changed nothing for creator ${creator.handle} (already applied, older than the edit in force, or no change in commission).`
      : `Edit ${edit.editId}: ${appended.map((entry) => `${entry.kind} ${formatMoney(entry.amount)}`).join(", ")} for creator ${creator.handle}.`);
  }
  return notes.join(" ");
}
