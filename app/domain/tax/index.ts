// Year-end tax reporting (US 1099-NEC / 1099-K), pure: thresholds by year, which return covers a method, the report.
export { buildTaxReport, TAX_REPORT_STATUS_LABELS, type TaxReport, type TaxReportCreator, type TaxReportLine, type TaxReportPayment, type TaxReportStatus } from "./build-tax-report";
export { classifyPaymentFor1099, type InformationReturn } from "./classify-payment-for-1099";
export { find1099NecThreshold } from "./find-1099-nec-threshold";
export { findTaxYearRange } from "./find-tax-year-range";
