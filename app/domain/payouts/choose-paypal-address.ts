/**
 * THE rule for where a PayPal payment goes, used by every place that pays or shows it (the run planner, and through
 * the run item's destination the PayPal provider, bank files and statements; the manual payout form; the creator
 * page; the portal):
 *
 * - A payout run pays only CreatorPayoutProfile.paypalEmail: details the creator confirmed from their own inbox in the
 *   portal, held for the merchant's review after a change. Nobody else (a staff member, an API key) can redirect
 *   money a run sends.
 * - A payout recorded by hand (paid outside Affable) is only *shown* an address: the confirmed one first, else the
 *   older Creator.payoutEmail the merchant types on the creator page (kept for these manual payouts only), else the
 *   creator's contact email. The source is shown beside it, so the merchant knows whether the creator confirmed it.
 */
export type PaypalAddressSource = "portal" | "creator_page" | "contact_email";

export type PaypalAddressInput = {
  /** CreatorPayoutProfile.paypalEmail (set only when the creator chose PayPal and confirmed it). */
  readonly confirmedPaypalEmail: string | null;
  /** Creator.payoutEmail: typed by the merchant, never confirmed by the creator. */
  readonly payoutEmail: string | null;
  /** Creator.email. */
  readonly contactEmail: string | null;
};

export type PaypalAddress = { readonly email: string; readonly source: PaypalAddressSource };

const present = (value: string | null): value is string => value !== null && value.trim() !== "";

export function choosePaypalAddress(input: PaypalAddressInput, use: "run" | "manual"): PaypalAddress | null {
  if (present(input.confirmedPaypalEmail)) return { email: input.confirmedPaypalEmail.trim(), source: "portal" };
  if (use === "run") return null;
  if (present(input.payoutEmail)) return { email: input.payoutEmail.trim(), source: "creator_page" };
  if (present(input.contactEmail)) return { email: input.contactEmail.trim(), source: "contact_email" };
  return null;
}

export const PAYPAL_ADDRESS_SOURCE_LABELS: Readonly<Record<PaypalAddressSource, string>> = {
  portal: "PayPal, confirmed by the creator",
  creator_page: "payout email on the creator page; not confirmed by the creator",
  contact_email: "contact email; no PayPal details on file",
};
