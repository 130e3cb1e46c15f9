import { escapeLiquidHtml as e } from "./escape-liquid-html";
import { renderPortalShell, type PortalFrame } from "./render-portal-layout";

export interface SignInView {
  /** A message above the form: the link was sent, expired or already used. */
  notice: string | null;
  email: string;
}

/**
 * The portal's sign-in page: customers sign in to the store (Shopify then tells the app who they are); other
 * creators ask for a one-time email link.
 */
export function renderPortalSignIn(frame: PortalFrame, view: SignInView): string {
  const notice = view.notice ? `<p role="status"><strong>${e(view.notice)}</strong></p>` : "";
  return renderPortalShell(
    `<h1>${e(frame.shopName)} creators</h1>${notice}` +
      `<p>Have a customer account with ${e(frame.shopName)}? <a href="/account/login">Sign in to your account</a>, then come back here.</p>` +
      `<h2>Or get a sign-in link by email</h2>` +
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
  return renderPortalShell(`<h1>${e(input.title)}</h1><p>${e(input.message)}</p>${link}`);
}

/**
 * The page an emailed link opens: one button that POSTs the token. Redeeming on GET would let an email scanner that
 * pre-fetches links (common in company mail) use up the one-time link before the creator clicks it.
 */
export function renderSignInConfirm(frame: PortalFrame, token: string): string {
  return renderPortalShell(
    `<h1>${e(frame.shopName)} creators</h1>` +
      `<form method="post" action="${e(`${frame.prefix}/portal/sign-in`)}">` +
      `<input type="hidden" name="token" value="${e(token)}">` +
      `<p><button type="submit" class="button">Continue to the creator portal</button></p></form>`,
  );
}
