/**
 * Wise's batch payment file, "send to bank accounts" template with IBAN recipients: the header row Wise expects,
 * one transfer per row, at most 1,000 rows per file (Wise's limit; larger runs get several files). amountCurrency
 * "target" makes the amount what the creator receives (Wise's fees are the merchant's). Amounts are plain decimals
 * with the currency's digits, formatted from minor units. Written with csv-stringify; text cells that a spreadsheet
 * would run as a formula are neutralised.
 */
import { stringify } from "csv-stringify/sync";
import { neutralizeCsvFormula } from "../../creators";
import { formatDecimalAmount, getCurrencyExponent } from "../../money";
import { BankFileError } from "./bank-file-error";
import { checkIban } from "./check-bank-account";

export const WISE_BATCH_COLUMNS = ["name", "recipientEmail", "paymentReference", "receiverType", "amountCurrency", "amount", "sourceCurrency", "targetCurrency", "IBAN"] as const;
export const WISE_BATCH_MAX_ROWS = 1000;

export type WiseBatchRow = {
  reference: string;
  accountHolderName: string;
  email: string | null;
  iban: string;
  amountMinor: bigint;
  currency: string;
};

export function buildWiseBatchCsv(rows: readonly WiseBatchRow[], sourceCurrency: string): string {
  if (rows.length === 0) throw new BankFileError("A Wise batch file needs at least one transfer.");
  if (rows.length > WISE_BATCH_MAX_ROWS) throw new BankFileError(`Wise takes at most ${WISE_BATCH_MAX_ROWS} transfers per batch file; this one has ${rows.length}. Split it.`);
  getCurrencyExponent(sourceCurrency);
  const lines = rows.map((row) => {
    const iban = checkIban(row.iban);
    if (!iban.ok) throw new BankFileError(`The transfer ${row.reference}: ${iban.message}`);
    if (row.amountMinor <= 0n) throw new BankFileError(`The transfer ${row.reference} is not for a positive amount.`);
    const name = row.accountHolderName.replace(/\s+/g, " ").trim();
    if (name === "") throw new BankFileError(`The transfer ${row.reference} has no account holder name: Wise needs the name on the bank account.`);
    return [
      neutralizeCsvFormula(name),
      neutralizeCsvFormula(row.email ?? ""),
      neutralizeCsvFormula(row.reference),
      "PERSON",
      "target",
      formatDecimalAmount({ amountMinor: row.amountMinor, currency: row.currency }),
      sourceCurrency,
      row.currency,
      iban.iban,
    ];
  });
  return stringify(lines, { header: true, columns: [...WISE_BATCH_COLUMNS], record_delimiter: "windows" });
}
