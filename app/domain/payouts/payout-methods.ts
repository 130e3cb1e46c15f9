import { PAYOUT_RUN_METHOD_LABELS } from "./plan-payout-run-item";

/** How a merchant paid a creator outside Affable (Payout.method), with the words shown to people. */
export const PAYOUT_METHODS = ["paypal", "bank_transfer", "store_credit", "other"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

export const PAYOUT_METHOD_LABELS: Readonly<Record<PayoutMethod, string>> = {
  paypal: "PayPal",
  bank_transfer: "Bank transfer",
  store_credit: "Store credit",
  other: "Other",
};

/** The label of a stored method (recorded by hand, or a payout run's method); an unknown value is shown as it is. */
export function describePayoutMethod(method: string): string {
  return (PAYOUT_METHOD_LABELS as Record<string, string>)[method] ?? (PAYOUT_RUN_METHOD_LABELS as Record<string, string>)[method] ?? method;
}
