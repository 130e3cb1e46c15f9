import { findLocalDayStart } from "../reporting/find-local-day-start";

/**
 * The instants of calendar year `year` in the shop's time zone: [start, end). A payment made at 23:30 on Dec 31 in
 * Los Angeles (07:30 UTC on Jan 1) belongs to the year it was in Los Angeles.
 */
export function findTaxYearRange(year: number, timeZone: string): { start: Date; end: Date } {
  if (!Number.isInteger(year) || year < 2000 || year > 9998) throw new RangeError(`${year} is not a tax year Affable reports on.`);
  return { start: findLocalDayStart(`${year}-01-01`, timeZone), end: findLocalDayStart(`${year + 1}-01-01`, timeZone) };
}
