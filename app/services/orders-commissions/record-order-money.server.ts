/**
 * The money loop's use cases, run by the webhook handlers inside the inbox processor's transaction:
 * an order webhook records the order (attribution decided once, the first time any orders/* delivery for it is
 * processed), accrues the pending commission, and applies whatever the payload already says happened to it
 * (refunds[], cancelled_at) plus any refund that arrived before it; a refund webhook applies the refund, or keeps
 * it in DeferredOrderEvent until its order arrives.
 *
 * Every change to a commission goes through the pure reducer (app/domain/ledger applyEvent), whose event ids make
 * duplicate and out-of-order deliveries harmless: an order's refunds carry the same ids whether they come from
 * refunds/create or from an order payload's refunds[]. The reducer state is stored on the Commission and written with
 * the appended LedgerEntry rows in the same transaction, behind an optimistic `version` check; on top of that, every
 * order's work takes a per-order advisory lock, so a refund being deferred and the order picking it up cannot miss
 * each other.
 */
import {
  decideAttribution,
  readLandingSiteRef,
  readReferralAttributes,
  type AttributionCreator,
  type AttributionDecision,
  type CreatorStatus as AttributionCreatorStatus,
} from "../../domain/attribution";
import { applyOrderContext, type OrderContext } from "../../domain/commission";
import { applyEvent, type LedgerEntry, type LedgerEvent, type OrderCreatedEvent, type RefundCreatedEvent } from "../../domain/ledger";
import { formatMoney } from "../../domain/money";
import type { CreatorStatus, Prisma, ProgramSettings } from "../../generated/prisma/client";
import {
  deleteDeferredEvents,
  findCandidateCreators,
  findCustomerReferrer,
  findDeferredEvents,
  findOrder,
  findOrderByLegacyId,
  findOrderCommissions,
  lockOrderForUpdate,
} from "../../repositories/commission-repository.server";
import { fromLedgerJson, toLedgerJson } from "../../db/ledger-json";
import { evaluateOrderCommission } from "./evaluate-order-commission.server";
import { orderEventKey, readOrderPayload, readRefundPayload, type OrderPayload, type ReadOrder, type RefundPayload } from "../../webhooks/orders/read-order-payload";
import { ensureSettingsVersion } from "../../repositories/program-settings-version-repository.server";
import { applyLedgerEvents, createAccruedCommission } from "./commission-ledger.server";
import { retierLaterOrders } from "./retier-later-orders.server";
import { hashEmail } from "../compliance/redact-customer-identity.server";
import { checkOrderRisk, toOrderRiskSubject } from "../fraud/check-order-risk.server";
import { readOrderCreditColumns, readOrderSignalColumns } from "./read-order-risk-columns.server";

type Tx = Prisma.TransactionClient;
type Source = { shop: string; webhookEventId: string };

export function recordOrderWebhook(tx: Tx, source: Source, payload: OrderPayload, now: Date, context: OrderContext = {}): Promise<string> {
  return recordReadOrder(tx, source, readOrderPayload(payload), now, context);
}

/** recordOrderWebhook for a payload already read (the order handler reads it once, in its prepare step). */
export async function recordReadOrder(tx: Tx, source: Source, read: ReadOrder, now: Date, context: OrderContext = {}): Promise<string> {
  const order = { ...read, commission: applyOrderContext(read.commission, context) };
  const { shop } = source;
  await lockOrderForUpdate(tx, shop, order.legacyId);

  const notes: string[] = [];
  const stored = await findOrder(tx, shop, order.shopifyOrderId);
  const settings = await tx.programSettings.findUnique({ where: { shop } });
  if (stored === null) {
    notes.push(await createOrder(tx, source, order, settings, now));
  } else {
    notes.push(`Order ${order.name ?? order.shopifyOrderId} was already recorded (${stored.status}); its attribution stands.`);
  }
  if (order.cancellation && (stored === null || stored.cancelledAt === null)) {
    await tx.attributedOrder.updateMany({ where: { shop, shopifyOrderId: order.shopifyOrderId }, data: { cancelledAt: order.cancellation.cancelledAt } });
  }

  const deferred = await findDeferredEvents(tx, shop, order.legacyId);
  const events: LedgerEvent[] = [
    ...order.refunds,
    ...deferred.map((row) => fromLedgerJson<RefundCreatedEvent>(row.event)),
    ...(order.cancellation ? [order.cancellation] : []),
  ];
  await markFirstRefund(tx, shop, order.shopifyOrderId, events);
  for (const commission of await findOrderCommissions(tx, shop, order.shopifyOrderId)) {
    const appended = await applyLedgerEvents(tx, source, commission, events, now, settings?.includeTestOrders === true);
    if (appended.length > 0) notes.push(describeEntries(appended));
  }
  if (deferred.length > 0) {
    await deleteDeferredEvents(tx, shop, order.legacyId);
    notes.push(`Applied ${deferred.length} refund(s) that had arrived before the order.`);
  }
  return notes.join(" ");
}

export async function recordRefundWebhook(tx: Tx, source: Source, payload: RefundPayload, now: Date): Promise<string> {
  const refund = readRefundPayload(payload);
  const { shop } = source;
  const legacyId = String(payload.order_id);
  await lockOrderForUpdate(tx, shop, legacyId);

  const order = await findOrderByLegacyId(tx, shop, legacyId);
  if (order === null) {
    // Webhooks arrive out of order. Keep the refund; the order's first webhook applies it (see recordOrderWebhook).
    await tx.deferredOrderEvent.createMany({
      data: [{ shop, shopifyOrderLegacyId: legacyId, eventKey: refund.eventId, event: toLedgerJson(refund) as Prisma.InputJsonValue, webhookEventId: source.webhookEventId, createdAt: now }],
      skipDuplicates: true,
    });
    return `Refund ${refund.refundId} arrived before order ${legacyId}; kept until the order is recorded.`;
  }
  await markFirstRefund(tx, shop, order.shopifyOrderId, [refund]);
  const commissions = await findOrderCommissions(tx, shop, order.shopifyOrderId);
  if (commissions.length === 0) return `Order ${order.name ?? order.shopifyOrderId} earns no commission (${order.status}); nothing to reverse.`;
  const settings = await tx.programSettings.findUnique({ where: { shop } });
  const notes: string[] = [];
  for (const commission of commissions) {
    const appended = await applyLedgerEvents(tx, source, commission, [refund], now, settings?.includeTestOrders === true);
    notes.push(appended.length > 0 ? describeEntries(appended) : `Refund ${refund.refundId} changed nothing (already applied, or nothing left to reverse).`);
  }
  return notes.join(" ");
}

async function createOrder(tx: Tx, source: Source, order: ReadOrder, settings: ProgramSettings | null, now: Date): Promise<string> {
  const row = {
    shop: source.shop,
    shopifyOrderId: order.shopifyOrderId,
    shopifyOrderLegacyId: order.legacyId,
    name: order.name,
    orderCreatedAt: order.createdAt,
    currency: order.currency,
    presentmentCurrency: order.presentmentCurrency,
    customerId: order.customerId,
    customerEmailHash: order.customerEmail === null ? null : hashEmail(order.customerEmail),
    ...readOrderSignalColumns(order.risk),
    test: order.test,
    sourceWebhookEventId: source.webhookEventId,
    recordedAt: now,
  };
  const label = order.name ?? order.shopifyOrderId;
  if (settings === null) {
    await tx.attributedOrder.create({ data: { ...row, status: "no_program", attribution: noDecision("The shop has no program settings yet.") } });
    return `Order ${label} recorded; the shop has no program settings, so nothing is attributed.`;
  }
  if (order.test && !settings.includeTestOrders) {
    await tx.attributedOrder.create({ data: { ...row, status: "ignored_test", attribution: noDecision("Shopify test order; the program does not count test orders.") } });
    return `Order ${label} is a Shopify test order; ignored (the program does not count test orders).`;
  }

  const referral = readReferralAttributes(order.attribution.noteAttributes);
  const refTokens = [referral.ref, readLandingSiteRef(order.attribution.landingSite)].filter((token): token is string => token !== null);
  const referredBy = await findCustomerReferrer(tx, source.shop, order.customerId);
  const candidates = await findCandidateCreators(tx, source.shop, order.attribution.discountCodes, refTokens, referredBy ? [referredBy] : []);
  const decision = decideAttribution(
    {
      order: { ...order.attribution, customer: { ...order.attribution.customer, referredByCreatorId: referredBy } },
      creators: candidates.map((creator): AttributionCreator => ({
        id: creator.id,
        status: toAttributionStatus(creator.status),
        codes: creator.codes.map((code) => ({ code: code.code, status: code.status, history: code.statusChanges })),
        refTokens: [creator.refToken],
        emails: [creator.email, ...(creator.payoutEmail ? [creator.payoutEmail] : [])],
        customerIds: creator.shopifyCustomerId ? [creator.shopifyCustomerId] : [],
      })),
      settings: { precedence: settings.attributionPrecedence, cookieWindowDays: settings.cookieWindowDays },
    },
    now,
  );
  const creator = candidates.find((candidate) => candidate.id === decision.creatorId);
  if (!creator) {
    await tx.attributedOrder.create({ data: { ...row, status: "unattributed", attribution: toLedgerJson(decision) as Prisma.InputJsonValue } });
    return `Order ${label} recorded without a creator: ${decision.reason}`;
  }

  // Priced with the kept copy of the settings in force, whose id the commission keeps (edits and re-tiers use it).
  const pricing = await ensureSettingsVersion(tx, settings, now);
  const derivation = await evaluateOrderCommission(tx, pricing, creator, { ...order, label });
  const accrual: OrderCreatedEvent = {
    type: "order_created",
    eventId: orderEventKey(order.shopifyOrderId),
    orderId: order.shopifyOrderId,
    creatorId: creator.id,
    orderCreatedAt: order.createdAt,
    test: order.test,
    commission: derivation,
  };
  const result = applyEvent(null, accrual, now, { includeTestOrders: settings.includeTestOrders });
  if (result.outcome !== "applied") throw new Error(`Order ${label}: the ledger refused the accrual (${result.reason}).`);

  const clickId = await findOrderClick(tx, source.shop, creator.id, referral.clickId, order.createdAt);
  const attributed = await tx.attributedOrder.create({
    data: {
      ...row,
      ...readOrderCreditColumns(decision, clickId),
      status: "attributed",
      creatorId: creator.id,
      clickId,
      attribution: toLedgerJson(decision) as Prisma.InputJsonValue,
      baseMinor: derivation.base.shop.amountMinor,
      presentmentBaseMinor: derivation.base.presentment.amountMinor,
    },
  });
  await createAccruedCommission(tx, source, {
    orderId: order.shopifyOrderId, creatorId: creator.id, orderCreatedAt: order.createdAt, derivation, state: result.state, entries: result.entries,
    settingsVersionId: pricing.id, pricedOrder: order.commission,
  }, now);
  await checkOrderRisk(tx, { shop: source.shop, now, order: toOrderRiskSubject(attributed) });
  const retiered = await retierLaterOrders(tx, source, { creatorId: creator.id, shopifyOrderId: order.shopifyOrderId, label, placedAt: order.createdAt }, settings, now);
  return [`Order ${label} attributed to creator ${creator.handle} by ${decision.signal}: ${describeEntries(result.entries)}`, ...retiered].join(" ");
}

/**
 * AttributedOrder.firstRefundedAt (the refund-abuse rule's input): when the order's earliest known refund was made,
 * written once (the condition is in the UPDATE, so repeats and concurrent deliveries change nothing). No query when
 * the events carry no refund.
 */
async function markFirstRefund(tx: Tx, shop: string, shopifyOrderId: string, events: readonly LedgerEvent[]): Promise<void> {
  let first: Date | null = null;
  for (const event of events) {
    if (event.type === "refund_created" && (first === null || event.createdAt.getTime() < first.getTime())) first = event.createdAt;
  }
  if (first === null) return;
  await tx.attributedOrder.updateMany({ where: { shop, shopifyOrderId, firstRefundedAt: null }, data: { firstRefundedAt: first } });
}

/**
 * The click the cart named (`_affable_click_id`, written by the theme embed with the click beacon's id), joined only
 * when it is a click of THIS shop, of the creator credited, made before the order: a cart attribute is buyer-
 * controlled text, so a click id from another shop, another creator or the future is never trusted.
 */
async function findOrderClick(tx: Tx, shop: string, creatorId: string, clickId: string | null, orderCreatedAt: Date): Promise<string | null> {
  if (clickId === null) return null;
  const click = await tx.click.findUnique({ where: { shop_clickId: { shop, clickId } }, select: { id: true, creatorId: true, createdAt: true } });
  if (click === null || click.creatorId !== creatorId || click.createdAt.getTime() > orderCreatedAt.getTime()) return null;
  return click.id;
}

/** Affable's creator lifecycle in the attribution domain's words: only approved creators earn. */
function toAttributionStatus(status: CreatorStatus): AttributionCreatorStatus {
  switch (status) {
    case "invited":
    case "applied":
      return "pending";
    case "approved":
      return "approved";
    case "paused":
      return "paused";
    case "rejected":
      return "rejected";
  }
}

function noDecision(reason: string): Prisma.InputJsonValue {
  const decision: AttributionDecision = { creatorId: null, signal: null, reason, considered: [], flags: [] };
  return toLedgerJson(decision) as Prisma.InputJsonValue;
}

function describeEntries(entries: readonly LedgerEntry[]): string {
  return entries.map((entry) => `${entry.kind} ${formatMoney(entry.amount)} (${entry.statusAfter})`).join(", ") + ".";
}
