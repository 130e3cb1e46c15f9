/**
 * The dashboard's numbers for one shop and one range of the shop's calendar days, aggregated in the database:
 * orders are bucketed into the [start, end) instants of each local day (app/domain/reporting), and every amount is
 * summed as bigint and read back as text, so no money ever passes through a float.
 *
 * Attributed revenue is Σ AttributedOrder.baseMinor (the commissionable base at order time: after discounts,
 * without tax and shipping) of attributed orders that were not cancelled. Refunds are NOT subtracted from revenue
 * (the base is not split per refund in the database); commission figures are net of refunds, from the ledger.
 */
import type { Database } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import { buildReportingDays, type ReportingDay, type ReportingRange } from "../../domain/reporting";

export type MoneyTotal = { currency: string; amountMinor: bigint };

export type DashboardDay = { day: string; revenueMinor: bigint; commissionMinor: bigint; orders: number };

export type DashboardTopCreator = {
  creatorId: string;
  name: string | null;
  currency: string;
  revenueMinor: bigint;
  orders: number;
  commissionMinor: bigint;
};

export type DashboardCommissionTotals = {
  currency: string;
  pendingMinor: bigint;
  approvedMinor: bigint;
  onHoldMinor: bigint;
  paidMinor: bigint;
};

export type Dashboard = {
  range: ReportingRange;
  /** Days of the chart; amounts in `chartCurrency` only (orders in another currency are in the KPIs). */
  days: DashboardDay[];
  chartCurrency: string;
  revenue: MoneyTotal[];
  attributedOrders: number;
  /** Every order Affable saw in the range, attributed or not. */
  ordersSeen: number;
  unattributedOrders: number;
  /** Commissions on orders placed in the range, by their status now (net of refunds and cancellations). */
  commissions: DashboardCommissionTotals[];
  /** Right now, whatever the range: approved commission not yet paid, and paid commission later reversed. */
  owedNow: MoneyTotal[];
  clawbacksOutstanding: MoneyTotal[];
  topCreators: DashboardTopCreator[];
  /** False until the shop's first order: the page then says what to do to get one. */
  hasAnyOrder: boolean;
};

type Bounds = { start: Date; end: Date };

function toTimestamp(instant: Date): string {
  // The columns are `timestamp(3)` holding UTC; an ISO string without its "Z" is read as exactly that.
  return instant.toISOString().slice(0, 23);
}

function buildDaysTable(days: readonly ReportingDay[]): Prisma.Sql {
  return Prisma.sql`(VALUES ${Prisma.join(
    days.map((day) => Prisma.sql`(${day.day}, ${toTimestamp(day.start)}::timestamp, ${toTimestamp(day.end)}::timestamp)`),
  )}) AS d(day, start_at, end_at)`;
}

/** Net (every non-payout entry) and paid (payout entries) of each commission, straight from the ledger. */
function selectBalances(shop: string, bounds: Bounds | null): Prisma.Sql {
  const placed = bounds
    ? Prisma.sql`AND c."orderCreatedAt" >= ${toTimestamp(bounds.start)}::timestamp AND c."orderCreatedAt" < ${toTimestamp(bounds.end)}::timestamp`
    : Prisma.empty;
  return Prisma.sql`
    SELECT c.id, c."shopifyOrderId", c."creatorId", c.status::text AS status, c.currency, c."orderCreatedAt",
      COALESCE(SUM(e."amountMinor") FILTER (WHERE e.kind <> 'payout'), 0) AS net,
      COALESCE(SUM(e."amountMinor") FILTER (WHERE e.kind = 'payout'), 0) AS paid
    FROM "Commission" c
    LEFT JOIN "LedgerEntry" e ON e.shop = c.shop AND e."commissionId" = c.id
    WHERE c.shop = ${shop} ${placed}
    GROUP BY c.id`;
}

async function loadDays(db: Database, shop: string, currency: string, days: readonly ReportingDay[], bounds: Bounds): Promise<DashboardDay[]> {
  const rows = await db.$queryRaw<{ day: string; revenue: string; commission: string; orders: number }[]>`
    WITH balances AS (${selectBalances(shop, bounds)}),
    orders AS (
      SELECT o."orderCreatedAt", o."baseMinor", o."cancelledAt", b.net
      FROM "AttributedOrder" o
      LEFT JOIN balances b ON b."shopifyOrderId" = o."shopifyOrderId" AND b."creatorId" = o."creatorId"
      WHERE o.shop = ${shop} AND o.status = 'attributed' AND o.currency = ${currency}
        AND o."orderCreatedAt" >= ${toTimestamp(bounds.start)}::timestamp AND o."orderCreatedAt" < ${toTimestamp(bounds.end)}::timestamp
    )
    SELECT d.day,
      COALESCE(SUM(o."baseMinor") FILTER (WHERE o."cancelledAt" IS NULL), 0)::text AS revenue,
      COALESCE(SUM(o.net), 0)::text AS commission,
      COUNT(o."orderCreatedAt")::int AS orders
    FROM ${buildDaysTable(days)}
    LEFT JOIN orders o ON o."orderCreatedAt" >= d.start_at AND o."orderCreatedAt" < d.end_at
    GROUP BY d.day
    ORDER BY d.day`;
  return rows.map((row) => ({ day: row.day, revenueMinor: BigInt(row.revenue), commissionMinor: BigInt(row.commission), orders: row.orders }));
}

async function loadOrderCounts(db: Database, shop: string, bounds: Bounds) {
  const [byStatus, revenue] = await Promise.all([
    db.attributedOrder.groupBy({
      by: ["status"],
      where: { shop, orderCreatedAt: { gte: bounds.start, lt: bounds.end } },
      _count: { _all: true },
    }),
    db.$queryRaw<{ currency: string; amount: string }[]>`
      SELECT currency, SUM("baseMinor")::text AS amount FROM "AttributedOrder"
      WHERE shop = ${shop} AND status = 'attributed' AND "cancelledAt" IS NULL
        AND "orderCreatedAt" >= ${toTimestamp(bounds.start)}::timestamp AND "orderCreatedAt" < ${toTimestamp(bounds.end)}::timestamp
      GROUP BY currency ORDER BY currency`,
  ]);
  const count = (status: string) => byStatus.find((row) => row.status === status)?._count._all ?? 0;
  return {
    ordersSeen: byStatus.reduce((sum, row) => sum + row._count._all, 0),
    attributedOrders: count("attributed"),
    unattributedOrders: count("unattributed"),
    revenue: revenue.map((row) => ({ currency: row.currency, amountMinor: BigInt(row.amount) })),
  };
}

async function loadCommissionTotals(db: Database, shop: string, bounds: Bounds) {
  const [inRange, now] = await Promise.all([
    db.$queryRaw<{ currency: string; pending: string; approved: string; on_hold: string; paid: string }[]>`
      WITH balances AS (${selectBalances(shop, bounds)})
      SELECT currency,
        COALESCE(SUM(net) FILTER (WHERE status = 'pending'), 0)::text AS pending,
        COALESCE(SUM(net - paid) FILTER (WHERE status = 'approved'), 0)::text AS approved,
        COALESCE(SUM(net) FILTER (WHERE status = 'on_hold'), 0)::text AS on_hold,
        COALESCE(SUM(paid), 0)::text AS paid
      FROM balances GROUP BY currency ORDER BY currency`,
    db.$queryRaw<{ currency: string; owed: string; clawbacks: string }[]>`
      WITH balances AS (${selectBalances(shop, null)})
      SELECT currency,
        COALESCE(SUM(GREATEST(net - paid, 0)) FILTER (WHERE status IN ('approved', 'paid')), 0)::text AS owed,
        COALESCE(SUM(LEAST(net - paid, 0)), 0)::text AS clawbacks
      FROM balances GROUP BY currency ORDER BY currency`,
  ]);
  return {
    commissions: inRange.map((row) => ({
      currency: row.currency,
      pendingMinor: BigInt(row.pending),
      approvedMinor: BigInt(row.approved),
      onHoldMinor: BigInt(row.on_hold),
      paidMinor: BigInt(row.paid),
    })),
    owedNow: now.map((row) => ({ currency: row.currency, amountMinor: BigInt(row.owed) })),
    // Stored negative (net below paid); shown as the amount to recover.
    clawbacksOutstanding: now.map((row) => ({ currency: row.currency, amountMinor: -BigInt(row.clawbacks) })),
  };
}

async function loadTopCreators(db: Database, shop: string, bounds: Bounds, take: number): Promise<DashboardTopCreator[]> {
  const rows = await db.$queryRaw<{ creatorId: string; name: string | null; currency: string; revenue: string; orders: number; commission: string }[]>`
    WITH balances AS (${selectBalances(shop, bounds)})
    SELECT o."creatorId", cr.name, o.currency,
      COALESCE(SUM(o."baseMinor") FILTER (WHERE o."cancelledAt" IS NULL), 0)::text AS revenue,
      COUNT(*)::int AS orders,
      COALESCE(SUM(b.net), 0)::text AS commission
    FROM "AttributedOrder" o
    LEFT JOIN balances b ON b."shopifyOrderId" = o."shopifyOrderId" AND b."creatorId" = o."creatorId"
    LEFT JOIN "Creator" cr ON cr.shop = o.shop AND cr.id = o."creatorId"
    WHERE o.shop = ${shop} AND o.status = 'attributed' AND o."creatorId" IS NOT NULL
      AND o."orderCreatedAt" >= ${toTimestamp(bounds.start)}::timestamp AND o."orderCreatedAt" < ${toTimestamp(bounds.end)}::timestamp
    GROUP BY o."creatorId", cr.name, o.currency
    ORDER BY SUM(o."baseMinor") FILTER (WHERE o."cancelledAt" IS NULL) DESC NULLS LAST, COUNT(*) DESC, o."creatorId"
    LIMIT ${take}`;
  return rows.map((row) => ({
    creatorId: row.creatorId,
    name: row.name,
    currency: row.currency,
    revenueMinor: BigInt(row.revenue),
    orders: row.orders,
    commissionMinor: BigInt(row.commission),
  }));
}

export async function loadDashboard(
  db: Database,
  shop: { shop: string; currencyCode: string; ianaTimezone: string },
  range: ReportingRange,
  topCreatorCount = 10,
): Promise<Dashboard> {
  const days = buildReportingDays(range, shop.ianaTimezone);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) throw new RangeError(`The range ${range.from} … ${range.to} has no days.`);
  const bounds = { start: first.start, end: last.end };
  const [series, counts, totals, topCreators, anyOrder] = await Promise.all([
    loadDays(db, shop.shop, shop.currencyCode, days, bounds),
    loadOrderCounts(db, shop.shop, bounds),
    loadCommissionTotals(db, shop.shop, bounds),
    loadTopCreators(db, shop.shop, bounds, topCreatorCount),
    db.attributedOrder.findFirst({ where: { shop: shop.shop }, select: { id: true } }),
  ]);
  return { range, days: series, chartCurrency: shop.currencyCode, ...counts, ...totals, topCreators, hasAnyOrder: anyOrder !== null };
}
