/**
 * The history rules' per-creator input (CreatorHistory) for every creator of a shop, set-wise: four grouped queries
 * for the whole shop, each reading its time range once (the (shop, time) indexes of migration p8_risk_scan_indexes)
 * and returning one row per creator with its list as JSON text. The texts are parsed per batch of creators when the
 * scan gets to them (build), so memory holds compact strings, not a million objects. Reading the range once beats
 * per-batch queries by creator: a batch's orders are spread over every page of the range, so ten batches would read
 * it ten times. Every day is a calendar day in the shop's time zone, bucketed by PostgreSQL (`AT TIME ZONE`).
 *
 * Which orders count: the creator's attributed orders (status "attributed"). Refunded = firstRefundedAt set;
 * cancelled = cancelledAt set; code-only = credited by a code with no link, ref or click of the creator on it.
 */
import type { Database } from "../../../db.server";
import type { ClickBurst, CreatorDay, CreatorHistory, WindowOrder } from "../../../domain/fraud/fraud-types";
import { addDays, countDaysBetween } from "../../../domain/reporting/add-days";
import { Prisma } from "../../../generated/prisma/client";
import { localDayStartSql, readPeriodStartDay, readWindowStartDay, toTimestampSql, type RiskScanPeriod } from "./risk-scan-period";

export type ScannedCreator = { readonly id: string; readonly name: string; readonly approvedAt: Date | null };

/** The largest bursts kept per creator (CreatorHistory.clickBursts). */
const MAX_BURSTS = 10;

type OrderDayTuple = [day: number, orders: number, revenueMinor: number, codeOrders: number, codeOnlyOrders: number, refunded: number, cancelled: number];
type ClickDayTuple = [day: number, clicks: number, fromDataCentre: number, automated: number];
type OrderTuple = [orderId: string, name: string | null, placedAtMs: number, day: number, code: string | null, codeOnly: boolean, customerKey: string | null, referringDomain: string | null, refunded: boolean, cancelled: boolean];
type BurstTuple = [ipHash: string, userAgentHash: string, clicks: number, firstAtMs: number, lastAtMs: number];

type JsonRow = { creatorId: string; list: string };

/** All creators' totals over the baseline period (the program's figures). */
export type BaselineTotals = {
  readonly orders: number;
  readonly codeOrders: number;
  readonly codeOnlyOrders: number;
  readonly refunded: number;
  readonly cancelled: number;
  readonly clicks: number;
};

export type ShopHistories = {
  /** The histories of these creators (a batch), in the order given; a creator with nothing loaded has empty lists. */
  build(creators: readonly ScannedCreator[]): CreatorHistory[];
  readonly baselineTotals: BaselineTotals;
  /** The whole program's attributed orders per shop-local day over the period, ascending, gaps as 0. */
  readonly dailyOrders: readonly { readonly day: string; readonly orders: number }[];
};

type OrderDaysRow = { creatorId: string | null; list: string } & { orders: number; codeOrders: number; codeOnlyOrders: number; refunded: number; cancelled: number };
type ClickDaysRow = JsonRow & { clicks: number };

/**
 * Runs one read with the planner settings a scan wants: no JIT (compiling expressions costs more than these
 * queries save on it) and room to sort and hash the range in memory rather than on disk.
 */
function tuned<T>(db: Database, query: Prisma.Sql): Promise<T> {
  return db.$transaction([db.$executeRaw`SET LOCAL jit = off`, db.$executeRaw`SET LOCAL work_mem = '64MB'`, db.$queryRaw<T>(query)], { timeout: 600_000 }).then((results) => results[2] as T);
}

export async function loadShopHistories(db: Database, period: RiskScanPeriod): Promise<ShopHistories> {
  const [orderDays, clickDays, orders, bursts, firstOrders] = await Promise.all([
    tuned<OrderDaysRow[]>(db, selectOrderDays(period)),
    tuned<ClickDaysRow[]>(db, selectClickDays(period)),
    tuned<JsonRow[]>(db, selectWindowOrders(period)),
    period.burstWindowDays > 0 ? tuned<JsonRow[]>(db, selectClickBursts(period)) : Promise.resolve([]),
    tuned<{ creatorId: string; firstAtMs: number }[]>(db, selectFirstOrders(period)),
  ]);
  const periodStartDay = readPeriodStartDay(period);
  const dayCount = countDaysBetween(periodStartDay, period.today) + 1;
  const dayNames = Array.from({ length: dayCount }, (_, index) => addDays(periodStartDay, index));
  const programDaily = new Array<number>(dayCount).fill(0);
  for (const row of orderDays) {
    if (row.creatorId !== null) continue;
    for (const [day, count] of JSON.parse(row.list) as [number, number][]) if (day >= 0 && day < dayCount) programDaily[day] = count;
  }
  const dailyOrders = dayNames.map((day, index) => ({ day, orders: programDaily[index] ?? 0 }));
  const baselineTotals = {
    orders: sum(orderDays, (row) => row.orders),
    codeOrders: sum(orderDays, (row) => row.codeOrders),
    codeOnlyOrders: sum(orderDays, (row) => row.codeOnlyOrders),
    refunded: sum(orderDays, (row) => row.refunded),
    cancelled: sum(orderDays, (row) => row.cancelled),
    clicks: sum(clickDays, (row) => row.clicks),
  };
  const orderDaysByCreator = new Map(orderDays.flatMap((row) => (row.creatorId === null ? [] : [[row.creatorId, row.list] as const])));
  const clickDaysByCreator = new Map(clickDays.map((row) => [row.creatorId, row.list]));
  const ordersByCreator = new Map(orders.map((row) => [row.creatorId, row.list]));
  const burstsByCreator = new Map(bursts.map((row) => [row.creatorId, row.list]));
  const firstOrderAt = new Map(firstOrders.map((row) => [row.creatorId, new Date(row.firstAtMs)]));
  const windowStart = countDaysBetween(periodStartDay, readWindowStartDay(period));
  const parse = <T>(texts: ReadonlyMap<string, string>, creatorId: string): T[] => {
    const text = texts.get(creatorId);
    return text === undefined ? [] : (JSON.parse(text) as T[]);
  };

  const buildDays = (creatorId: string, windowClicks: { total: number; fromDataCentre: number; automated: number }): CreatorDay[] => {
    const byDay = new Map<number, { orders: number; revenueMinor: number; codeOrders: number; codeOnlyOrders: number; clicks: number; refundedOrders: number; cancelledOrders: number }>();
    for (const [day, orderCount, revenueMinor, codeOrders, codeOnlyOrders, refundedOrders, cancelledOrders] of parse<OrderDayTuple>(orderDaysByCreator, creatorId)) {
      byDay.set(day, { orders: orderCount, revenueMinor, codeOrders, codeOnlyOrders, clicks: 0, refundedOrders, cancelledOrders });
    }
    for (const [day, clicks, fromDataCentre, automated] of parse<ClickDayTuple>(clickDaysByCreator, creatorId)) {
      const entry = byDay.get(day);
      if (entry) entry.clicks = clicks;
      else byDay.set(day, { orders: 0, revenueMinor: 0, codeOrders: 0, codeOnlyOrders: 0, clicks, refundedOrders: 0, cancelledOrders: 0 });
      if (day >= windowStart) {
        windowClicks.total += clicks;
        windowClicks.fromDataCentre += fromDataCentre;
        windowClicks.automated += automated;
      }
    }
    return [...byDay.entries()]
      .sort(([a], [b]) => a - b)
      .map(([day, entry]) => ({ day: dayNames[day] ?? addDays(periodStartDay, day), ...entry }));
  };

  return {
    baselineTotals,
    dailyOrders,
    build: (creators) =>
      creators.map((creator) => {
        const windowClicks = { total: 0, fromDataCentre: 0, automated: 0 };
        const days = buildDays(creator.id, windowClicks);
        const windowOrders: WindowOrder[] = parse<OrderTuple>(ordersByCreator, creator.id).map(
          ([orderId, name, placedAtMs, day, code, codeOnly, customerKey, referringDomain, refunded, cancelled]) => ({
            orderId, name, placedAt: new Date(placedAtMs), day: dayNames[day] ?? addDays(periodStartDay, day), code, codeOnly, customerKey, referringDomain, refunded, cancelled,
          }),
        );
        const clickBursts: ClickBurst[] = parse<BurstTuple>(burstsByCreator, creator.id).map(([ipHash, userAgentHash, clicks, firstAtMs, lastAtMs]) => ({
          ipHash, userAgentHash, clicks, firstAt: new Date(firstAtMs), lastAt: new Date(lastAtMs),
        }));
        return {
          creatorId: creator.id,
          name: creator.name,
          approvedAt: creator.approvedAt,
          firstOrderAt: firstOrderAt.get(creator.id) ?? null,
          days,
          windowOrders,
          windowClicks,
          clickBursts,
        };
      }),
  };
}

function sum<T>(rows: readonly T[], read: (row: T) => number): number {
  return rows.reduce((total, row) => total + read(row), 0);
}

function epochMsSql(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(extract(epoch FROM ${column}) * 1000)::float8`;
}

/** The shop-local calendar day of a UTC `timestamp` column as a day number from the period's first day (0, 1, …). */
function dayIndexSql(column: Prisma.Sql, period: RiskScanPeriod): Prisma.Sql {
  return Prisma.sql`(((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${period.timeZone})::date - ${readPeriodStartDay(period)}::date)`;
}

/**
 * Orders per creator per shop-local day over the whole period (baseline + window), days ascending, and the
 * creator's baseline-period totals (the program's figures are their sums). Days are numbers from the period's first
 * day, turned into "YYYY-MM-DD" in JavaScript: formatting a date per row is most of the cost of grouping by it.
 */
function selectOrderDays(period: RiskScanPeriod): Prisma.Sql {
  const start = localDayStartSql(readPeriodStartDay(period), period.timeZone);
  const baselineEnd = countDaysBetween(readPeriodStartDay(period), readWindowStartDay(period));
  return Prisma.sql`
    WITH d AS (
      SELECT o."creatorId" AS cid, ${dayIndexSql(Prisma.sql`o."orderCreatedAt"`, period)} AS day,
        count(*)::int AS orders,
        COALESCE(sum(o."baseMinor"), 0)::float8 AS revenue,
        count(*) FILTER (WHERE o."creditedSignal" = 'code')::int AS code_orders,
        count(*) FILTER (WHERE o."creditedSignal" = 'code' AND NOT o."creatorTouched")::int AS code_only,
        count(*) FILTER (WHERE o."firstRefundedAt" IS NOT NULL)::int AS refunded,
        count(*) FILTER (WHERE o."cancelledAt" IS NOT NULL)::int AS cancelled
      FROM "AttributedOrder" o
      WHERE o.shop = ${period.shop} AND o."creatorId" IS NOT NULL AND o.status = 'attributed'
        AND o."orderCreatedAt" >= ${start} AND o."orderCreatedAt" < ${toTimestampSql(period.now)}
      GROUP BY 1, 2
    )
    SELECT cid AS "creatorId",
      json_agg(json_build_array(day, orders, revenue, code_orders, code_only, refunded, cancelled) ORDER BY day)::text AS list,
      COALESCE(sum(orders) FILTER (WHERE day < ${baselineEnd}), 0)::int AS orders,
      COALESCE(sum(code_orders) FILTER (WHERE day < ${baselineEnd}), 0)::int AS "codeOrders",
      COALESCE(sum(code_only) FILTER (WHERE day < ${baselineEnd}), 0)::int AS "codeOnlyOrders",
      COALESCE(sum(refunded) FILTER (WHERE day < ${baselineEnd}), 0)::int AS refunded,
      COALESCE(sum(cancelled) FILTER (WHERE day < ${baselineEnd}), 0)::int AS cancelled
    FROM d
    GROUP BY cid
    UNION ALL
    -- The whole program's orders per day (ProgramBaseline.dailyOrders), as the one row without a creator.
    SELECT NULL, COALESCE(json_agg(json_build_array(day, orders) ORDER BY day), '[]')::text, 0, 0, 0, 0, 0
    FROM (SELECT day, sum(orders)::int AS orders FROM d GROUP BY day) p`;
}

/** Clicks per creator per shop-local day over the whole period (with those from data centres and automated browsers). */
function selectClickDays(period: RiskScanPeriod): Prisma.Sql {
  const start = localDayStartSql(readPeriodStartDay(period), period.timeZone);
  const baselineEnd = countDaysBetween(readPeriodStartDay(period), readWindowStartDay(period));
  return Prisma.sql`
    SELECT cid AS "creatorId",
      json_agg(json_build_array(day, clicks, data_centre, automated) ORDER BY day)::text AS list,
      COALESCE(sum(clicks) FILTER (WHERE day < ${baselineEnd}), 0)::int AS clicks
    FROM (
      SELECT c."creatorId" AS cid, ${dayIndexSql(Prisma.sql`c."createdAt"`, period)} AS day,
        count(*)::int AS clicks,
        count(*) FILTER (WHERE c."fromDataCentre")::int AS data_centre,
        count(*) FILTER (WHERE c.automated)::int AS automated
      FROM "Click" c
      WHERE c.shop = ${period.shop} AND c."createdAt" >= ${start} AND c."createdAt" < ${toTimestampSql(period.now)}
      GROUP BY 1, 2
    ) d
    GROUP BY cid`;
}

/** The window's orders per creator, newest first. */
function selectWindowOrders(period: RiskScanPeriod): Prisma.Sql {
  const { shop, timeZone } = period;
  const start = localDayStartSql(readWindowStartDay(period), timeZone);
  const end = toTimestampSql(period.now);
  return Prisma.sql`
    SELECT o."creatorId" AS "creatorId",
      json_agg(json_build_array(o."shopifyOrderId", o.name, ${epochMsSql(Prisma.sql`o."orderCreatedAt"`)},
        ${dayIndexSql(Prisma.sql`o."orderCreatedAt"`, period)}, o."creditedCode",
        COALESCE(o."creditedSignal" = 'code' AND NOT o."creatorTouched", false),
        COALESCE(o."customerEmailKey", o."customerId", o."customerEmailHash"), o."referringDomain",
        o."firstRefundedAt" IS NOT NULL, o."cancelledAt" IS NOT NULL)
        ORDER BY o."orderCreatedAt" DESC, o.id DESC)::text AS list
    FROM "AttributedOrder" o
    WHERE o.shop = ${shop} AND o."creatorId" IS NOT NULL AND o.status = 'attributed'
      AND o."orderCreatedAt" >= ${start} AND o."orderCreatedAt" < ${end}
    GROUP BY 1`;
}

/**
 * Click bursts in the click-spam rule's window (burstWindowDays): for every click, the clicks of the same creator,
 * IP and user agent in the next `burstMinutes` (a sliding frame, so a burst split by a clock boundary is still one);
 * per IP + user agent its largest such burst; per creator the largest MAX_BURSTS of two clicks or more.
 */
function selectClickBursts(period: RiskScanPeriod): Prisma.Sql {
  const { shop, timeZone } = period;
  const start = localDayStartSql(addDays(period.today, -(period.burstWindowDays - 1)), timeZone);
  const end = toTimestampSql(period.now);
  return Prisma.sql`
    WITH framed AS (
      SELECT c."creatorId" AS cid, c."ipHash" AS ip, c."userAgentHash" AS ua, c."createdAt" AS first_at,
        count(*) OVER burst AS clicks, max(c."createdAt") OVER burst AS last_at
      FROM "Click" c
      WHERE c.shop = ${shop}
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

/** Each creator's first attributed order ever (one index probe per creator of the shop). */
function selectFirstOrders(period: RiskScanPeriod): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id AS "creatorId", ${epochMsSql(Prisma.sql`f.at`)} AS "firstAtMs"
    FROM "Creator" c
    CROSS JOIN LATERAL (
      SELECT o."orderCreatedAt" AS at FROM "AttributedOrder" o
      WHERE o.shop = c.shop AND o."creatorId" = c.id AND o.status = 'attributed' AND o."orderCreatedAt" < ${toTimestampSql(period.now)}
      ORDER BY o."orderCreatedAt" LIMIT 1
    ) f
    WHERE c.shop = ${period.shop}`;
}
