import { parseDay } from "./add-days";
import { readLocalDateTime, toLocalDay } from "./to-local-day";

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds (whole seconds). */
function readOffsetMs(instant: Date, timeZone: string): number {
  const local = readLocalDateTime(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The first instant of calendar day `day` in `timeZone`. Usually local midnight; where a DST change skips
 * midnight (America/Santiago, America/Havana), the day starts at the change, when the clock jumps to 01:00.
 * Where midnight happens twice (a fall-back at 01:00 → 00:00), the earlier one.
 */
export function findLocalDayStart(day: string, timeZone: string): Date {
  const { year, month, day: date } = parseDay(day);
  const naive = Date.UTC(year, month - 1, date);
  // The offset near midnight is one of (at most) two values: the one before a change and the one after it.
  const offsets = new Set<number>();
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) offsets.add(readOffsetMs(new Date(probe), timeZone));
  const candidates = [...offsets]
    .map((offset) => new Date(naive - offset))
    .filter((candidate) => toLocalDay(candidate, timeZone) === day)
    .sort((a, b) => a.getTime() - b.getTime());
  const earliest = candidates[0];
  if (earliest === undefined) throw new RangeError(`Day ${day} does not exist in ${timeZone}.`);
  // A candidate may land inside the day (midnight skipped): step back while the previous minute is still this day.
  let start = earliest;
  for (let guard = 0; guard < 180 && toLocalDay(new Date(start.getTime() - 60_000), timeZone) === day; guard++) {
    start = new Date(start.getTime() - 60_000);
  }
  return start;
}
