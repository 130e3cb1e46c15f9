/**
 * The creator portal's payout details page: how the creator is paid now, a change waiting for its email
 * confirmation, and the form to choose a method. An IBAN is never shown back in full once saved (last 4 only).
 */
import { escapeHtml as e } from "../html/escape-html";
import { openPortalForm, renderErrorSummary, renderNotice, renderRadioGroup, renderTextField, type FieldError } from "./render-portal-form-fields";
import { renderPortalLayout, renderPortalShell, type PortalFrame } from "./render-portal-layout";

export interface PortalPayoutDetailsView {
  creatorName: string;
  formToken: string;
  /** The confirmed details in words, or null before the first setup. */
  current: string | null;
  /** The merchant reviews changed details before the next payout. */
  reviewPending: boolean;
  pending: { described: string; sentTo: string; expiresText: string } | null;
  methods: ReadonlyArray<{ value: string; label: string; note?: string }>;
  values: { method: string; paypal_email: string; iban: string; account_holder_name: string; bic: string };
  errors: readonly FieldError[];
  notice: string | null;
}

export function renderPortalPayoutDetails(frame: PortalFrame, view: PortalPayoutDetailsView): string {
  const current = view.current
    ? `<p>You are paid by: <strong>${e(view.current)}</strong></p>` +
      (view.reviewPending ? `<p class="affable-muted">These details changed recently: the shop checks them before your next payout.</p>` : "")
    : `<p>You have not chosen how to be paid yet. Choose below; your payouts wait until you do.</p>`;
  const pending = view.pending
    ? `<div class="affable-card"><p><strong>Waiting for your confirmation:</strong> ${e(view.pending.described)}.</p>` +
      `<p class="affable-muted">We sent a link to ${e(view.pending.sentTo)}. Nothing changes until you open it (it works until ${e(view.pending.expiresText)}). Saving again replaces this request.</p></div>`
    : "";
  const { values, errors } = view;
  const form =
    openPortalForm(frame, "payout-details", view.formToken) +
    `<input type="hidden" name="intent" value="save">` +
    renderRadioGroup({ name: "method", legend: "How do you want to be paid?", value: values.method, options: view.methods, errors }) +
    `<h3>PayPal</h3>` +
    renderTextField({ name: "paypal_email", label: "PayPal email (for PayPal)", value: values.paypal_email, errors, type: "email", autocomplete: "email", maxLength: 254 }) +
    `<h3>Bank transfer</h3>` +
    renderTextField({ name: "iban", label: "IBAN (for bank transfer)", value: values.iban, errors, autocomplete: "off", maxLength: 42, hint: "Spaces are fine, such as DE89 3704 0044 0532 0130 00." }) +
    renderTextField({ name: "account_holder_name", label: "Account holder name (for bank transfer)", value: values.account_holder_name, errors, autocomplete: "name", maxLength: 140 }) +
    renderTextField({ name: "bic", label: "BIC (for bank transfer)", value: values.bic, errors, maxLength: 11 }) +
    `<p class="affable-muted">To protect your earnings, a change is confirmed by a link we email to your address, and the shop reviews changed details before your next payout.</p>` +
    `<p><button type="submit" class="button">Save payout details</button></p></form>`;
  const body = `<h2>Payout details</h2>${renderNotice(view.notice)}${renderErrorSummary(errors)}${current}${pending}${form}`;
  return renderPortalLayout(frame, { current: "payout-details", creatorName: view.creatorName, body });
}

/**
 * The page the emailed confirmation link opens: one button that POSTs the token, so a mail scanner that pre-fetches
 * links cannot apply the change. The portal's script takes the token out of the address bar at once.
 */
export function renderPayoutDetailsConfirm(frame: PortalFrame, token: string): string {
  return renderPortalShell(
    frame,
    `<h1>${e(frame.shopName)} creators</h1><p>Confirm the change to your payout details.</p>` +
      `<form method="post" action="${e(`${frame.prefix}/portal/payout-details/confirm`)}">` +
      `<input type="hidden" name="token" value="${e(token)}">` +
      `<p><button type="submit" class="button">Confirm my new payout details</button></p></form>` +
      `<p class="affable-muted">Did not ask for a change? Close this page: nothing changes.</p>`,
  );
}
