// Reporting in the shop's calendar: which days a range covers, and the instants each of those days spans.
export { addDays, countDaysBetween, parseDay } from "./add-days";
export { buildReportingDays, MAX_REPORTING_DAYS, type ReportingDay } from "./build-reporting-days";
export { findLocalDayStart } from "./find-local-day-start";
export {
  REPORTING_PRESETS,
  resolveReportingRange,
  type ReportingPreset,
  type ReportingRange,
  type ReportingRangeSelection,
  type ResolveReportingRangeResult,
} from "./resolve-reporting-range";
export { readLocalDateTime, toLocalDay, type LocalDateTime } from "./to-local-day";
export { formatShopDate, formatShopDateTime, formatShopDay } from "./format-shop-date";
