import { addDays, countDaysBetween, parseDay } from "./add-days";
import { MAX_REPORTING_DAYS } from "./build-reporting-days";
import { toLocalDay } from "./to-local-day";

export const REPORTING_PRESETS = ["last_7_days", "last_30_days", "last_90_days", "this_month", "custom"] as const;
export type ReportingPreset = (typeof REPORTING_PRESETS)[number];

export type ReportingRangeSelection = { readonly preset: ReportingPreset; readonly from?: string; readonly to?: string };

export type ReportingRange = { readonly preset: ReportingPreset; readonly from: string; readonly to: string };

export type ResolveReportingRangeResult = { ok: true; range: ReportingRange } | { ok: false; message: string };

const LAST_DAYS: Partial<Record<ReportingPreset, number>> = { last_7_days: 7, last_30_days: 30, last_90_days: 90 };

function isDay(value: string | undefined): value is string {
  if (value === undefined) return false;
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns the dashboard's range picker into calendar days of the shop: "last 7 days" is today and the 6 days before
 * it, where "today" is the shop's today (a Tokyo shop's Monday starts while it is still Sunday in UTC).
 */
export function resolveReportingRange(selection: ReportingRangeSelection, timeZone: string, now: Date): ResolveReportingRangeResult {
  const today = toLocalDay(now, timeZone);
  const last = LAST_DAYS[selection.preset];
  if (last !== undefined) return { ok: true, range: { preset: selection.preset, from: addDays(today, -(last - 1)), to: today } };
  if (selection.preset === "this_month") return { ok: true, range: { preset: "this_month", from: `${today.slice(0, 8)}01`, to: today } };

  const { from, to } = selection;
  if (!isDay(from) || !isDay(to)) return { ok: false, message: "Pick both a start and an end date (YYYY-MM-DD) for a custom range." };
  const length = countDaysBetween(from, to) + 1;
  if (length < 1) return { ok: false, message: `The end date ${to} is before the start date ${from}; swap them.` };
  if (length > MAX_REPORTING_DAYS) return { ok: false, message: `A custom range can cover at most ${MAX_REPORTING_DAYS} days; this one has ${length}.` };
  return { ok: true, range: { preset: "custom", from, to } };
}
