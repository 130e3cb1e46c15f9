/**
 * Who is looking at the creator portal. Two ways in, both ending at one Creator of one shop:
 * - a store customer: Shopify signs `logged_in_customer_id` into every app proxy request; it maps to
 *   Creator.shopifyCustomerId, or, the first time, to the creator with the customer's email (then linked) — only
 *   when Shopify verified that email (Customer.verifiedEmail): classic customer accounts let anyone register with any
 *   address, and a link made on an unverified email would hand a creator's earnings to whoever registered first;
 * - anyone else: a one-time email link (CreatorLoginToken: only a SHA-256 of the token is stored, 15 minutes,
 *   single use, used up only by the confirm page's POST), exchanged for a server-side portal session that the
 *   portal's script keeps in the browser and presents in POST bodies (creator-portal-sessions.server.ts explains
 *   why not a cookie and why never in a URL).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../../db.server";
import type { Mailer, OutgoingEmail } from "../../email/mailer.server";
import { escapeHtml } from "../../html/escape-html";
import { findPortalSession, startPortalSession, type PortalVisitor } from "./creator-portal-sessions.server";
import { takeStorefrontLimit } from "./storefront-rate-limits.server";

export const SIGN_IN_LINK_MINUTES = 15;
/** Creators who may use the portal: approved ones, and paused ones (they still see what they earned). */
const PORTAL_STATUSES = new Set(["approved", "paused"]);

export interface PortalAuthDeps {
  db: Database;
  /** The app secret; the key that hashes portal session ids is derived from it. */
  secret: string;
  now: Date;
}

export interface PortalCreator {
  id: string;
  name: string;
  email: string;
  status: string;
  refToken: string;
  handle: string;
}

export type PortalIdentity =
  /** via "session": an email sign-in's portal session (the page offers "Sign out"); "customer": the store's account. */
  | { kind: "creator"; creator: PortalCreator; via: "customer" | "session" }
  /** A signed-in customer (or a valid token) whose creator is not approved yet, or was rejected. */
  | { kind: "not_active"; status: string }
  /** A signed-in customer who is not a creator of this shop. */
  | { kind: "not_creator" }
  | { kind: "anonymous"; sessionExpired: boolean };

const CREATOR_SELECT = { id: true, name: true, email: true, status: true, refToken: true, handle: true } as const;

function hashSignInToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function toIdentity(creator: PortalCreator | null, via: "customer" | "session"): PortalIdentity {
  if (!creator) return { kind: "not_creator" };
  if (!PORTAL_STATUSES.has(creator.status)) return { kind: "not_active", status: creator.status };
  return { kind: "creator", creator, via };
}

export interface PortalCredentials {
  shop: string;
  /** Shopify's logged_in_customer_id (numeric), "" or null when no customer is signed in. */
  loggedInCustomerId: string | null;
  /** A portal session id from an email sign-in, as the portal's script posted it (never from the URL). */
  portalSession: string | null;
  /** The visitor's IP and user agent: the session's hashed signals are refreshed with them when it is used. */
  visitor?: PortalVisitor;
  /** Looks up a customer's email and whether it is verified in Shopify (Admin GraphQL); called to link them. */
  readCustomerEmail: (customerGid: string) => Promise<{ email: string; verified: boolean } | null>;
}

export async function resolvePortalIdentity(deps: PortalAuthDeps, credentials: PortalCredentials): Promise<PortalIdentity> {
  const { db } = deps;
  const { shop } = credentials;
  if (credentials.portalSession) {
    const session = await findPortalSession(deps, { shop, sessionId: credentials.portalSession, ...(credentials.visitor ? { visitor: credentials.visitor } : {}) });
    if (session.ok) {
      const creator = await db.creator.findUnique({ where: { shop_id: { shop, id: session.creatorId } }, select: CREATOR_SELECT });
      if (creator) return toIdentity(creator, "session");
    }
    if (!credentials.loggedInCustomerId) return { kind: "anonymous", sessionExpired: true };
  }
  const customerId = credentials.loggedInCustomerId?.trim() ?? "";
  if (!/^\d{1,20}$/.test(customerId)) return { kind: "anonymous", sessionExpired: false };
  const customerGid = `gid://shopify/Customer/${customerId}`;

  const linked = await db.creator.findFirst({ where: { shop, shopifyCustomerId: customerGid }, select: CREATOR_SELECT });
  if (linked) return toIdentity(linked, "customer");

  const customer = await credentials.readCustomerEmail(customerGid);
  const email = customer?.email.trim().toLowerCase();
  if (!customer?.verified || !email) return { kind: "not_creator" };
  // Link only a creator not yet linked to another customer; the condition is in the UPDATE, so two first visits at
  // once cannot link one creator to two customers.
  const candidate = await db.creator.findFirst({ where: { shop, email: { equals: email, mode: "insensitive" } }, select: CREATOR_SELECT });
  if (!candidate) return { kind: "not_creator" };
  if (!(await linkCustomerToCreator(db, shop, candidate.id, customerGid, "creator_portal_sign_in"))) return { kind: "not_creator" };
  return toIdentity(candidate, "customer");
}

/**
 * Links a store customer to a creator not yet linked to anyone; the condition is in the UPDATE, so two first visits
 * at once cannot link one creator to two customers. True when this call made the link.
 */
async function linkCustomerToCreator(db: Database, shop: string, creatorId: string, customerGid: string, via: string): Promise<boolean> {
  const { count } = await db.creator.updateMany({ where: { shop, id: creatorId, shopifyCustomerId: null }, data: { shopifyCustomerId: customerGid } });
  if (count === 0) return false;
  await db.auditEvent.create({
    data: { shop, actor: "system", action: "creator.customer_linked", subjectType: "creator", subjectId: creatorId, details: { customerId: customerGid, via } },
  });
  return true;
}

/**
 * After an emailed link is redeemed by a visitor who is also signed in to the store: the link proved they own the
 * creator's address, so their customer account may be linked (when the creator has none), and the durable
 * customer-account sign-in works from then on.
 */
export async function linkCustomerAfterEmailSignIn(deps: PortalAuthDeps, input: { shop: string; creatorId: string; loggedInCustomerId: string | null }): Promise<boolean> {
  const customerId = input.loggedInCustomerId?.trim() ?? "";
  if (!/^\d{1,20}$/.test(customerId)) return false;
  return linkCustomerToCreator(deps.db, input.shop, input.creatorId, `gid://shopify/Customer/${customerId}`, "creator_portal_email_link");
}

export interface SignInLinkRequest {
  shop: string;
  email: string;
  shopName: string;
  /** https://{storefront host}{path prefix}: where the portal lives on the storefront. */
  portalBaseUrl: string;
  mailer: Mailer | null;
}

export type SignInLinkOutcome = "sent" | "no_such_creator" | "rate_limited" | "mail_failed";

/**
 * Emails a one-time sign-in link when the address belongs to a creator who may use the portal. The shopper-facing
 * answer is the same whatever the outcome (no way to probe which emails are creators), and the sign-in route runs
 * this after answering, so the answer takes the same time too; the outcome is for tests and logs.
 */
export async function requestPortalSignInLink(deps: PortalAuthDeps, request: SignInLinkRequest): Promise<SignInLinkOutcome> {
  const email = request.email.trim().toLowerCase();
  // At most 3 links per address, then one per 5 minutes (storefront-rate-limits.server.ts), creator or not.
  if (takeStorefrontLimit("signInPerEmail", request.shop, email, deps.now) > 0) return "rate_limited";
  const creator = await deps.db.creator.findFirst({ where: { shop: request.shop, email: { equals: email, mode: "insensitive" } }, select: CREATOR_SELECT });
  if (!creator || !PORTAL_STATUSES.has(creator.status)) return "no_such_creator";

  const token = randomBytes(32).toString("base64url");
  await deps.db.creatorLoginToken.create({
    data: {
      shop: request.shop,
      creatorId: creator.id,
      tokenHash: hashSignInToken(token),
      expiresAt: new Date(deps.now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
      createdAt: deps.now,
    },
  });
  const link = `${request.portalBaseUrl}/portal/sign-in?token=${token}`;
  const message = composeSignInEmail({ to: creator.email, name: creator.name, shopName: request.shopName, link });
  let error: string | null = request.mailer ? null : "SMTP_URL is not set";
  let messageId: string | null = null;
  if (request.mailer) {
    try {
      messageId = (await request.mailer.send(message)).messageId;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  await deps.db.sentEmail.create({
    data: { shop: request.shop, to: message.to, subject: message.subject, template: "creator_portal_sign_in", messageId, error },
  });
  return error === null ? "sent" : "mail_failed";
}

function composeSignInEmail(input: { to: string; name: string; shopName: string; link: string }): OutgoingEmail {
  const lines = [
    `Hi ${input.name},`,
    `Here is your link to sign in to the ${input.shopName} creator portal. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.`,
  ];
  return {
    to: input.to,
    subject: `Sign in to the ${input.shopName} creator portal`,
    text: `${lines.join("\n\n")}\n\n${input.link}\n\nIf you did not ask for it, ignore this email.\n`,
    html:
      `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#303030;max-width:560px;margin:24px auto;line-height:1.5">` +
      lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("") +
      `<p><a href="${escapeHtml(input.link)}">Sign in to the creator portal</a></p>` +
      `<p style="color:#616161;font-size:13px">If you did not ask for it, ignore this email.</p></body></html>`,
  };
}

export type RedeemOutcome = { ok: true; sessionId: string; creatorId: string } | { ok: false; reason: "invalid" | "expired" | "used" };

/**
 * Exchanges a sign-in link's token for a portal session. Single use by construction: the UPDATE only matches an
 * unused, unexpired row, so of two concurrent redemptions exactly one wins.
 */
export async function redeemPortalSignInLink(
  deps: PortalAuthDeps,
  input: { shop: string; token: string; visitor?: PortalVisitor; deviceId?: string | null },
): Promise<RedeemOutcome> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashSignInToken(input.token);
  const { count } = await deps.db.creatorLoginToken.updateMany({
    where: { shop: input.shop, tokenHash, usedAt: null, expiresAt: { gt: deps.now } },
    data: { usedAt: deps.now },
  });
  const row = await deps.db.creatorLoginToken.findFirst({ where: { shop: input.shop, tokenHash } });
  if (!row) return { ok: false, reason: "invalid" };
  if (count === 0) return { ok: false, reason: row.expiresAt <= deps.now && row.usedAt === null ? "expired" : "used" };
  const { sessionId } = await startPortalSession(deps, {
    shop: input.shop,
    creatorId: row.creatorId,
    ...(input.visitor ? { visitor: input.visitor } : {}),
    deviceId: input.deviceId ?? null,
  });
  return { ok: true, sessionId, creatorId: row.creatorId };
}
