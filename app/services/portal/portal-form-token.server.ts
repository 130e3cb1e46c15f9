/**
 * A per-creator token in every portal form that changes something (payout details, tax form), checked before the
 * change is made. Why: a creator signed in through the store's customer account is recognised by Shopify's signed
 * logged_in_customer_id, which rides on the storefront's own cookies; another site could make the browser POST to the
 * portal and act as that creator. It cannot read a portal page, so it cannot know this token. (An email sign-in
 * session is presented in the POST body, which another site does not know either; the token is checked for both.)
 *
 * Token: `<hour>.<hmac>` where hmac = HMAC of shop, creator and hour under the portal-session key (derived from the
 * app secret). Accepted for FORM_TOKEN_HOURS hours, so a form left open over lunch still saves.
 */
import { timingSafeEqual } from "node:crypto";
import { hashPortalSecret } from "./creator-portal-sessions.server";

export const FORM_TOKEN_HOURS = 12;
const HOUR_MS = 3_600_000;

function sign(secret: string, shop: string, creatorId: string, hour: number): string {
  return hashPortalSecret(secret, `portal-form:${shop}:${creatorId}:${hour}`);
}

export function issuePortalFormToken(secret: string, input: { shop: string; creatorId: string; now: Date }): string {
  const hour = Math.floor(input.now.getTime() / HOUR_MS);
  return `${hour}.${sign(secret, input.shop, input.creatorId, hour)}`;
}

export function checkPortalFormToken(secret: string, input: { shop: string; creatorId: string; now: Date; token: string }): boolean {
  const match = /^(\d{1,10})\.([0-9a-f]{64})$/.exec(input.token);
  if (!match?.[1] || !match[2]) return false;
  const hour = Number(match[1]);
  const current = Math.floor(input.now.getTime() / HOUR_MS);
  if (hour > current || current - hour >= FORM_TOKEN_HOURS) return false;
  const expected = Buffer.from(sign(secret, input.shop, input.creatorId, hour), "hex");
  return timingSafeEqual(expected, Buffer.from(match[2], "hex"));
}
