/**
 * What a PayPal payout item's transaction_status means for Affable's item, with the failure reason in the
 * merchant's (and creator's) words. Pure: no I/O.
 *
 * - SUCCESS → succeeded.
 * - PENDING, ONHOLD (PayPal is reviewing it), UNCLAIMED (the receiver has no PayPal account yet: they have 30 days
 *   to claim it) → still submitted: nothing final has happened.
 * - FAILED, RETURNED (unclaimed for 30 days), BLOCKED, REFUNDED, REVERSED, DENIED, CANCELED → failed: the money is
 *   not with the creator, the commissions become owed again.
 */
import type { ProviderItemReport } from "../providers/payout-provider";

export type PaypalItemView = {
  payout_item_id?: string;
  payout_batch_id?: string;
  transaction_status?: string;
  payout_item?: { receiver?: string; sender_item_id?: string };
  errors?: { name?: string; message?: string };
};

const STILL_OPEN = new Set(["PENDING", "ONHOLD", "UNCLAIMED", "NEW", "PROCESSING"]);
const FAILED = new Set(["FAILED", "RETURNED", "BLOCKED", "REFUNDED", "REVERSED", "DENIED", "CANCELED"]);

export function toProviderItemReport(itemId: string, item: PaypalItemView): ProviderItemReport {
  const status = (item.transaction_status ?? "").toUpperCase();
  const base = { itemId, providerItemId: item.payout_item_id ?? null, providerStatus: status, providerBatchId: item.payout_batch_id ?? null };
  if (status === "SUCCESS") return { ...base, outcome: "succeeded" };
  if (STILL_OPEN.has(status)) return { ...base, outcome: "submitted" };
  if (FAILED.has(status)) return { ...base, outcome: "failed", reason: describePaypalFailure(status, item) };
  return {
    itemId,
    outcome: "needs_review",
    reason: `PayPal reported a status Affable does not know (${status || "none"}) for payout item ${item.payout_item_id ?? "?"}. Check it in PayPal, then mark the item paid or failed.`,
  };
}

/** The reason shown to merchant and creator when PayPal did not pay an item. */
export function describePaypalFailure(status: string, item: PaypalItemView): string {
  const receiver = item.payout_item?.receiver ?? "the creator's PayPal email";
  const name = item.errors?.name ?? "";
  if (status === "RETURNED") {
    return `PayPal returned the payment: ${receiver} has no PayPal account and did not claim it within 30 days. The creator must open a PayPal account with this email (or change their PayPal email); the amount is owed again and goes into the next payout.`;
  }
  if (status === "REFUNDED") return `The payment to ${receiver} was refunded in PayPal; the amount is owed again and goes into the next payout.`;
  if (status === "REVERSED") return `PayPal reversed the payment to ${receiver}; the amount is owed again and goes into the next payout.`;
  if (status === "CANCELED") return `The payment to ${receiver} was canceled in PayPal before it was claimed; the amount is owed again.`;
  switch (name) {
    case "RECEIVER_UNREGISTERED":
      return `The PayPal email ${receiver} has no PayPal account; the creator must claim the payment or change their PayPal email.`;
    case "RECEIVER_ACCOUNT_LOCKED":
      return `The PayPal account of ${receiver} is locked or inactive; the creator must contact PayPal or change their PayPal email.`;
    case "INSUFFICIENT_FUNDS":
      return "Your PayPal balance did not cover this payout. Add funds to your PayPal account, then pay again in a new run.";
    case "RECEIVER_COUNTRY_NOT_ALLOWED":
      return `PayPal cannot pay ${receiver}: payouts to the creator's country are not allowed. Pay this creator by another method.`;
    case "REGULATORY_BLOCKED":
    case "RISK_DECLINE":
      return `PayPal blocked the payment to ${receiver} (compliance or risk check). Pay this creator by another method, or contact PayPal.`;
  }
  const detail = item.errors?.message ? `${item.errors.message}${name ? ` (${name})` : ""}` : `status ${status}`;
  return `PayPal did not pay ${receiver}: ${detail}`;
}
