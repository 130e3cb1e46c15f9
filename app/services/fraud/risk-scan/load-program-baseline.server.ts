/**
 * The program-wide figures every creator is compared with (ProgramBaseline), over the baseline period (the days
 * before the window) and all of the shop's creators: two grouped queries.
 */
import type { Database } from "../../../db.server";
import type { ProgramBaseline } from "../../../domain/fraud/fraud-types";
import { localDayStartSql, readPeriodStartDay, readWindowStartDay, toTimestampSql, type RiskScanPeriod } from "./risk-scan-period";

/**
 * How far back "recent new creators" reach: creators approved in the last year whose first `newCreatorDays` days
 * are over. A year rather than the baseline period because new creators are few: the comparison needs a sample.
 */
export const NEW_CREATOR_LOOKBACK_DAYS = 365;

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export async function loadProgramBaseline(db: Database, period: RiskScanPeriod): Promise<ProgramBaseline> {
  const { shop, timeZone } = period;
  const start = localDayStartSql(readPeriodStartDay(period), timeZone);
  const end = localDayStartSql(readWindowStartDay(period), timeZone);
  const now = toTimestampSql(period.now);
  const [totals, newCreators] = await Promise.all([
    db.$queryRaw<{ orders: number; codeOrders: number; codeOnlyOrders: number; refunded: number; cancelled: number; clicks: number }[]>`
      SELECT o.orders, o."codeOrders", o."codeOnlyOrders", o.refunded, o.cancelled, c.clicks
      FROM (
        SELECT count(*)::int AS orders,
          count(*) FILTER (WHERE "creditedSignal" = 'code')::int AS "codeOrders",
          count(*) FILTER (WHERE "creditedSignal" = 'code' AND NOT "creatorTouched")::int AS "codeOnlyOrders",
          count(*) FILTER (WHERE "firstRefundedAt" IS NOT NULL)::int AS refunded,
          count(*) FILTER (WHERE "cancelledAt" IS NOT NULL)::int AS cancelled
        FROM "AttributedOrder"
        WHERE shop = ${shop} AND status = 'attributed' AND "creatorId" IS NOT NULL
          AND "orderCreatedAt" >= ${start} AND "orderCreatedAt" < ${end}
      ) o, (
        SELECT count(*)::int AS clicks FROM "Click" WHERE shop = ${shop} AND "createdAt" >= ${start} AND "createdAt" < ${end}
      ) c`,
    db.$queryRaw<{ orders: number }[]>`
      SELECT (
        SELECT count(*) FROM "AttributedOrder" o
        WHERE o.shop = ${shop} AND o."creatorId" = c.id AND o.status = 'attributed'
          AND o."orderCreatedAt" >= c."approvedAt" AND o."orderCreatedAt" < c."approvedAt" + ${`${period.newCreatorDays} days`}::interval
      )::int AS orders
      FROM "Creator" c
      WHERE c.shop = ${shop} AND c."approvedAt" >= ${now} - ${`${NEW_CREATOR_LOOKBACK_DAYS} days`}::interval
        AND c."approvedAt" + ${`${period.newCreatorDays} days`}::interval <= ${now}
      ORDER BY c."approvedAt", c.id`,
  ]);
  const row = totals[0] ?? { orders: 0, codeOrders: 0, codeOnlyOrders: 0, refunded: 0, cancelled: 0, clicks: 0 };
  return {
    codeOnlyShare: share(row.codeOnlyOrders, row.codeOrders),
    refundRate: share(row.refunded, row.orders),
    cancelRate: share(row.cancelled, row.orders),
    ordersPerClick: share(row.orders, row.clicks),
    newCreatorFirstOrders: newCreators.map((creator) => creator.orders),
  };
}
