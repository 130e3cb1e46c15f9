/**
 * One order as Affable saw it: the attribution decision (every signal considered, the one credited, flags), each
 * commission's derivation and balances (net, paid, owed, summed from its ledger entries), the full ledger history,
 * and the webhook deliveries that touched the order. Null when the order is not this shop's.
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import type { AttributionDecision } from "../../domain/attribution";
import type { CommissionDerivation } from "../../domain/commission";
import type { AttributedOrder, CommissionStatus, LedgerEntryKind, WebhookEventStatus } from "../../generated/prisma/client";
import { fromLedgerJson } from "../../db/ledger-json";

export type OrderDetailEntry = {
  id: string;
  kind: LedgerEntryKind;
  amountMinor: bigint;
  currency: string;
  statusAfter: CommissionStatus;
  note: string;
  actor: string;
  sourceKey: string;
  webhookEventId: string | null;
  payoutId: string | null;
  createdAt: Date;
};

export type OrderDetailCommission = {
  id: string;
  creatorId: string;
  status: CommissionStatus;
  currency: string;
  ruleVersionId: string;
  derivation: CommissionDerivation;
  netMinor: bigint;
  paidMinor: bigint;
  owedMinor: bigint;
  holdReason: string | null;
  entries: OrderDetailEntry[];
};

export type OrderDetailDelivery = {
  id: string;
  topicRaw: string;
  status: WebhookEventStatus;
  attempts: number;
  receivedAt: Date;
  processedAt: Date | null;
  resultNote: string | null;
  lastError: string | null;
};

export type OrderDetail = {
  order: AttributedOrder;
  decision: AttributionDecision;
  /** Names of every creator the decision mentions (credited or considered); deleted creators are absent. */
  creators: Record<string, string>;
  commissions: OrderDetailCommission[];
  deliveries: OrderDetailDelivery[];
  /** Line item titles from the delivery that recorded the order (the derivation keeps only line ids). */
  lineTitles: Record<string, string>;
};

// Deliveries reach us after the order exists; an hour of slack covers clock skew between Shopify and the order.
const DELIVERY_LOOKBACK_MS = 60 * 60_000;
const MAX_DELIVERIES = 100;

const lineTitlesSchema = z.object({
  line_items: z.array(z.object({ id: z.union([z.number(), z.string()]).optional(), admin_graphql_api_id: z.string().optional(), title: z.string().optional(), name: z.string().optional() })).catch([]),
});

async function findLineTitles(db: Database, order: AttributedOrder): Promise<Record<string, string>> {
  const source = await db.webhookEvent.findFirst({ where: { shop: order.shop, id: order.sourceWebhookEventId }, select: { payload: true } });
  const parsed = lineTitlesSchema.safeParse(source?.payload ?? {});
  if (!parsed.success) return {};
  return Object.fromEntries(
    parsed.data.line_items.flatMap((line) => {
      const title = line.name ?? line.title;
      const id = line.admin_graphql_api_id ?? (line.id === undefined ? undefined : `gid://shopify/LineItem/${line.id}`);
      return title && id ? [[id, title]] : [];
    }),
  );
}

async function findDeliveries(db: Database, order: AttributedOrder, linkedIds: string[]): Promise<OrderDetailDelivery[]> {
  const legacyId = Number(order.shopifyOrderLegacyId);
  return db.webhookEvent.findMany({
    where: {
      shop: order.shop,
      OR: [
        { id: { in: linkedIds } },
        {
          receivedAt: { gte: new Date(order.orderCreatedAt.getTime() - DELIVERY_LOOKBACK_MS) },
          OR: [
            // orders/*: the order's own gid; refunds/create: only the numeric order_id (see AttributedOrder).
            { payload: { path: ["admin_graphql_api_id"], equals: order.shopifyOrderId } },
            ...(Number.isSafeInteger(legacyId) ? [{ topic: "REFUNDS_CREATE", payload: { path: ["order_id"], equals: legacyId } }] : []),
          ],
        },
      ],
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: MAX_DELIVERIES,
    select: { id: true, topicRaw: true, status: true, attempts: true, receivedAt: true, processedAt: true, resultNote: true, lastError: true },
  });
}

export async function loadOrderDetail(db: Database, shop: string, orderId: string): Promise<OrderDetail | null> {
  const order = await db.attributedOrder.findFirst({ where: { shop, id: orderId } });
  if (order === null) return null;
  const decision = fromLedgerJson<AttributionDecision>(order.attribution);
  const commissionRows = await db.commission.findMany({
    where: { shop, shopifyOrderId: order.shopifyOrderId },
    orderBy: { createdAt: "asc" },
    include: { entries: { where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });

  const commissions = commissionRows.map((row): OrderDetailCommission => {
    // Balances are sums of the entries (payouts move money; every other kind changes what was earned).
    const netMinor = row.entries.filter((entry) => entry.kind !== "payout").reduce((sum, entry) => sum + entry.amountMinor, 0n);
    const paidMinor = row.entries.filter((entry) => entry.kind === "payout").reduce((sum, entry) => sum + entry.amountMinor, 0n);
    const state = fromLedgerJson<{ holdReason?: string | null }>(row.ledgerState);
    return {
      id: row.id,
      creatorId: row.creatorId,
      status: row.status,
      currency: row.currency,
      ruleVersionId: row.ruleVersionId,
      derivation: fromLedgerJson<CommissionDerivation>(row.derivation),
      netMinor,
      paidMinor,
      owedMinor: netMinor - paidMinor,
      holdReason: state.holdReason ?? null,
      entries: row.entries.map(({ id, kind, amountMinor, currency, statusAfter, note, actor, sourceKey, webhookEventId, payoutId, createdAt }) => ({
        id, kind, amountMinor, currency, statusAfter, note, actor, sourceKey, webhookEventId, payoutId, createdAt,
      })),
    };
  });

  const creatorIds = new Set<string>([
    ...(order.creatorId ? [order.creatorId] : []),
    ...decision.considered.flatMap((signal) => (signal.creatorId ? [signal.creatorId] : [])),
    ...commissions.map((commission) => commission.creatorId),
  ]);
  const linkedIds = [order.sourceWebhookEventId, ...commissions.flatMap((commission) => commission.entries.flatMap((entry) => (entry.webhookEventId ? [entry.webhookEventId] : [])))];
  const [creators, deliveries, lineTitles] = await Promise.all([
    db.creator.findMany({ where: { shop, id: { in: [...creatorIds] } }, select: { id: true, name: true } }),
    findDeliveries(db, order, [...new Set(linkedIds)]),
    findLineTitles(db, order),
  ]);
  return { order, decision, creators: Object.fromEntries(creators.map((creator) => [creator.id, creator.name])), commissions, deliveries, lineTitles };
}
