const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses "YYYY-MM-DD" as a calendar day; throws when it is not a real date (2026-02-30). */
export function parseDay(day: string): { year: number; month: number; day: number } {
  const match = DAY_PATTERN.exec(day);
  const parsed = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  const check = parsed ? new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day)) : null;
  if (!parsed || !check || check.getUTCFullYear() !== parsed.year || check.getUTCMonth() !== parsed.month - 1 || check.getUTCDate() !== parsed.day) {
    throw new RangeError(`"${day}" is not a calendar day; use YYYY-MM-DD, e.g. 2026-11-20.`);
  }
  return parsed;
}

/** Calendar arithmetic on "YYYY-MM-DD" days (no time zone involved: a calendar day is a calendar day). */
export function addDays(day: string, count: number): string {
  const { year, month, day: date } = parseDay(day);
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function countDaysBetween(from: string, to: string): number {
  const start = parseDay(from);
  const end = parseDay(to);
  return Math.round((Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day)) / 86_400_000);
}
