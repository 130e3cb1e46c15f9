/**
 * The year-end tax report: per creator, what they were paid in the calendar year (succeeded, not voided), by
 * method, split into what the merchant reports on 1099-NEC and what the processor reports on 1099-K; then whether a
 * 1099-NEC is due and whether the tax form to file it is on record.
 */
import type { Money } from "../money";
import { classifyPaymentFor1099 } from "./classify-payment-for-1099";
import { find1099NecThreshold } from "./find-1099-nec-threshold";

export interface TaxReportPayment {
  creatorId: string;
  method: string;
  /** Σ of this creator's payments by this method in the year, in the shop currency. */
  amountMinor: bigint;
}

export interface TaxReportCreator {
  id: string;
  name: string;
  email: string;
  /** The creator's current (not superseded) tax form, if any. */
  taxForm: { kind: "w9" | "w8ben"; country: string; tinLast4: string | null } | null;
}

/**
 * nec_due: at or above the threshold, W-9 on file. nec_due_missing_w9: at or above, no current W-9 (flagged).
 * w8ben: a foreign person with a W-8BEN on file gets no 1099. below_threshold: nothing to file.
 * no_threshold: the shop's currency is not USD.
 */
export type TaxReportStatus = "nec_due" | "nec_due_missing_w9" | "w8ben" | "below_threshold" | "no_threshold";

export interface TaxReportLine {
  creatorId: string;
  name: string;
  email: string;
  total: Money;
  /** Amounts the merchant reports (1099-NEC). */
  nec: Money;
  /** Amounts the processor reports on 1099-K (PayPal, card). */
  processorReported: Money;
  byMethod: Array<{ method: string; amount: Money; form: "1099-NEC" | "1099-K" }>;
  taxFormKind: "w9" | "w8ben" | null;
  tinLast4: string | null;
  status: TaxReportStatus;
  /** Needs attention: a 1099-NEC is due and no W-9 is on file. */
  flagged: boolean;
}

export interface TaxReport {
  year: number;
  currency: string;
  threshold: Money | null;
  lines: TaxReportLine[];
  totals: { total: Money; nec: Money; processorReported: Money };
  flaggedCount: number;
  necDueCount: number;
}

export const TAX_REPORT_STATUS_LABELS: Record<TaxReportStatus, string> = {
  nec_due: "1099-NEC due",
  nec_due_missing_w9: "1099-NEC due: W-9 missing",
  w8ben: "No 1099 (W-8BEN on file)",
  below_threshold: "Below the 1099-NEC threshold",
  no_threshold: "No 1099 threshold (not USD)",
};

function decideStatus(nec: bigint, threshold: Money | null, taxForm: TaxReportCreator["taxForm"]): TaxReportStatus {
  if (threshold === null) return "no_threshold";
  // A W-9 wins if a creator somehow has both current: they certified they are a US person.
  if (taxForm?.kind === "w8ben") return "w8ben";
  if (nec < threshold.amountMinor) return "below_threshold";
  return taxForm?.kind === "w9" ? "nec_due" : "nec_due_missing_w9";
}

export function buildTaxReport(input: { year: number; currency: string; payments: readonly TaxReportPayment[]; creators: readonly TaxReportCreator[] }): TaxReport {
  const { year, currency } = input;
  const threshold = find1099NecThreshold(year, currency);
  const money = (amountMinor: bigint): Money => ({ amountMinor, currency });
  const creators = new Map(input.creators.map((creator) => [creator.id, creator]));
  const byCreator = new Map<string, Map<string, bigint>>();
  for (const payment of input.payments) {
    if (payment.amountMinor === 0n) continue;
    const methods = byCreator.get(payment.creatorId) ?? new Map<string, bigint>();
    methods.set(payment.method, (methods.get(payment.method) ?? 0n) + payment.amountMinor);
    byCreator.set(payment.creatorId, methods);
  }
  const lines: TaxReportLine[] = [];
  let total = 0n;
  let nec = 0n;
  let processor = 0n;
  for (const [creatorId, methods] of byCreator) {
    const creator = creators.get(creatorId);
    let creatorNec = 0n;
    let creatorProcessor = 0n;
    const byMethod = [...methods]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([method, amountMinor]) => {
        const form = classifyPaymentFor1099(method);
        if (form === "1099-K") creatorProcessor += amountMinor;
        else creatorNec += amountMinor;
        return { method, amount: money(amountMinor), form };
      });
    const taxForm = creator?.taxForm ?? null;
    const status = decideStatus(creatorNec, threshold, taxForm);
    lines.push({
      creatorId,
      name: creator?.name ?? "(creator removed)",
      email: creator?.email ?? "",
      total: money(creatorNec + creatorProcessor),
      nec: money(creatorNec),
      processorReported: money(creatorProcessor),
      byMethod,
      taxFormKind: taxForm?.kind ?? null,
      tinLast4: taxForm?.tinLast4 ?? null,
      status,
      flagged: status === "nec_due_missing_w9",
    });
    total += creatorNec + creatorProcessor;
    nec += creatorNec;
    processor += creatorProcessor;
  }
  // Needing attention first, then the largest amounts to report, then by name for a stable order.
  lines.sort((a, b) => Number(b.flagged) - Number(a.flagged) || (b.nec.amountMinor > a.nec.amountMinor ? 1 : b.nec.amountMinor < a.nec.amountMinor ? -1 : 0) || a.name.localeCompare(b.name) || a.creatorId.localeCompare(b.creatorId));
  return {
    year,
    currency,
    threshold,
    lines,
    totals: { total: money(total), nec: money(nec), processorReported: money(processor) },
    flaggedCount: lines.filter((line) => line.flagged).length,
    necDueCount: lines.filter((line) => line.status === "nec_due" || line.status === "nec_due_missing_w9").length,
  };
}
