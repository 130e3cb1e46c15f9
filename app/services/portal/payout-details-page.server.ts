/**
 * The portal's payout details page as a view model, and its submission: parse (field errors before saving, with every
 * typed value kept), then request the change, confirmed by email (payout-details-changes.server.ts).
 */
import type { Database } from "../../db.server";
import { getMailer } from "../../email/mailer.server";
import { formatShopDateTime } from "../../domain/reporting/format-shop-date";
import type { FieldError } from "../../portal/render-portal-form-fields";
import { renderPortalPayoutDetails, type PortalPayoutDetailsView } from "../../portal/render-portal-payout-details";
import type { PortalFrame } from "../../portal/render-portal-layout";
import db from "../../db.server";
import type { PortalCreator } from "./creator-portal-auth.server";
import type { PortalShop } from "./load-creator-portal.server";
import { CONFIRM_LINK_HOURS, loadPayoutDetailsState, requestPayoutDetailsChange } from "./payout-details-changes.server";
import {
  describePayoutDetails,
  parsePayoutDetailsForm,
  PORTAL_PAYOUT_METHOD_LABELS,
  PORTAL_PAYOUT_METHODS,
  readPayoutDetailsFormValues,
  STORE_CREDIT_NOTE,
  type PayoutDetailsFormValues,
} from "./payout-details-form";
import { issuePortalFormToken } from "./portal-form-token.server";
import { describeWait, takeStorefrontLimit } from "./storefront-rate-limits.server";
import type { PortalSubmission } from "./serve-portal-form.server";

const METHOD_NOTES: Partial<Record<string, string>> = {
  paypal: "Paid to your PayPal account's email address.",
  bank_transfer: "Paid to your bank account by transfer (IBAN).",
  store_credit: STORE_CREDIT_NOTE,
  gift_card: "A gift card for this shop, emailed to you.",
};

export async function loadPortalPayoutDetailsView(
  database: Database,
  input: { shop: PortalShop; creator: PortalCreator; now: Date; secret: string; values?: PayoutDetailsFormValues; errors?: FieldError[]; notice?: string | null },
): Promise<PortalPayoutDetailsView> {
  const { shop, creator, now } = input;
  const state = await loadPayoutDetailsState(database, shop.shop, creator.id, now);
  const current = state.current;
  return {
    creatorName: creator.name,
    formToken: issuePortalFormToken(input.secret, { shop: shop.shop, creatorId: creator.id, now }),
    current: current ? describePayoutDetails(current) : null,
    reviewPending: state.reviewRequired,
    pending: state.pending
      ? { described: describePayoutDetails(state.pending.summary), sentTo: state.pending.sentTo, expiresText: formatShopDateTime(state.pending.expiresAt, shop.timeZone) }
      : null,
    methods: PORTAL_PAYOUT_METHODS.map((method) => ({ value: method, label: PORTAL_PAYOUT_METHOD_LABELS[method], note: METHOD_NOTES[method] })),
    // The saved IBAN is never put back in the form: only its last 4 are shown above.
    values: input.values ?? {
      method: current?.method ?? "",
      paypal_email: current?.paypalEmail ?? "",
      iban: "",
      account_holder_name: current?.accountHolderName ?? "",
      bic: current?.bic ?? "",
    },
    errors: input.errors ?? [],
    notice: input.notice ?? null,
  };
}

export async function renderPayoutDetailsPage(frame: PortalFrame, input: Parameters<typeof loadPortalPayoutDetailsView>[1]): Promise<string> {
  return renderPortalPayoutDetails(frame, await loadPortalPayoutDetailsView(db, input));
}

export async function submitPayoutDetails(submission: PortalSubmission): Promise<Response> {
  const { portal, shop, creator, frame } = submission;
  const base = { shop, creator, now: portal.now, secret: portal.deps.secret };
  const values = readPayoutDetailsFormValues(submission.fields);
  const parsed = parsePayoutDetailsForm(values);
  if (!parsed.ok) return portal.respond(await renderPayoutDetailsPage(frame, { ...base, values, errors: parsed.errors }), 422);
  // Each save emails the creator: a stolen session must not turn the form into a way to flood their inbox.
  const wait = takeStorefrontLimit("payoutDetailsPerCreator", shop.shop, creator.id, portal.now);
  if (wait > 0) {
    const errors = [{ field: "method", message: `You saved your payout details several times in a short while. Wait ${describeWait(wait)}, then save again.` }];
    return portal.respond(await renderPayoutDetailsPage(frame, { ...base, values, errors }), 429, { "Retry-After": String(wait) });
  }
  const result = await requestPayoutDetailsChange(
    { db, mailer: getMailer(), now: portal.now },
    {
      shop: shop.shop,
      shopName: shop.name,
      creator: { id: creator.id, name: creator.name, email: creator.email },
      details: parsed.details,
      requestedVia: submission.via,
      portalBaseUrl: `https://${shop.storefrontHost}${frame.prefix}`,
    },
  );
  const notice = result.emailSent
    ? `Almost done: we emailed a confirmation link to ${result.sentTo}. Your payout details change only when you open it (within ${CONFIRM_LINK_HOURS} hours).`
    : `Your change is saved but the confirmation email to ${result.sentTo} could not be sent. Save again later, or contact the shop.`;
  return portal.respond(await renderPayoutDetailsPage(frame, { ...base, notice }));
}
