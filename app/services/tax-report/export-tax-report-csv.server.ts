import { stringify } from "csv-stringify/sync";
import type { Database } from "../../db.server";
import { neutralizeCsvFormula } from "../../domain/creators";
import { formatDecimalAmount } from "../../domain/money";
import { TAX_REPORT_STATUS_LABELS } from "../../domain/tax";
import { buildShopTaxReport } from "./build-tax-report.server";

export const TAX_REPORT_CSV_COLUMNS = [
  "Year",
  "Creator ID",
  "Name",
  "Email",
  "Currency",
  "Total paid",
  "1099-NEC amount",
  "1099-K amount (reported by processor)",
  "By method",
  "Tax form",
  "TIN last 4",
  "Status",
  "Needs attention",
] as const;

/** The year's report as CSV for the accountant: one row per creator paid in the year, amounts as decimal text. */
export async function exportTaxReportCsv(db: Database, shop: string, year: number): Promise<string> {
  const report = await buildShopTaxReport(db, shop, year);
  const rows = report.lines.map((line) => [
    String(report.year),
    line.creatorId,
    neutralizeCsvFormula(line.name),
    neutralizeCsvFormula(line.email),
    report.currency,
    formatDecimalAmount(line.total),
    formatDecimalAmount(line.nec),
    formatDecimalAmount(line.processorReported),
    line.byMethod.map((entry) => `${entry.method}: ${formatDecimalAmount(entry.amount)}`).join("; "),
    line.taxFormKind === "w9" ? "W-9" : line.taxFormKind === "w8ben" ? "W-8BEN" : "",
    line.tinLast4 ?? "",
    TAX_REPORT_STATUS_LABELS[line.status],
    line.flagged ? "yes" : "no",
  ]);
  return stringify([[...TAX_REPORT_CSV_COLUMNS], ...rows]);
}
