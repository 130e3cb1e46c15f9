/**
 * A SEPA credit transfer initiation, ISO 20022 pain.001.001.09, as the EPC's implementation guidelines (SCT,
 * customer-to-bank) restrict it: one PmtInf, PmtMtd TRF, service level SEPA, charges SLEV, EUR only, IBANs only,
 * the SEPA Latin character set. The merchant uploads it to their bank; each creator's transfer carries the payout
 * item's stable senderItemId as EndToEndId, so the same file downloaded again is the same file.
 *
 * XML is written with xmlbuilder2 (escaping, namespaces, element order as given); amounts are formatted from minor
 * units with formatDecimalAmount (never floats).
 */
import { create } from "xmlbuilder2";
import { formatDecimalAmount } from "../../money";
import { BankFileError } from "./bank-file-error";
import { checkBic, checkIban } from "./check-bank-account";
import { isSepaIdentifier, toSepaField } from "./to-sepa-text";

export const PAIN_001_001_09_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
/** The scheme's limit per transaction: 999,999,999.99 EUR. */
const MAX_AMOUNT_MINOR = 99_999_999_999n;

export type SepaCreditTransferTransaction = {
  endToEndId: string;
  amountMinor: bigint;
  currency: string;
  creditorName: string;
  creditorIban: string;
  creditorBic: string | null;
  /** Unstructured remittance information (RmtInf/Ustrd), cut to 140 characters. */
  remittanceInformation: string;
};

export type SepaCreditTransferInput = {
  messageId: string;
  paymentInformationId: string;
  createdAt: Date;
  /** YYYY-MM-DD: the day the merchant's bank should execute the transfers. */
  requestedExecutionDate: string;
  initiatingPartyName: string;
  debtor: { name: string; iban: string; bic: string | null };
  transactions: readonly SepaCreditTransferTransaction[];
};

function requireIdentifier(value: string, field: string): string {
  if (!isSepaIdentifier(value)) {
    throw new BankFileError(`${field} "${value}" is not a SEPA identifier (1–35 characters of A–Z a–z 0–9 / - ? : ( ) . , ' + and space, no leading, trailing or double "/").`);
  }
  return value;
}

function requireName(value: string, field: string): string {
  const name = toSepaField(value, 70);
  if (name === "") throw new BankFileError(`${field} is empty once reduced to the SEPA character set: give a name in Latin letters.`);
  return name;
}

/** ISO date-time without fractional seconds, in UTC: 2026-12-07T19:30:00Z. */
function formatCreationDateTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

export function buildSepaCreditTransfer(input: SepaCreditTransferInput): string {
  const messageId = requireIdentifier(input.messageId, "MsgId");
  const paymentInformationId = requireIdentifier(input.paymentInformationId, "PmtInfId");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.requestedExecutionDate) || Number.isNaN(Date.parse(`${input.requestedExecutionDate}T00:00:00Z`))) {
    throw new BankFileError(`The requested execution date "${input.requestedExecutionDate}" is not a YYYY-MM-DD date.`);
  }
  if (input.transactions.length === 0) throw new BankFileError("A SEPA file needs at least one transfer: this run has no creator to pay by SEPA.");
  const debtorIban = checkIban(input.debtor.iban, { sepaOnly: true });
  if (!debtorIban.ok) throw new BankFileError(`Your SEPA account (Settings › Bank): ${debtorIban.message}`);
  const debtorBic = input.debtor.bic ? checkBic(input.debtor.bic) : null;
  if (debtorBic && !debtorBic.ok) throw new BankFileError(`Your SEPA account's BIC (Settings › Bank): ${debtorBic.message}`);

  const seenEndToEndIds = new Set<string>();
  let controlSumMinor = 0n;
  const transactions = input.transactions.map((transaction) => {
    const endToEndId = requireIdentifier(transaction.endToEndId, "EndToEndId");
    if (seenEndToEndIds.has(endToEndId)) throw new BankFileError(`EndToEndId ${endToEndId} appears twice: each transfer needs its own.`);
    seenEndToEndIds.add(endToEndId);
    if (transaction.currency !== "EUR") {
      throw new BankFileError(`SEPA transfers are in euros only; the transfer ${endToEndId} is in ${transaction.currency}. Pay it with the Wise or plain CSV file instead.`);
    }
    if (transaction.amountMinor < 1n || transaction.amountMinor > MAX_AMOUNT_MINOR) {
      throw new BankFileError(`The transfer ${endToEndId} is for ${formatDecimalAmount({ amountMinor: transaction.amountMinor, currency: "EUR" })} EUR; SEPA allows 0.01 to 999999999.99 EUR.`);
    }
    const creditorIban = checkIban(transaction.creditorIban, { sepaOnly: true });
    if (!creditorIban.ok) throw new BankFileError(`The transfer ${endToEndId}: ${creditorIban.message}`);
    const creditorBic = transaction.creditorBic ? checkBic(transaction.creditorBic) : null;
    if (creditorBic && !creditorBic.ok) throw new BankFileError(`The transfer ${endToEndId}: ${creditorBic.message}`);
    controlSumMinor += transaction.amountMinor;
    const remittance = toSepaField(transaction.remittanceInformation, 140);
    return {
      PmtId: { EndToEndId: endToEndId },
      Amt: { InstdAmt: { "@Ccy": "EUR", "#": formatDecimalAmount({ amountMinor: transaction.amountMinor, currency: "EUR" }) } },
      ...(creditorBic ? { CdtrAgt: { FinInstnId: { BICFI: creditorBic.bic } } } : {}),
      Cdtr: { Nm: requireName(transaction.creditorName, `The account holder's name for ${endToEndId}`) },
      CdtrAcct: { Id: { IBAN: creditorIban.iban } },
      ...(remittance === "" ? {} : { RmtInf: { Ustrd: remittance } }),
    };
  });
  const numberOfTransactions = String(transactions.length);
  const controlSum = formatDecimalAmount({ amountMinor: controlSumMinor, currency: "EUR" });

  const document = {
    Document: {
      "@xmlns": PAIN_001_001_09_NAMESPACE,
      CstmrCdtTrfInitn: {
        GrpHdr: {
          MsgId: messageId,
          CreDtTm: formatCreationDateTime(input.createdAt),
          NbOfTxs: numberOfTransactions,
          CtrlSum: controlSum,
          InitgPty: { Nm: requireName(input.initiatingPartyName, "The initiating party's name") },
        },
        PmtInf: {
          PmtInfId: paymentInformationId,
          PmtMtd: "TRF",
          NbOfTxs: numberOfTransactions,
          CtrlSum: controlSum,
          PmtTpInf: { SvcLvl: { Cd: "SEPA" } },
          ReqdExctnDt: { Dt: input.requestedExecutionDate },
          Dbtr: { Nm: requireName(input.debtor.name, "Your SEPA account holder name (Settings › Bank)") },
          DbtrAcct: { Id: { IBAN: debtorIban.iban } },
          DbtrAgt: { FinInstnId: debtorBic ? { BICFI: debtorBic.bic } : { Othr: { Id: "NOTPROVIDED" } } },
          ChrgBr: "SLEV",
          CdtTrfTxInf: transactions,
        },
      },
    },
  };
  return create({ version: "1.0", encoding: "UTF-8" }, document).end({ prettyPrint: true });
}
