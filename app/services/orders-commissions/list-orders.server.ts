/**
 * The orders list: every order Affable has seen in one shop, newest first, with its creator, the signal that
 * credited it, its commission (net, status) and, when no creator earns, why. One page at a time: the orders, then
 * their commissions and creators in two scoped queries for just that page.
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import type { AttributionDecision } from "../../domain/attribution";
import { findLocalDayStart, parseDay, addDays } from "../../domain/reporting";
import type { AttributedOrderStatus, CommissionStatus, Prisma } from "../../generated/prisma/client";
import { fromLedgerJson } from "../../db/ledger-json";

export const ORDERS_PER_PAGE = 50;
export const ORDER_STATUSES = ["attributed", "unattributed", "ignored_test", "no_program"] as const satisfies readonly AttributedOrderStatus[];

const day = z.string().refine((value) => {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}, "Use a date like 2026-11-20.");

/** The list's URL query. A value that does not parse is dropped (the list shows unfiltered) rather than failing. */
export const orderListQuerySchema = z.object({
  q: z.string().trim().min(1).max(100).optional().catch(undefined),
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  creator: z.string().trim().min(1).max(64).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type OrderListQuery = z.infer<typeof orderListQuerySchema>;

export function parseOrderListQuery(url: URL): OrderListQuery {
  return orderListQuerySchema.parse(Object.fromEntries(url.searchParams));
}

export type OrderListRow = {
  id: string;
  name: string | null;
  shopifyOrderLegacyId: string;
  orderCreatedAt: Date;
  status: AttributedOrderStatus;
  test: boolean;
  cancelled: boolean;
  creator: { id: string; name: string | null } | null;
  signal: AttributionDecision["signal"];
  /** Why no creator earns (unattributed, test, no program); null for attributed orders. */
  reason: string | null;
  flags: readonly string[];
  commission: { status: CommissionStatus; netMinor: bigint; currency: string } | null;
};

export type OrderListPage = { orders: OrderListRow[]; total: number; page: number; pageCount: number };

function buildWhere(shop: string, query: OrderListQuery, timeZone: string): Prisma.AttributedOrderWhereInput {
  // Dates are the shop's calendar days: "to" includes the whole of that day.
  const placed: Prisma.DateTimeFilter = {
    ...(query.from ? { gte: findLocalDayStart(query.from, timeZone) } : {}),
    ...(query.to ? { lt: findLocalDayStart(addDays(query.to, 1), timeZone) } : {}),
  };
  return {
    shop,
    ...(query.status ? { status: query.status } : {}),
    ...(query.creator ? { creatorId: query.creator } : {}),
    ...(query.from || query.to ? { orderCreatedAt: placed } : {}),
    // Shopify names are "#1041"; a merchant may type "1041" or "#1041".
    ...(query.q ? { name: { contains: query.q.replace(/^#/, ""), mode: "insensitive" } } : {}),
  };
}

export async function listOrders(db: Database, shop: string, timeZone: string, query: OrderListQuery): Promise<OrderListPage> {
  const where = buildWhere(shop, query, timeZone);
  const page = query.page ?? 1;
  const [rows, total] = await Promise.all([
    db.attributedOrder.findMany({
      where,
      orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * ORDERS_PER_PAGE,
      take: ORDERS_PER_PAGE,
    }),
    db.attributedOrder.count({ where }),
  ]);
  const orderIds = rows.map((row) => row.shopifyOrderId);
  const creatorIds = [...new Set(rows.flatMap((row) => (row.creatorId ? [row.creatorId] : [])))];
  const [commissions, creators] = await Promise.all([
    orderIds.length === 0
      ? []
      : db.commission.findMany({
          where: { shop, shopifyOrderId: { in: orderIds } },
          select: { shopifyOrderId: true, creatorId: true, status: true, netMinor: true, currency: true },
        }),
    creatorIds.length === 0 ? [] : db.creator.findMany({ where: { shop, id: { in: creatorIds } }, select: { id: true, name: true } }),
  ]);

  const orders = rows.map((row): OrderListRow => {
    const decision = fromLedgerJson<Partial<AttributionDecision>>(row.attribution);
    const commission = commissions.find((item) => item.shopifyOrderId === row.shopifyOrderId && item.creatorId === row.creatorId);
    return {
      id: row.id,
      name: row.name,
      shopifyOrderLegacyId: row.shopifyOrderLegacyId,
      orderCreatedAt: row.orderCreatedAt,
      status: row.status,
      test: row.test,
      cancelled: row.cancelledAt !== null,
      creator: row.creatorId ? { id: row.creatorId, name: creators.find((creator) => creator.id === row.creatorId)?.name ?? null } : null,
      signal: decision.signal ?? null,
      reason: row.status === "attributed" ? null : (decision.reason ?? null),
      flags: decision.flags ?? [],
      commission: commission ? { status: commission.status, netMinor: commission.netMinor, currency: commission.currency } : null,
    };
  });
  return { orders, total, page, pageCount: Math.max(1, Math.ceil(total / ORDERS_PER_PAGE)) };
}
