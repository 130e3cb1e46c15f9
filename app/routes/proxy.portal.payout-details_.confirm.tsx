/**
 * The link a payout details change emails to the creator (/apps/affable/portal/payout-details/confirm, through the app
 * proxy). GET ?token=… shows one button that POSTs the token (an email scanner that pre-fetches links must not apply
 * the change); POST token=… applies it. The link itself is the proof: no portal sign-in is needed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { getMailer } from "../email/mailer.server";
import { buildPortalHref } from "../portal/render-portal-layout";
import { renderPayoutDetailsConfirm } from "../portal/render-portal-payout-details";
import { renderPortalMessage } from "../portal/render-portal-sign-in";
import { openPortalRequest, respondProgramUnavailable } from "../services/portal/load-creator-portal-request.server";
import { CONFIRM_LINK_HOURS, confirmPayoutDetailsChange } from "../services/portal/payout-details-changes.server";
import { describePayoutDetails } from "../services/portal/payout-details-form";

const formSchema = z.object({ token: z.string().min(1).max(200) });

const FAILURES = {
  invalid: "This confirmation link is not valid. Open the newest link we emailed you, or save your payout details again.",
  expired: `This confirmation link has expired (links work for ${CONFIRM_LINK_HOURS} hours). Save your payout details again to get a new one.`,
  used: "This change was already confirmed. Your payout details page shows what is in force.",
  superseded: "A newer change replaced this one. Open the newest link we emailed you.",
} as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const token = portal.url.searchParams.get("token") ?? "";
  return portal.respond(renderPayoutDetailsConfirm(portal.frame, token));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const portal = await openPortalRequest(request);
  const shop = portal.portalShop;
  if (!shop) return respondProgramUnavailable(portal);
  const form = formSchema.safeParse(Object.fromEntries([...(await request.formData())].filter(([, value]) => typeof value === "string")));
  const back = { href: buildPortalHref(portal.frame, "payout-details"), label: "Go to your payout details" };
  if (!form.success) return portal.respond(renderPortalMessage(portal.frame, { title: "Payout details", message: FAILURES.invalid, link: back }), 400);
  const outcome = await confirmPayoutDetailsChange(
    { db, mailer: getMailer(), now: portal.now },
    { shop: shop.shop, shopName: shop.name, token: form.data.token, timeZone: shop.timeZone },
  );
  if (!outcome.ok) return portal.respond(renderPortalMessage(portal.frame, { title: "Payout details", message: FAILURES[outcome.reason], link: back }), outcome.reason === "used" ? 409 : 400);
  const message =
    `Confirmed: you are paid by ${describePayoutDetails(outcome.summary)}.` +
    (outcome.reviewRequired ? ` ${shop.name} checks changed payout details before your next payout, so it may take a little longer.` : "");
  return portal.respond(renderPortalMessage(portal.frame, { title: "Payout details confirmed", message, link: back }));
};
