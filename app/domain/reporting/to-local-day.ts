// Intl.DateTimeFormat is costly to build and the dashboard asks for many days of the same zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function findFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall-clock date and time in `timeZone` at `instant` (an IANA zone such as "America/New_York"). */
export function readLocalDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(findFormatter(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The shop's calendar day ("2026-11-20") that `instant` falls on in `timeZone`. */
export function toLocalDay(instant: Date, timeZone: string): string {
  const local = readLocalDateTime(instant, timeZone);
  return `${String(local.year).padStart(4, "0")}-${String(local.month).padStart(2, "0")}-${String(local.day).padStart(2, "0")}`;
}
