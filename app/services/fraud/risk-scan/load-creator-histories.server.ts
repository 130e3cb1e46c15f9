/**
 * The history rules' per-creator input (CreatorHistory) for one batch of creators, set-wise: four grouped queries
 * per batch whatever its size, each returning one row per creator with its list as JSON (parsing one JSON text is far
 * cheaper than turning thousands of rows into objects). Every day is a calendar day in the shop's time zone,
 * bucketed by PostgreSQL (`AT TIME ZONE`), and every query is scoped by shop and uses the (shop, creatorId, time)
 * indexes of orders and clicks.
 *
 * Which orders count: the creator's attributed orders (status "attributed"). Refunded = firstRefundedAt set;
 * cancelled = cancelledAt set; code-only = credited by a code with no link, ref or click of the creator on it.
 */
import type { Database } from "../../../db.server";
import type { ClickBurst, CreatorDay, CreatorHistory, WindowOrder } from "../../../domain/fraud/fraud-types";
import { Prisma } from "../../../generated/prisma/client";
import { localDaySql, localDayStartSql, readPeriodStartDay, readWindowStartDay, toTimestampSql, type RiskScanPeriod } from "./risk-scan-period";

export type ScannedCreator = { readonly id: string; readonly name: string; readonly approvedAt: Date | null };

/** The largest bursts kept per creator (CreatorHistory.clickBursts). */
const MAX_BURSTS = 10;

type DayTuple = [day: string, orders: number, revenueMinor: number, codeOrders: number, codeOnlyOrders: number, refunded: number, cancelled: number, clicks: number, fromDataCentre: number, automated: number];
type OrderTuple = [orderId: string, name: string | null, placedAtMs: number, day: string, code: string | null, codeOnly: boolean, customerKey: string | null, referringDomain: string | null, refunded: boolean, cancelled: boolean];
type BurstTuple = [ipHash: string, userAgentHash: string, clicks: number, firstAtMs: number, lastAtMs: number];

type JsonRow = { creatorId: string; list: string };

function byCreator<T>(rows: readonly JsonRow[]): Map<string, T[]> {
  return new Map(rows.map((row) => [row.creatorId, JSON.parse(row.list) as T[]]));
}

/** The batch's creators' histories, in the order given. */
export async function loadCreatorHistories(db: Database, period: RiskScanPeriod, creators: readonly ScannedCreator[]): Promise<CreatorHistory[]> {
  const ids = creators.map((creator) => creator.id);
  if (ids.length === 0) return [];
  const [days, orders, bursts, firstOrders] = await Promise.all([
    db.$queryRaw<JsonRow[]>(selectDays(period, ids)),
    db.$queryRaw<JsonRow[]>(selectWindowOrders(period, ids)),
    db.$queryRaw<JsonRow[]>(selectClickBursts(period, ids)),
    db.$queryRaw<{ creatorId: string; firstAtMs: number }[]>(selectFirstOrders(period, ids)),
  ]);
  const daysByCreator = byCreator<DayTuple>(days);
  const ordersByCreator = byCreator<OrderTuple>(orders);
  const burstsByCreator = byCreator<BurstTuple>(bursts);
  const firstOrderAt = new Map(firstOrders.map((row) => [row.creatorId, new Date(row.firstAtMs)]));
  const windowStartDay = readWindowStartDay(period);

  return creators.map((creator) => {
    const dayTuples = daysByCreator.get(creator.id) ?? [];
    const windowClicks = { total: 0, fromDataCentre: 0, automated: 0 };
    const creatorDays: CreatorDay[] = dayTuples.map(([day, orderCount, revenueMinor, codeOrders, codeOnlyOrders, refundedOrders, cancelledOrders, clicks, fromDataCentre, automated]) => {
      if (day >= windowStartDay) {
        windowClicks.total += clicks;
        windowClicks.fromDataCentre += fromDataCentre;
        windowClicks.automated += automated;
      }
      return { day, orders: orderCount, revenueMinor, codeOrders, codeOnlyOrders, clicks, refundedOrders, cancelledOrders };
    });
    const windowOrders: WindowOrder[] = (ordersByCreator.get(creator.id) ?? []).map(([orderId, name, placedAtMs, day, code, codeOnly, customerKey, referringDomain, refunded, cancelled]) => ({
      orderId, name, placedAt: new Date(placedAtMs), day, code, codeOnly, customerKey, referringDomain, refunded, cancelled,
    }));
    const clickBursts: ClickBurst[] = (burstsByCreator.get(creator.id) ?? []).map(([ipHash, userAgentHash, clicks, firstAtMs, lastAtMs]) => ({
      ipHash, userAgentHash, clicks, firstAt: new Date(firstAtMs), lastAt: new Date(lastAtMs),
    }));
    return {
      creatorId: creator.id,
      name: creator.name,
      approvedAt: creator.approvedAt,
      firstOrderAt: firstOrderAt.get(creator.id) ?? null,
      days: creatorDays,
      windowOrders,
      windowClicks,
      clickBursts,
    };
  });
}

function epochMsSql(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(extract(epoch FROM ${column}) * 1000)::float8`;
}

/** Orders and clicks per creator per shop-local day over the whole period (baseline + window), days ascending. */
function selectDays(period: RiskScanPeriod, ids: readonly string[]): Prisma.Sql {
  const { shop, timeZone } = period;
  const start = localDayStartSql(readPeriodStartDay(period), timeZone);
  const end = toTimestampSql(period.now);
  return Prisma.sql`
    WITH orders AS (
      SELECT o."creatorId" AS cid, ${localDaySql(Prisma.sql`o."orderCreatedAt"`, timeZone)} AS day,
        count(*)::int AS orders,
        COALESCE(sum(o."baseMinor"), 0)::float8 AS revenue,
        count(*) FILTER (WHERE o."creditedSignal" = 'code')::int AS code_orders,
        count(*) FILTER (WHERE o."creditedSignal" = 'code' AND NOT o."creatorTouched")::int AS code_only,
        count(*) FILTER (WHERE o."firstRefundedAt" IS NOT NULL)::int AS refunded,
        count(*) FILTER (WHERE o."cancelledAt" IS NOT NULL)::int AS cancelled
      FROM "AttributedOrder" o
      WHERE o.shop = ${shop} AND o."creatorId" = ANY(${ids}::text[]) AND o.status = 'attributed'
        AND o."orderCreatedAt" >= ${start} AND o."orderCreatedAt" < ${end}
      GROUP BY 1, 2
    ), clicks AS (
      SELECT c."creatorId" AS cid, ${localDaySql(Prisma.sql`c."createdAt"`, timeZone)} AS day,
        count(*)::int AS clicks,
        count(*) FILTER (WHERE c."fromDataCentre")::int AS data_centre,
        count(*) FILTER (WHERE c.automated)::int AS automated
      FROM "Click" c
      WHERE c.shop = ${shop} AND c."creatorId" = ANY(${ids}::text[])
        AND c."createdAt" >= ${start} AND c."createdAt" < ${end}
      GROUP BY 1, 2
    )
    SELECT cid AS "creatorId",
      json_agg(json_build_array(day, COALESCE(o.orders, 0), COALESCE(o.revenue, 0), COALESCE(o.code_orders, 0), COALESCE(o.code_only, 0),
        COALESCE(o.refunded, 0), COALESCE(o.cancelled, 0), COALESCE(c.clicks, 0), COALESCE(c.data_centre, 0), COALESCE(c.automated, 0))
        ORDER BY day)::text AS list
    FROM orders o FULL JOIN clicks c USING (cid, day)
    GROUP BY cid`;
}

/** The window's orders per creator, newest first. */
function selectWindowOrders(period: RiskScanPeriod, ids: readonly string[]): Prisma.Sql {
  const { shop, timeZone } = period;
  const start = localDayStartSql(readWindowStartDay(period), timeZone);
  const end = toTimestampSql(period.now);
  return Prisma.sql`
    SELECT o."creatorId" AS "creatorId",
      json_agg(json_build_array(o."shopifyOrderId", o.name, ${epochMsSql(Prisma.sql`o."orderCreatedAt"`)},
        ${localDaySql(Prisma.sql`o."orderCreatedAt"`, timeZone)}, o."creditedCode",
        COALESCE(o."creditedSignal" = 'code' AND NOT o."creatorTouched", false),
        COALESCE(o."customerEmailKey", o."customerId", o."customerEmailHash"), o."referringDomain",
        o."firstRefundedAt" IS NOT NULL, o."cancelledAt" IS NOT NULL)
        ORDER BY o."orderCreatedAt" DESC, o.id DESC)::text AS list
    FROM "AttributedOrder" o
    WHERE o.shop = ${shop} AND o."creatorId" = ANY(${ids}::text[]) AND o.status = 'attributed'
      AND o."orderCreatedAt" >= ${start} AND o."orderCreatedAt" < ${end}
    GROUP BY 1`;
}

/**
 * Click bursts in the window: for every click, the clicks of the same creator, IP and user agent in the next
 * `burstMinutes` (a sliding frame, so a burst split by a clock boundary is still one); per IP + user agent its
 * largest such burst; per creator the largest MAX_BURSTS of two clicks or more.
 */
function selectClickBursts(period: RiskScanPeriod, ids: readonly string[]): Prisma.Sql {
  const { shop, timeZone } = period;
  const start = localDayStartSql(readWindowStartDay(period), timeZone);
  const end = toTimestampSql(period.now);
  return Prisma.sql`
    WITH framed AS (
      SELECT c."creatorId" AS cid, c."ipHash" AS ip, c."userAgentHash" AS ua, c."createdAt" AS first_at,
        count(*) OVER burst AS clicks, max(c."createdAt") OVER burst AS last_at
      FROM "Click" c
      WHERE c.shop = ${shop} AND c."creatorId" = ANY(${ids}::text[])
        AND c."createdAt" >= ${start} AND c."createdAt" < ${end}
      WINDOW burst AS (PARTITION BY c."creatorId", c."ipHash", c."userAgentHash" ORDER BY c."createdAt"
        RANGE BETWEEN CURRENT ROW AND ${`${period.burstMinutes} minutes`}::interval FOLLOWING)
    ), largest AS (
      SELECT DISTINCT ON (cid, ip, ua) cid, ip, ua, clicks, first_at, last_at
      FROM framed WHERE clicks >= 2
      ORDER BY cid, ip, ua, clicks DESC, first_at
    ), ranked AS (
      SELECT *, row_number() OVER (PARTITION BY cid ORDER BY clicks DESC, first_at, ip, ua) AS rank FROM largest
    )
    SELECT cid AS "creatorId",
      json_agg(json_build_array(ip, ua, clicks, ${epochMsSql(Prisma.sql`first_at`)}, ${epochMsSql(Prisma.sql`last_at`)}) ORDER BY rank)::text AS list
    FROM ranked WHERE rank <= ${MAX_BURSTS}
    GROUP BY cid`;
}

/** Each creator's first attributed order ever (one index probe per creator). */
function selectFirstOrders(period: RiskScanPeriod, ids: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id AS "creatorId", ${epochMsSql(Prisma.sql`f.at`)} AS "firstAtMs"
    FROM unnest(${ids}::text[]) AS c(id)
    CROSS JOIN LATERAL (
      SELECT o."orderCreatedAt" AS at FROM "AttributedOrder" o
      WHERE o.shop = ${period.shop} AND o."creatorId" = c.id AND o.status = 'attributed' AND o."orderCreatedAt" < ${toTimestampSql(period.now)}
      ORDER BY o."orderCreatedAt" LIMIT 1
    ) f`;
}
