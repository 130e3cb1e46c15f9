/**
 * A code's start and end typed as calendar days ("Ends on 2026-12-31") are days in the SHOP's time zone, and the end
 * day is included: the code works until the end of that day there. Shopify expires a discount once `endsAt` is
 * reached, so endsAt is the first instant of the next local day (not 23:59:59, which would lose the last second,
 * and not UTC midnight, which in Tokyo would end the code nine hours early).
 */
import { addDays, findLocalDayStart, parseDay, toLocalDay } from "../reporting";

/** The instant a code "starting on `day`" begins: the first instant of that day in `timeZone`. */
export function readCodeStartsAt(day: string, timeZone: string): Date {
  parseDay(day);
  return findLocalDayStart(day, timeZone);
}

/** Shopify's endsAt for a code "ending on `day`": the first instant of the following day in `timeZone`. */
export function readCodeEndsAt(day: string, timeZone: string): Date {
  parseDay(day);
  return findLocalDayStart(addDays(day, 1), timeZone);
}

/** The last local day a code with this endsAt still works: what the "Ends on" field shows. */
export function toCodeEndDay(endsAt: Date, timeZone: string): string {
  return toLocalDay(new Date(endsAt.getTime() - 1), timeZone);
}
