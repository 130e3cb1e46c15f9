/**
 * The plain payout CSV: one row per creator with what the merchant needs to pay them by hand or in any banking
 * tool, and nothing more. Only the chosen destination is written out in full (the IBAN to send to, or the PayPal
 * address); nothing else a creator gave Affable (tax ids, other methods' details) is in the file. Amounts are plain
 * decimals from minor units; csv-stringify writes the file; formula-looking text is neutralised.
 */
import { stringify } from "csv-stringify/sync";
import { neutralizeCsvFormula } from "../../creators";
import { formatDecimalAmount } from "../../money";
import { BankFileError } from "./bank-file-error";

export const PAYOUT_CSV_COLUMNS = ["creator", "email", "amount", "currency", "method", "account_holder", "iban", "bic", "paypal_email", "reference"] as const;

export type PayoutCsvDestination =
  | { kind: "bank"; accountHolderName: string; iban: string; bic: string | null }
  | { kind: "paypal"; paypalEmail: string }
  | { kind: "none" };

export type PayoutCsvRow = {
  creatorName: string;
  email: string | null;
  amountMinor: bigint;
  currency: string;
  destination: PayoutCsvDestination;
  reference: string;
};

const METHOD_WORDS: Record<PayoutCsvDestination["kind"], string> = { bank: "bank transfer", paypal: "PayPal", none: "ask the creator" };

export function buildPayoutCsv(rows: readonly PayoutCsvRow[]): string {
  if (rows.length === 0) throw new BankFileError("A payout CSV needs at least one creator to pay.");
  const lines = rows.map((row) => {
    const destination = row.destination;
    return [
      neutralizeCsvFormula(row.creatorName),
      neutralizeCsvFormula(row.email ?? ""),
      formatDecimalAmount({ amountMinor: row.amountMinor, currency: row.currency }),
      row.currency,
      METHOD_WORDS[destination.kind],
      destination.kind === "bank" ? neutralizeCsvFormula(destination.accountHolderName) : "",
      destination.kind === "bank" ? destination.iban : "",
      destination.kind === "bank" ? (destination.bic ?? "") : "",
      destination.kind === "paypal" ? neutralizeCsvFormula(destination.paypalEmail) : "",
      neutralizeCsvFormula(row.reference),
    ];
  });
  return stringify(lines, { header: true, columns: [...PAYOUT_CSV_COLUMNS] });
}
