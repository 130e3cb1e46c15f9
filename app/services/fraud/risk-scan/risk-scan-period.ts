import { scanRequirements, type FraudRuleSettingsMap } from "../../../domain/fraud/fraud-settings";
import { addDays } from "../../../domain/reporting/add-days";
import { toLocalDay } from "../../../domain/reporting/to-local-day";
import { Prisma } from "../../../generated/prisma/client";

/**
 * The days one risk scan looks at, in the shop's time zone: a baseline period followed by the window, which ends with
 * `today` (the scan's shop-local day, counted up to `now`). The lengths come from the shop's resolved rule settings
 * (readScanPeriod), so a merchant who widens a rule's window widens what is loaded.
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
  /** The days whose clicks are searched for bursts (the click-spam rule's window); 0 when that rule is off. */
  readonly burstWindowDays: number;
  /** A new creator's "first days" (velocity: first orders against a typical new creator). */
  readonly newCreatorDays: number;
};

/** What the scan loads, from the rules that are on (the longest history and window any of them needs). */
export function readScanPeriod(shop: string, timeZone: string, now: Date, settings: FraudRuleSettingsMap): RiskScanPeriod {
  const needs = scanRequirements(settings);
  return {
    shop,
    timeZone,
    today: toLocalDay(now, timeZone),
    now,
    windowDays: needs.windowDays,
    baselineDays: Math.max(needs.historyDays - needs.windowDays, 0),
    burstMinutes: needs.burstMinutes,
    burstWindowDays: settings.click_spam.enabled ? settings.click_spam.windowDays : 0,
    newCreatorDays: settings.velocity.newCreatorDays,
  };
}

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
 * that bucket rows into days (load-creator-histories.server.ts), so the bounds and the buckets always agree.
 */
export function localDayStartSql(day: string, timeZone: string): Prisma.Sql {
  return Prisma.sql`((${day}::date)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'`;
}
