/**
 * Where a creator's tier period starts: the revenue that picks a tier is what was attributed to them from this
 * instant up to (not including) the order. Calendar periods follow the SHOP's wall clock (its IANA timezone), so a
 * Tokyo shop's June starts at 1 June 00:00 in Tokyo, not in UTC. The first instant of a local day (DST included:
 * a skipped midnight starts the day at the change, a repeated one at its first occurrence) comes from the
 * reporting calendar, so tiers and the dashboard agree on when a month begins.
 */
import { findLocalDayStart, readLocalDateTime } from "../reporting";

export type TierPeriod = "calendar_month" | "calendar_quarter" | "lifetime";

/**
 * The start of the tier period containing `at` in `timeZone`; null for lifetime (all revenue counts).
 * Calendar quarters start in January, April, July and October.
 */
export function computeTierPeriodStart(period: TierPeriod, at: Date, timeZone: string): Date | null {
  if (period === "lifetime") return null;
  let local;
  try {
    local = readLocalDateTime(at, timeZone);
  } catch {
    throw new RangeError(`"${timeZone}" is not an IANA timezone (such as Europe/Paris); sync the shop so Affable reads its timezone again.`);
  }
  const month = period === "calendar_month" ? local.month : local.month - ((local.month - 1) % 3);
  return findLocalDayStart(`${String(local.year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`, timeZone);
}
