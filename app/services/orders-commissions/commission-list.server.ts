/**
 * The commissions list: tabs (Ready to approve, Pending, On hold, Approved, Paid, Reversed, All), filters by
 * creator and order date, pages, each row joined to its order (AttributedOrder on (shop, shopifyOrderId)) and
 * creator. The CSV export uses the same filter.
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import type { CommissionStatus } from "../../domain/ledger";
import type { Prisma } from "../../generated/prisma/client";

export const COMMISSIONS_PER_PAGE = 50;
const DAY_MS = 86_400_000;

export const COMMISSION_TABS = ["ready", "pending", "on_hold", "approved", "paid", "reversed", "all"] as const;
export type CommissionTab = (typeof COMMISSION_TABS)[number];

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

/** The list's URL query. A value that does not parse falls back to its default rather than failing the page. */
const commissionListQuerySchema = z.object({
  tab: z.enum(COMMISSION_TABS).optional().catch(undefined),
  creatorId: z.string().trim().min(1).max(100).optional().catch(undefined),
  from: dateSchema.optional().catch(undefined),
  to: dateSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type CommissionListQuery = {
  tab: CommissionTab;
  creatorId?: string;
  /** Order date from (inclusive), YYYY-MM-DD in UTC. */
  from?: string;
  /** Order date to (inclusive), YYYY-MM-DD in UTC. */
  to?: string;
  page: number;
};

export function parseCommissionListQuery(url: URL): CommissionListQuery {
  const parsed = commissionListQuerySchema.parse(Object.fromEntries(url.searchParams));
  return { tab: parsed.tab ?? "ready", creatorId: parsed.creatorId, from: parsed.from, to: parsed.to, page: parsed.page ?? 1 };
}

export function buildCommissionWhere(shop: string, query: CommissionListQuery, now: Date, holdingPeriodDays: number): Prisma.CommissionWhereInput {
  const orderCreatedAt: Prisma.DateTimeFilter = {};
  if (query.from) orderCreatedAt.gte = new Date(`${query.from}T00:00:00.000Z`);
  if (query.to) orderCreatedAt.lt = new Date(Date.parse(`${query.to}T00:00:00.000Z`) + DAY_MS);
  if (query.tab === "ready") {
    orderCreatedAt.lte = new Date(now.getTime() - holdingPeriodDays * DAY_MS);
  }
  const status: CommissionStatus | undefined = query.tab === "ready" ? "pending" : query.tab === "all" ? undefined : query.tab;
  return {
    shop,
    ...(status === undefined ? {} : { status }),
    ...(query.tab === "ready" ? { netMinor: { gt: 0n } } : {}),
    ...(query.creatorId === undefined ? {} : { creatorId: query.creatorId }),
    ...(Object.keys(orderCreatedAt).length === 0 ? {} : { orderCreatedAt }),
  };
}

export type CommissionListRow = {
  id: string;
  status: CommissionStatus;
  currency: string;
  netMinor: bigint;
  paidMinor: bigint;
  orderCreatedAt: Date;
  shopifyOrderId: string;
  /** AttributedOrder.id, for /app/orders/<id>; null if the order row is missing. */
  orderId: string | null;
  orderName: string | null;
  creatorId: string;
  creatorName: string;
};

/** One page of commissions (or all of them with `page: null`, for the export), newest order first. */
/**
 * The tab the list opens on when the URL names none: "Ready to approve" when something is ready, otherwise "All",
 * so a merchant with commissions never lands on an empty list.
 */
export async function chooseOpeningTab(db: Database, shop: string, now: Date): Promise<CommissionTab> {
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { holdingPeriodDays: true } });
  const ready = await db.commission.count({ where: buildCommissionWhere(shop, { tab: "ready", page: 1 }, now, settings?.holdingPeriodDays ?? 30) });
  return ready > 0 ? "ready" : "all";
}

export async function listCommissions(
  db: Database,
  shop: string,
  query: CommissionListQuery,
  now: Date,
  page: { skip: number; take: number } | null,
): Promise<{ rows: CommissionListRow[]; total: number }> {
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { holdingPeriodDays: true } });
  const where = buildCommissionWhere(shop, query, now, settings?.holdingPeriodDays ?? 30);
  const [commissions, total] = await Promise.all([
    db.commission.findMany({
      where,
      orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
      ...(page === null ? {} : page),
      select: { id: true, status: true, currency: true, netMinor: true, paidMinor: true, orderCreatedAt: true, shopifyOrderId: true, creatorId: true },
    }),
    db.commission.count({ where }),
  ]);
  const [orders, creators] = await Promise.all([
    db.attributedOrder.findMany({
      where: { shop, shopifyOrderId: { in: [...new Set(commissions.map((commission) => commission.shopifyOrderId))] } },
      select: { id: true, shopifyOrderId: true, name: true },
    }),
    db.creator.findMany({ where: { shop, id: { in: [...new Set(commissions.map((commission) => commission.creatorId))] } }, select: { id: true, name: true } }),
  ]);
  const orderById = new Map(orders.map((order) => [order.shopifyOrderId, order]));
  const creatorById = new Map(creators.map((creator) => [creator.id, creator.name]));
  return {
    total,
    rows: commissions.map((commission) => {
      const order = orderById.get(commission.shopifyOrderId);
      return {
        ...commission,
        orderId: order?.id ?? null,
        orderName: order?.name ?? null,
        creatorName: creatorById.get(commission.creatorId) ?? "(deleted creator)",
      };
    }),
  };
}
