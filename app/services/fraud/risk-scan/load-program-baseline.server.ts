/**
 * The program-wide figures every creator is compared with (ProgramBaseline): all of the shop's creators over the
 * baseline period (the days before the window).
 */
import type { Database } from "../../../db.server";
import type { ProgramBaseline } from "../../../domain/fraud/fraud-types";
import { Prisma } from "../../../generated/prisma/client";
import type { BaselineTotals } from "./load-creator-histories.server";
import { toTimestampSql, type RiskScanPeriod } from "./risk-scan-period";

/**
 * How far back "recent new creators" reach: creators approved in the last year whose first `newCreatorDays` days
 * are over. A year rather than the baseline period because new creators are few: the comparison needs a sample.
 */
export const NEW_CREATOR_LOOKBACK_DAYS = 365;

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/**
 * The program's figures: its rates from all creators' baseline-period totals and its orders per day (both from the
 * day series the scan loaded anyway, loadShopHistories), and the first-days orders of recent new creators (one query).
 */
export async function loadProgramBaseline(
  db: Database,
  period: RiskScanPeriod,
  totals: BaselineTotals,
  dailyOrders: ProgramBaseline["dailyOrders"] = undefined,
): Promise<ProgramBaseline> {
  const now = toTimestampSql(period.now);
  const firstDays = Prisma.sql`${`${period.newCreatorDays} days`}::interval`;
  const newCreators = await db.$queryRaw<{ orders: number }[]>`
    SELECT (
      SELECT count(*) FROM "AttributedOrder" o
      WHERE o.shop = c.shop AND o."creatorId" = c.id AND o.status = 'attributed'
        AND o."orderCreatedAt" >= c."approvedAt" AND o."orderCreatedAt" < c."approvedAt" + ${firstDays}
    )::int AS orders
    FROM "Creator" c
    WHERE c.shop = ${period.shop} AND c."approvedAt" >= ${now} - ${`${NEW_CREATOR_LOOKBACK_DAYS} days`}::interval
      AND c."approvedAt" + ${firstDays} <= ${now}
    ORDER BY c."approvedAt", c.id`;
  return {
    codeOnlyShare: share(totals.codeOnlyOrders, totals.codeOrders),
    refundRate: share(totals.refunded, totals.orders),
    cancelRate: share(totals.cancelled, totals.orders),
    ordersPerClick: share(totals.orders, totals.clicks),
    newCreatorFirstOrders: newCreators.map((creator) => creator.orders),
    ...(dailyOrders === undefined ? {} : { dailyOrders }),
  };
}
