import { addDays, countDaysBetween } from "./add-days";
import { findLocalDayStart } from "./find-local-day-start";

/** One bar of a daily chart: a calendar day in the shop's time zone and the instants it spans, [start, end). */
export type ReportingDay = { readonly day: string; readonly start: Date; readonly end: Date };

export const MAX_REPORTING_DAYS = 366;

function findStartOrNext(day: string, timeZone: string): Date {
  try {
    return findLocalDayStart(day, timeZone);
  } catch {
    // A day the zone skipped entirely (Pacific/Apia, 2011-12-30) is an empty bucket at the next day's start.
    return findLocalDayStart(addDays(day, 1), timeZone);
  }
}

/**
 * The shop's calendar days from `from` to `to` inclusive, each with its [start, end) instants, so the database can
 * bucket orders by the shop's day rather than by UTC's. DST days are 23 or 25 hours long; that is the point.
 */
export function buildReportingDays(range: { readonly from: string; readonly to: string }, timeZone: string): ReportingDay[] {
  const count = countDaysBetween(range.from, range.to) + 1;
  if (count < 1) throw new RangeError(`The range ends (${range.to}) before it starts (${range.from}).`);
  if (count > MAX_REPORTING_DAYS) throw new RangeError(`The range has ${count} days; pick at most ${MAX_REPORTING_DAYS}.`);
  const days: ReportingDay[] = [];
  let start = findStartOrNext(range.from, timeZone);
  for (let index = 0; index < count; index++) {
    const day = addDays(range.from, index);
    const end = findStartOrNext(addDays(day, 1), timeZone);
    days.push({ day, start, end });
    start = end;
  }
  return days;
}
