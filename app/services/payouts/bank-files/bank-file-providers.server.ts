/**
 * The bank-file payout providers: SEPA credit transfer (pain.001.001.09), Wise batch CSV, plain CSV. Submitting
 * makes the file (the hand-over) and reports the items `submitted`; the merchant pays with the file at their bank or
 * in Wise, then marks the items paid or failed (app/routes/app.payout-runs.$runId.files.tsx).
 */
import type { PayoutProvider } from "../providers/payout-provider";
import { handOverBankFile, lookUpBankFileItems } from "./hand-over-bank-file.server";

export const sepaFilePayoutProvider: PayoutProvider = {
  method: "sepa_file",
  submit: (context, items) => handOverBankFile("sepa_file", context, items),
  lookUp: (context, items) => lookUpBankFileItems("sepa_file", context, items),
};

export const wiseFilePayoutProvider: PayoutProvider = {
  method: "wise_file",
  submit: (context, items) => handOverBankFile("wise_file", context, items),
  lookUp: (context, items) => lookUpBankFileItems("wise_file", context, items),
};

export const csvFilePayoutProvider: PayoutProvider = {
  method: "csv_file",
  submit: (context, items) => handOverBankFile("csv_file", context, items),
  lookUp: (context, items) => lookUpBankFileItems("csv_file", context, items),
};
