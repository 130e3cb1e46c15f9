export { BankFileError } from "./bank-file-error";
export { buildPayoutCsv, PAYOUT_CSV_COLUMNS, type PayoutCsvDestination, type PayoutCsvRow } from "./build-payout-csv";
export { buildSepaCreditTransfer, PAIN_001_001_09_NAMESPACE, type SepaCreditTransferInput, type SepaCreditTransferTransaction } from "./build-sepa-credit-transfer";
export { buildWiseBatchCsv, WISE_BATCH_COLUMNS, WISE_BATCH_MAX_ROWS, type WiseBatchRow } from "./build-wise-batch-csv";
export { checkBic, checkIban, type BicCheck, type IbanCheck } from "./check-bank-account";
export { bankFileMessageId, bankFileName, type BankFileFormat } from "./name-bank-file";
export { isSepaIdentifier, toSepaField, toSepaText } from "./to-sepa-text";
