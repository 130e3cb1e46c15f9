/**
 * The shopper's cookies on the storefront, named as Shopify names them:
 *   cart               the cart token (devstore/storefront/cart-store.ts)
 *   _landing_page      the first storefront URL of the visit, path and query (the order's landing_site)
 *   _orig_referrer     the Referer of that first request (the order's referring_site)
 *   _tracking_consent  the Customer Privacy API's decisions (written by the consent banner's script)
 *   _devstore_customer the logged-in customer (signed; Shopify's own customer session cookie is opaque)
 */
import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from "hono/cookie";

export const CART_COOKIE = "cart";
export const LANDING_PAGE_COOKIE = "_landing_page";
export const ORIGINAL_REFERRER_COOKIE = "_orig_referrer";
export const CONSENT_COOKIE = "_tracking_consent";
export const CUSTOMER_COOKIE = "_devstore_customer";

const TWO_WEEKS_SECONDS = 60 * 60 * 24 * 14;

/** Derived from the app secret, like the admin's staff cookie key: the devstore keeps no secrets of its own. */
export function customerCookieKey(apiSecret: string): string {
  return createHmac("sha256", apiSecret).update("devstore storefront customer session cookie v1").digest("hex");
}

export function readCartToken(c: Context): string | undefined {
  return getCookie(c, CART_COOKIE);
}

export function writeCartToken(c: Context, token: string): void {
  setCookie(c, CART_COOKIE, token, { path: "/", sameSite: "Lax", maxAge: TWO_WEEKS_SECONDS });
}

export async function readCustomerId(c: Context, key: string): Promise<number | null> {
  const value = await getSignedCookie(c, key, CUSTOMER_COOKIE);
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : null;
}

export async function startCustomerSession(c: Context, key: string, customerId: number): Promise<void> {
  await setSignedCookie(c, CUSTOMER_COOKIE, String(customerId), key, { path: "/", httpOnly: true, sameSite: "Lax", maxAge: TWO_WEEKS_SECONDS });
}

export function endCustomerSession(c: Context): void {
  deleteCookie(c, CUSTOMER_COOKIE, { path: "/" });
}

/**
 * Remembers where the visit began, once: the first page request of the session sets both cookies (session cookies,
 * gone when the browser closes). Asset, Ajax and proxy requests do not count as landing.
 */
export function rememberLanding(c: Context): void {
  if (getCookie(c, LANDING_PAGE_COOKIE) !== undefined) return;
  const url = new URL(c.req.url);
  setCookie(c, LANDING_PAGE_COOKIE, url.pathname + url.search, { path: "/", sameSite: "Lax" });
  const referrer = c.req.header("referer");
  const external = referrer && safeOrigin(referrer) !== url.origin ? referrer : "";
  setCookie(c, ORIGINAL_REFERRER_COOKIE, external, { path: "/", sameSite: "Lax" });
}

export function readLanding(c: Context): { landingSite: string | null; referringSite: string | null } {
  return { landingSite: getCookie(c, LANDING_PAGE_COOKIE) || null, referringSite: getCookie(c, ORIGINAL_REFERRER_COOKIE) || null };
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
