/**
 * A bank file's identity is derived from the run, never random: the same run's file has the same MsgId however
 * often it is downloaded (a bank refuses a MsgId it has seen, so a re-upload is caught by the bank, not paid twice).
 * "AFF-<runId>-<S|W|C><n>" stays within the 35 characters of a SEPA MsgId for Affable's 25-character cuids.
 */
import { BankFileError } from "./bank-file-error";

export type BankFileFormat = "sepa_file" | "wise_file" | "csv_file";

const LETTER: Record<BankFileFormat, string> = { sepa_file: "S", wise_file: "W", csv_file: "C" };
const EXTENSION: Record<BankFileFormat, string> = { sepa_file: "xml", wise_file: "csv", csv_file: "csv" };
const LABEL: Record<BankFileFormat, string> = { sepa_file: "sepa", wise_file: "wise", csv_file: "payouts" };

export function bankFileMessageId(runId: string, format: BankFileFormat, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new BankFileError(`A bank file's sequence starts at 1, not ${sequence}.`);
  const messageId = `AFF-${runId}-${LETTER[format]}${sequence}`;
  if (messageId.length > 35 || !/^[A-Za-z0-9-]+$/.test(runId)) {
    throw new BankFileError(`The run id ${runId} does not fit a SEPA MsgId (35 characters of letters, digits and "-").`);
  }
  return messageId;
}

export function bankFileName(runId: string, format: BankFileFormat, sequence: number): string {
  return `affable-${LABEL[format]}-${runId}-${sequence}.${EXTENSION[format]}`;
}
