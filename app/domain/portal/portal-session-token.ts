/**
 * The creator portal's session after an email sign-in, as a short-lived signed token (JWT, HS256) carried in the
 * portal's URLs and forms (`?s=`).
 *
 * Why not a cookie: Shopify's app proxy strips the Cookie header from requests it forwards and Set-Cookie from the
 * responses, so the app can never see or set a cookie on the storefront domain. Why a signed token rather than a
 * stored session id: every proxy request is already signed by Shopify, and a token bound to the shop and creator
 * with a short expiry needs no table and no cleanup. The costs, and what limits them: a URL can leak through
 * history or Referer, so the token expires after PORTAL_SESSION_HOURS, names one shop (a token for shop A is
 * refused on shop B), and the portal's pages load no third-party resources and mark outside links noreferrer.
 * Creators who are store customers need no token at all: Shopify signs logged_in_customer_id into every request.
 */
import { jwtVerify, SignJWT } from "jose";

export const PORTAL_SESSION_HOURS = 12;
const ISSUER = "affable";
const AUDIENCE_PREFIX = "affable-portal:";

export interface PortalSessionClaims {
  readonly shop: string;
  readonly creatorId: string;
}

export async function signPortalSession(claims: PortalSessionClaims, key: Uint8Array, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(`${AUDIENCE_PREFIX}${claims.shop}`)
    .setSubject(claims.creatorId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + PORTAL_SESSION_HOURS * 3600)
    .sign(key);
}

/** The creator a portal token names, when it is genuine, unexpired and for this shop; null otherwise. */
export async function verifyPortalSession(token: string, shop: string, key: Uint8Array, now: Date): Promise<PortalSessionClaims | null> {
  if (token.length > 2000) return null;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: `${AUDIENCE_PREFIX}${shop}`,
      currentDate: now,
      clockTolerance: 0,
    });
    return typeof payload.sub === "string" && payload.sub !== "" ? { shop, creatorId: payload.sub } : null;
  } catch {
    return null;
  }
}
