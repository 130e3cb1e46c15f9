/**
 * The admin's staff login. Shopify admin knows who is looking at it (a staff member of the shop, logged in on
 * accounts.shopify.com); the session tokens it mints carry that staff member as `sub` and the browsing session as
 * `sid`. The devstore has one staff member, so "logging in" is one click that sets a signed cookie on the admin
 * origin. The cookie never reaches the app: it is first-party to the admin only.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import type { StaffMember } from "./shell-context.ts";

export const STAFF_COOKIE = "devstore_admin_session";

/** Used only when the devstore state has no staff members at all. */
export const DEMO_STAFF_MEMBER: StaffMember = {
  id: 91_840_000_001,
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@affable-demo.example",
  accountOwner: true,
  locale: "en",
};

export interface StaffSession {
  staffId: number;
  /** The admin browsing session: the `sid` of every token minted in it. */
  sessionId: string;
}

/**
 * The cookie key. The devstore keeps no secrets store of its own; deriving the key from the app secret (which only the
 * devstore's server holds) with a fixed label keeps staff logged in across restarts without revealing the secret.
 */
export function staffCookieKey(apiSecret: string): string {
  return createHmac("sha256", apiSecret).update("devstore admin staff session cookie v1").digest("hex");
}

export async function readStaffSession(c: Context, key: string): Promise<StaffSession | null> {
  const value = await getSignedCookie(c, key, STAFF_COOKIE);
  if (typeof value !== "string") return null;
  const match = /^(\d+):([0-9a-f-]{36})$/.exec(value);
  if (!match?.[1] || !match[2]) return null;
  return { staffId: Number(match[1]), sessionId: match[2] };
}

export async function startStaffSession(c: Context, key: string, staff: StaffMember): Promise<StaffSession> {
  const session = { staffId: staff.id, sessionId: randomUUID() };
  await setSignedCookie(c, STAFF_COOKIE, `${session.staffId}:${session.sessionId}`, key, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    maxAge: 60 * 60 * 24 * 14,
  });
  return session;
}

export function endStaffSession(c: Context): void {
  deleteCookie(c, STAFF_COOKIE, { path: "/" });
}

/**
 * Endpoints that act for the logged-in staff member (mint a token, log in, log out) answer only requests made by
 * the admin's own pages. Browsers send `Origin` on every POST and `Sec-Fetch-Site` on every request they make, so a
 * page on another origin (the app in its iframe included) is refused even though the cookie would ride along with a
 * top-level form post. Returns why a request is refused, or null when it is same-origin.
 */
export function crossOriginRefusal(c: Context, adminOrigin: string): string | null {
  const expected = new URL(adminOrigin).origin;
  const origin = c.req.header("origin");
  if (!origin) return "the request has no Origin header";
  if (origin !== expected) return `Origin ${origin} is not the admin origin ${expected}`;
  const fetchSite = c.req.header("sec-fetch-site");
  if (fetchSite !== undefined && fetchSite !== "same-origin") return `Sec-Fetch-Site is ${fetchSite}`;
  return null;
}

/** A local path to return to after logging in; anything else (other hosts, `//evil`, `/\evil`) becomes `/admin`. */
export function safeReturnPath(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/admin";
  return value;
}
