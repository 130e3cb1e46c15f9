/**
 * How creators perform, summed in the database (bigint sums read back as text: no money through a float).
 *
 * - loadCreatorsSummary: lifetime columns for the creators list and export, for many creators in a fixed number of
 *   grouped queries (never one query per creator).
 * - loadCreatorPerformance: the creator page's card for one reporting range of the shop's calendar days (the
 *   dashboard's range logic: app/domain/reporting), with a daily series, and the creator's latest commissions.
 *
 * The words mean what they mean on the dashboard: revenue is Σ AttributedOrder.baseMinor (commissionable base,
 * after discounts, before tax and shipping) of attributed orders not cancelled; orders counts attributed orders;
 * commission is the net commission (after refunds and reversals). Balance owed is what the next payout would pay:
 * Σ (net − paid) of approved, paid and reversed commissions (clawbacks of paid money count against it); pending
 * and on-hold commissions are not owed yet. Amounts are in the shop's currency (commissions are always in it).
 */
import type { Database } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import { buildReportingDays, type ReportingRange } from "../../domain/reporting";

export type CreatorSummary = {
  currency: string;
  revenueMinor: bigint;
  orders: number;
  commissionEarnedMinor: bigint;
  balanceOwedMinor: bigint;
  /** The newest active discount code, or null. */
  primaryCode: string | null;
};

export type CreatorPerformanceDay = { day: string; revenueMinor: bigint; commissionMinor: bigint; orders: number };

export type CreatorCommissionRow = {
  id: string;
  shopifyOrderId: string;
  orderName: string | null;
  orderId: string | null;
  status: string;
  netMinor: bigint;
  paidMinor: bigint;
  orderCreatedAt: Date;
};

export type CreatorPerformance = {
  range: ReportingRange;
  currency: string;
  revenueMinor: bigint;
  orders: number;
  clicks: number;
  commissionMinor: bigint;
  /** Now, whatever the range. */
  balanceOwedMinor: bigint;
  days: CreatorPerformanceDay[];
  /** The latest commissions (newest order first), whatever the range. */
  commissions: CreatorCommissionRow[];
};

const OWED_STATUSES = Prisma.sql`('approved', 'paid', 'reversed')`;
const COMMISSIONS_SHOWN = 25;

function toTimestamp(instant: Date): string {
  // The columns are `timestamp(3)` holding UTC; an ISO string without its "Z" is read as exactly that.
  return instant.toISOString().slice(0, 23);
}

/** Lifetime columns for the given creators of this shop (ids of other shops are simply not found). */
export async function loadCreatorsSummary(db: Database, shop: string, creatorIds: readonly string[]): Promise<Map<string, CreatorSummary>> {
  const summary = new Map<string, CreatorSummary>();
  if (creatorIds.length === 0) return summary;
  const ids = [...new Set(creatorIds)];
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { currency: true } });
  const shopRow = settings ? null : await db.shop.findUnique({ where: { shop }, select: { currencyCode: true } });
  const currency = settings?.currency ?? shopRow?.currencyCode ?? "USD";
  const rows = await db.$queryRaw<Array<{ id: string; revenue: string; orders: number; earned: string; owed: string; code: string | null }>>`
    SELECT c.id,
      COALESCE(o.revenue, 0)::text AS revenue,
      COALESCE(o.orders, 0)::int AS orders,
      COALESCE(m.earned, 0)::text AS earned,
      COALESCE(m.owed, 0)::text AS owed,
      dc.code
    FROM "Creator" c
    LEFT JOIN (
      SELECT "creatorId", SUM("baseMinor") FILTER (WHERE "cancelledAt" IS NULL) AS revenue, COUNT(*) AS orders
      FROM "AttributedOrder"
      WHERE shop = ${shop} AND status = 'attributed' AND "creatorId" = ANY(${ids})
      GROUP BY "creatorId"
    ) o ON o."creatorId" = c.id
    LEFT JOIN (
      SELECT "creatorId", SUM("netMinor") AS earned,
        SUM("netMinor" - "paidMinor") FILTER (WHERE status::text IN ${OWED_STATUSES}) AS owed
      FROM "Commission"
      WHERE shop = ${shop} AND "creatorId" = ANY(${ids})
      GROUP BY "creatorId"
    ) m ON m."creatorId" = c.id
    LEFT JOIN LATERAL (
      SELECT code FROM "DiscountCode"
      WHERE shop = c.shop AND "creatorId" = c.id AND status = 'active'
      ORDER BY "createdAt" DESC, id DESC
      LIMIT 1
    ) dc ON TRUE
    WHERE c.shop = ${shop} AND c.id = ANY(${ids})`;
  for (const row of rows) {
    summary.set(row.id, {
      currency,
      revenueMinor: BigInt(row.revenue),
      orders: row.orders,
      commissionEarnedMinor: BigInt(row.earned),
      balanceOwedMinor: BigInt(row.owed),
      primaryCode: row.code,
    });
  }
  return summary;
}

/** The creator page's card for one range of the shop's calendar days. */
export async function loadCreatorPerformance(
  db: Database,
  shop: { shop: string; currencyCode: string; ianaTimezone: string },
  creatorId: string,
  range: ReportingRange,
): Promise<CreatorPerformance> {
  const days = buildReportingDays(range, shop.ianaTimezone);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) throw new RangeError(`The range ${range.from} … ${range.to} has no days.`);
  const start = toTimestamp(first.start);
  const end = toTimestamp(last.end);
  const daysTable = Prisma.sql`(VALUES ${Prisma.join(
    days.map((day) => Prisma.sql`(${day.day}, ${toTimestamp(day.start)}::timestamp, ${toTimestamp(day.end)}::timestamp)`),
  )}) AS d(day, start_at, end_at)`;
  const [series, clicks, owed, commissions] = await Promise.all([
    db.$queryRaw<Array<{ day: string; revenue: string; commission: string; orders: number }>>`
      WITH orders AS (
        SELECT o."orderCreatedAt", o."baseMinor", o."cancelledAt", c."netMinor"
        FROM "AttributedOrder" o
        LEFT JOIN "Commission" c ON c.shop = o.shop AND c."shopifyOrderId" = o."shopifyOrderId" AND c."creatorId" = o."creatorId"
        WHERE o.shop = ${shop.shop} AND o."creatorId" = ${creatorId} AND o.status = 'attributed'
          AND o."orderCreatedAt" >= ${start}::timestamp AND o."orderCreatedAt" < ${end}::timestamp
      )
      SELECT d.day,
        COALESCE(SUM(o."baseMinor") FILTER (WHERE o."cancelledAt" IS NULL), 0)::text AS revenue,
        COALESCE(SUM(o."netMinor"), 0)::text AS commission,
        COUNT(o."orderCreatedAt")::int AS orders
      FROM ${daysTable}
      LEFT JOIN orders o ON o."orderCreatedAt" >= d.start_at AND o."orderCreatedAt" < d.end_at
      GROUP BY d.day
      ORDER BY d.day`,
    db.click.count({ where: { shop: shop.shop, creatorId, createdAt: { gte: first.start, lt: last.end } } }),
    db.$queryRaw<Array<{ owed: string }>>`
      SELECT COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE status::text IN ${OWED_STATUSES}), 0)::text AS owed
      FROM "Commission" WHERE shop = ${shop.shop} AND "creatorId" = ${creatorId}`,
    db.commission.findMany({
      where: { shop: shop.shop, creatorId },
      orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
      take: COMMISSIONS_SHOWN,
      select: { id: true, shopifyOrderId: true, status: true, netMinor: true, paidMinor: true, orderCreatedAt: true },
    }),
  ]);
  const orders = await db.attributedOrder.findMany({
    where: { shop: shop.shop, shopifyOrderId: { in: commissions.map((commission) => commission.shopifyOrderId) } },
    select: { id: true, shopifyOrderId: true, name: true },
  });
  const orderBy = new Map(orders.map((order) => [order.shopifyOrderId, order]));
  const daily = series.map((row) => ({ day: row.day, revenueMinor: BigInt(row.revenue), commissionMinor: BigInt(row.commission), orders: row.orders }));
  return {
    range,
    currency: shop.currencyCode,
    revenueMinor: daily.reduce((sum, day) => sum + day.revenueMinor, 0n),
    orders: daily.reduce((sum, day) => sum + day.orders, 0),
    clicks,
    commissionMinor: daily.reduce((sum, day) => sum + day.commissionMinor, 0n),
    balanceOwedMinor: BigInt(owed[0]?.owed ?? "0"),
    days: daily,
    commissions: commissions.map((commission) => ({
      ...commission,
      status: commission.status,
      orderName: orderBy.get(commission.shopifyOrderId)?.name ?? null,
      orderId: orderBy.get(commission.shopifyOrderId)?.id ?? null,
    })),
  };
}
