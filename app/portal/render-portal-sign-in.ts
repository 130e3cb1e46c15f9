import { escapeHtml as e } from "../html/escape-html";
import { renderPortalShell, type PortalFrame } from "./render-portal-layout";

export interface SignInView {
  /** A message above the form: the link was sent, expired or already used. */
  notice: string | null;
  email: string;
}

/** The store's customer account sign-in, coming back to the portal afterwards (Shopify's return_url). */
export function buildCustomerSignInHref(frame: PortalFrame): string {
  return `/account/login?${new URLSearchParams({ return_url: `${frame.prefix}/portal` }).toString()}`;
}

/**
 * The portal's sign-in page. It leads with the store's customer account: Shopify then signs the customer's id into
 * every proxy request, which is the durable way in (nothing for the app to keep). Creators without a customer
 * account ask for a one-time email link instead.
 */
export function renderPortalSignIn(frame: PortalFrame, view: SignInView): string {
  const notice = view.notice ? `<p role="status"><strong>${e(view.notice)}</strong></p>` : "";
  return renderPortalShell(
    frame,
    `<h1>${e(frame.shopName)} creators</h1>${notice}` +
      `<p>Sign in with your ${e(frame.shopName)} customer account (use the email you registered with as a creator); you come back here afterwards.</p>` +
      `<p><a class="button" href="${e(buildCustomerSignInHref(frame))}">Sign in to your account</a></p>` +
      `<h2>No customer account? Get a sign-in link by email</h2>` +
      `<form method="post" action="${e(`${frame.prefix}/portal/sign-in`)}">` +
      `<label for="affable-email">Email you registered with</label>` +
      `<input id="affable-email" name="email" type="email" autocomplete="email" required value="${e(view.email)}">` +
      `<p><button type="submit" class="button">Email me a sign-in link</button></p></form>` +
      `<p class="affable-muted">Not a creator yet? <a href="${e(`${frame.prefix}/apply`)}">Apply to the program</a>.</p>`,
  );
}

/** A one-message page (application received, not a creator yet…). */
export function renderPortalMessage(frame: PortalFrame, input: { title: string; message: string; link?: { href: string; label: string } }): string {
  const link = input.link ? `<p><a href="${e(input.link.href)}">${e(input.link.label)}</a></p>` : "";
  return renderPortalShell(frame, `<h1>${e(input.title)}</h1><p>${e(input.message)}</p>${link}`);
}

/**
 * The page an emailed link opens: one button that POSTs the token. Redeeming on GET would let an email scanner that
 * pre-fetches links (common in company mail) use up the one-time link before the creator clicks it. The portal's
 * script takes the token out of the address bar as soon as the page loads.
 */
export function renderSignInConfirm(frame: PortalFrame, token: string): string {
  return renderPortalShell(
    frame,
    `<h1>${e(frame.shopName)} creators</h1>` +
      `<form method="post" action="${e(`${frame.prefix}/portal/sign-in`)}" data-affable-device-form>` +
      `<input type="hidden" name="token" value="${e(token)}">` +
      `<p><button type="submit" class="button">Continue to the creator portal</button></p></form>`,
  );
}
