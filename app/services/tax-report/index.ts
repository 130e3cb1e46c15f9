// Year-end tax reporting and the tax-form check a payout run's preview uses (listMissingTaxForms).
export { buildShopTaxReport, type ShopTaxReport } from "./build-tax-report.server";
export { exportTaxReportCsv, TAX_REPORT_CSV_COLUMNS } from "./export-tax-report-csv.server";
export { listMissingTaxForms } from "./list-missing-tax-forms.server";
export { readCurrentTaxForms } from "./read-current-tax-forms.server";
export { readTaxReportYear } from "./read-tax-report-year.server";
