/**
 * Email sign-in for creators who are not store customers (/apps/affable/portal/sign-in, through the app proxy).
 * GET ?token=… shows a button that POSTs the token (so link scanners cannot use it up); POST token=… redeems it,
 * starts a server-side portal session and answers with the portal's overview, handing the session to the portal's
 * script in the page (never in a URL or redirect); POST email=… emails a one-time link. The sign-in also hands the
 * browser's `affable_device` id to the script (a risk signal: creator-portal-sessions.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { renderPortalSignIn, renderSignInConfirm } from "../portal/render-portal-sign-in";
import { getMailer } from "../email/mailer.server";
import { SIGN_IN_LINK_MINUTES, linkCustomerAfterEmailSignIn, redeemPortalSignInLink, requestPortalSignInLink } from "../services/portal/creator-portal-auth.server";
import { identifyPortalVisitor, openPortalRequest, renderCreatorPage, respondProgramUnavailable } from "../services/portal/load-creator-portal-request.server";
import { PORTAL_DEVICE_COOKIE, readOrCreateDeviceId } from "../services/portal/creator-portal-sessions.server";
import { describeWait, readVisitorNetwork, takeStorefrontLimit } from "../services/portal/storefront-rate-limits.server";

const formSchema = z.union([
  z.object({ token: z.string().min(1).max(200) }),
  z.object({ email: z.email().max(320) }),
]);

const REDEEM_FAILURES = {
  invalid: "This sign-in link is not valid. Ask for a new one below.",
  expired: `This sign-in link has expired (links work for ${SIGN_IN_LINK_MINUTES} minutes). Ask for a new one below.`,
  used: "This sign-in link was already used. Ask for a new one below.",
} as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const token = portal.url.searchParams.get("token");
  return portal.respond(token ? renderSignInConfirm(portal.frame, token) : renderPortalSignIn(portal.frame, { notice: null, email: "" }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const fields = Object.fromEntries([...(await request.formData())].map(([key, value]) => [key, typeof value === "string" ? value.trim() : ""]));
  const form = formSchema.safeParse(fields);
  if (!form.success) {
    const email = typeof fields.email === "string" ? fields.email : "";
    return portal.respond(renderPortalSignIn(portal.frame, { notice: "Enter the email address you registered with, such as name@example.com.", email }), 400);
  }
  if ("token" in form.data) {
    // The browser's long-lived device id (the portal's script posts its affable_device cookie with this form).
    const device = readOrCreateDeviceId(typeof fields[PORTAL_DEVICE_COOKIE] === "string" ? fields[PORTAL_DEVICE_COOKIE] : null);
    const redeemed = await redeemPortalSignInLink(portal.deps, { shop: portal.shop, token: form.data.token, visitor: portal.visitor, deviceId: device.deviceId });
    if (redeemed.ok) {
      const loggedInCustomerId = portal.url.searchParams.get("logged_in_customer_id");
      await linkCustomerAfterEmailSignIn(portal.deps, { shop: portal.shop, creatorId: redeemed.creatorId, loggedInCustomerId });
      const identity = await identifyPortalVisitor(portal, redeemed.sessionId);
      if (identity.kind === "creator") {
        return portal.respond(await renderCreatorPage(portal, portal.portalShop, identity, "", redeemed.sessionId, device.deviceId));
      }
    }
    if (redeemed.ok) return portal.respond(renderPortalSignIn(portal.frame, { notice: "Your creator account is not active. Contact the shop if you think this is a mistake.", email: "" }), 403);
    return portal.respond(renderPortalSignIn(portal.frame, { notice: REDEEM_FAILURES[redeemed.reason], email: "" }), 400);
  }
  const wait = takeStorefrontLimit("signInPerIp", portal.shop, readVisitorNetwork(request), portal.now);
  if (wait > 0) {
    return portal.respond(
      renderPortalSignIn(portal.frame, { notice: `Too many sign-in requests from your network. Wait ${describeWait(wait)}, then try again.`, email: form.data.email }),
      429,
      { "Retry-After": String(wait) },
    );
  }
  // Answered before the lookup and the email happen, so a creator's address and a stranger's take the same time.
  const email = form.data.email;
  const shopName = portal.portalShop.name;
  void requestPortalSignInLink(portal.deps, {
    shop: portal.shop,
    email,
    shopName,
    portalBaseUrl: `https://${portal.portalShop.storefrontHost}${portal.frame.prefix}`,
    mailer: getMailer(),
  }).catch((error: unknown) => console.error(`Creator portal: the sign-in link for ${portal.shop} could not be prepared:`, error));
  // The same answer whether or not the address is a creator's, so the form cannot be used to probe for creators.
  return portal.respond(
    renderPortalSignIn(portal.frame, {
      notice: `If ${email} belongs to a creator of ${shopName}, a sign-in link is on its way. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.`,
      email,
    }),
  );
};
