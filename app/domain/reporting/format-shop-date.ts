/**
 * The one way Affable shows a date to a merchant or a creator: in the shop's IANA time zone (never the browser's or
 * the server's), in one style — "Dec 7, 2026" for a day, "Dec 7, 2026, 4:05 PM EST" for an instant (the zone's
 * short name, so a reader in another zone knows which clock it is). Deterministic for a given zone and locale, so
 * the server's render and the browser's hydration agree.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function findFormatter(kind: "date" | "dateTime", timeZone: string, locale: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}|${locale}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: "numeric",
      month: "short",
      day: "numeric",
      ...(kind === "dateTime" ? { hour: "numeric", minute: "2-digit", timeZoneName: "short" } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

function toInstant(value: Date | string): Date {
  const instant = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`"${String(value)}" is not a date Affable can show.`);
  return instant;
}

/** "Dec 7, 2026": the shop's calendar day at `value` (a Date or an ISO 8601 string). */
export function formatShopDate(value: Date | string, timeZone: string, locale = "en-US"): string {
  return findFormatter("date", timeZone, locale).format(toInstant(value));
}

/** "Dec 7, 2026, 4:05 PM EST": the shop's wall clock at `value`, with the zone's short name. */
export function formatShopDateTime(value: Date | string, timeZone: string, locale = "en-US"): string {
  return findFormatter("dateTime", timeZone, locale).format(toInstant(value));
}

/** "Dec 7, 2026" for a calendar day already in the shop's calendar ("2026-12-07"), with no zone to shift it. */
export function formatShopDay(day: string, locale = "en-US"): string {
  return findFormatter("date", "UTC", locale).format(toInstant(`${day}T12:00:00Z`));
}
