import { addDays } from "../../../domain/reporting/add-days";
import { Prisma } from "../../../generated/prisma/client";

/**
 * The days one risk scan looks at, in the shop's time zone: a baseline period followed by the window, which ends with
 * `today` (the scan's shop-local day, counted up to `now`). The lengths come from the shop's resolved rule settings
 * (see readScanLengths in run-risk-scan.server.ts), so a merchant who widens a rule's window widens what is loaded.
 */
export type RiskScanPeriod = {
  readonly shop: string;
  /** IANA zone of the shop; every day below is a calendar day there. */
  readonly timeZone: string;
  readonly today: string;
  readonly now: Date;
  readonly baselineDays: number;
  readonly windowDays: number;
  /** Clicks from one IP + user agent within this many minutes make one burst. */
  readonly burstMinutes: number;
  /** A new creator's "first days" (velocity: first orders against a typical new creator). */
  readonly newCreatorDays: number;
};

/** First day of the baseline period (the whole series starts there). */
export function readPeriodStartDay(period: RiskScanPeriod): string {
  return addDays(period.today, -(period.baselineDays + period.windowDays - 1));
}

/** First day of the window (the baseline period ends the day before). */
export function readWindowStartDay(period: RiskScanPeriod): string {
  return addDays(period.today, -(period.windowDays - 1));
}

/** The columns are `timestamp(3)` holding UTC; an ISO string without its "Z" is read as exactly that. */
export function toTimestampSql(instant: Date): Prisma.Sql {
  return Prisma.sql`${instant.toISOString().slice(0, 23)}::timestamp`;
}

/**
 * The first instant of shop-local `day`, as a UTC `timestamp`, computed by PostgreSQL with the same time zone rules
 * that bucket rows into days (localDaySql), so the bounds and the buckets always agree.
 */
export function localDayStartSql(day: string, timeZone: string): Prisma.Sql {
  return Prisma.sql`((${day}::date)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'`;
}

/** The shop-local calendar day ("YYYY-MM-DD") of a UTC `timestamp` column. */
export function localDaySql(column: Prisma.Sql, timeZone: string): Prisma.Sql {
  return Prisma.sql`to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;
}
