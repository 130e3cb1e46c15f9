/**
 * Creator portal sessions after an email sign-in, kept on the server.
 *
 * Why this shape: Shopify's app proxy strips Cookie and Set-Cookie, so the storefront cannot hold a cookie for the
 * app. The session is an opaque random id (32 bytes) that the portal's own script keeps in the browser's
 * localStorage and presents in the body of a POST to the proxy (render-portal-layout.ts, PORTAL_SESSION_SCRIPT);
 * it is never put in a URL, so it cannot reach access logs, browser history, Referer or the theme's analytics.
 * Only an HMAC of the id (key derived for "portal-session") is stored, so a database read does not yield a usable
 * session. Sessions end when idle, at an absolute expiry, or when revoked (judge-portal-session.ts).
 *
 * Risk signals (Part 8): a session keeps keyed hashes (hashSignal) of the visitor's IP and user agent, written at
 * sign-in and refreshed whenever lastSeenAt is, and of the browser's long-lived `affable_device` id, so the
 * self-referral rule can compare orders and clicks with the creator's own browsers and the duplicate-identity rule
 * can see two creators signing in from one browser. Never the values themselves.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Database } from "../../db.server";
import { judgePortalSession, portalSessionExpiry, PORTAL_SESSION_ABSOLUTE_DAYS, PORTAL_SESSION_IDLE_DAYS } from "../../domain/portal/judge-portal-session";
import { deriveKey } from "../../security/derive-key.server";
import { hashOptionalSignal, hashSignal } from "../../security/hash-signal.server";

export { PORTAL_SESSION_ABSOLUTE_DAYS, PORTAL_SESSION_IDLE_DAYS };

export interface PortalSessionDeps {
  db: Database;
  /** The app secret; the key that hashes session ids is derived from it. */
  secret: string;
  now: Date;
}

/** The only shape a session id can have: 32 random bytes, base64url. Anything else is refused without a query. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
/** lastSeenAt is written at most this often, so browsing the portal is not a write per page. */
const TOUCH_EVERY_MS = 60_000;

export function hashPortalSecret(secret: string, value: string): string {
  return createHmac("sha256", deriveKey("portal-session", secret)).update(value).digest("hex");
}

/** The visitor behind a portal request, as the app proxy forwarded it (null when unknown). */
export type PortalVisitor = { ip: string | null; userAgent: string | null };

/** The `affable_device` id: 32 random bytes, base64url, like a session id (anything else is replaced). */
const DEVICE_ID = /^[A-Za-z0-9_-]{43}$/;
export const PORTAL_DEVICE_COOKIE = "affable_device";
/** How long the browser keeps the device id: 400 days, the longest a browser honours for a cookie. */
export const PORTAL_DEVICE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** The browser's device id when it presented a well-formed one, else a new random one (isNew tells the caller to hand it over). */
export function readOrCreateDeviceId(presented: string | null | undefined): { deviceId: string; isNew: boolean } {
  if (presented && DEVICE_ID.test(presented)) return { deviceId: presented, isNew: false };
  return { deviceId: randomBytes(32).toString("base64url"), isNew: true };
}

function visitorHashes(deps: PortalSessionDeps, visitor: PortalVisitor | undefined): { ipHash: string | null; userAgentHash: string | null } {
  if (!visitor) return { ipHash: null, userAgentHash: null };
  const key = deriveKey("ip-hash", deps.secret);
  return { ipHash: hashOptionalSignal("ip", visitor.ip, key), userAgentHash: hashOptionalSignal("ua", visitor.userAgent, key) };
}

export async function startPortalSession(
  deps: PortalSessionDeps,
  input: { shop: string; creatorId: string; visitor?: PortalVisitor; deviceId?: string | null },
): Promise<{ sessionId: string }> {
  const sessionId = randomBytes(32).toString("base64url");
  await deps.db.creatorPortalSession.create({
    data: {
      shop: input.shop,
      creatorId: input.creatorId,
      sessionHash: hashPortalSecret(deps.secret, sessionId),
      ...visitorHashes(deps, input.visitor),
      deviceHash: input.deviceId ? hashSignal("device", input.deviceId, deriveKey("ip-hash", deps.secret)) : null,
      createdAt: deps.now,
      lastSeenAt: deps.now,
      expiresAt: portalSessionExpiry(deps.now),
    },
  });
  return { sessionId };
}

export type PortalSessionLookup = { ok: true; creatorId: string } | { ok: false; reason: "unknown" | "idle" | "expired" | "revoked" };

/** The creator a session id belongs to on this shop, when the session is still active; marks it used. */
export async function findPortalSession(deps: PortalSessionDeps, input: { shop: string; sessionId: string; visitor?: PortalVisitor }): Promise<PortalSessionLookup> {
  if (!SESSION_ID.test(input.sessionId)) return { ok: false, reason: "unknown" };
  const session = await deps.db.creatorPortalSession.findFirst({ where: { shop: input.shop, sessionHash: hashPortalSecret(deps.secret, input.sessionId) } });
  if (!session) return { ok: false, reason: "unknown" };
  const verdict = judgePortalSession(session, deps.now);
  if (verdict !== "active") return { ok: false, reason: verdict };
  if (deps.now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.db.creatorPortalSession.updateMany({ where: { shop: input.shop, id: session.id, lastSeenAt: { lt: deps.now } }, data: { lastSeenAt: deps.now, ...(input.visitor ? visitorHashes(deps, input.visitor) : {}) } });
  }
  return { ok: true, creatorId: session.creatorId };
}

/**
 * "Sign out": revokes this session; "Sign out everywhere": every active session of its creator on this shop.
 * Returns how many sessions ended (0 for an unknown or already ended session: signing out twice is harmless).
 */
export async function revokePortalSession(deps: PortalSessionDeps, input: { shop: string; sessionId: string; everywhere: boolean }): Promise<number> {
  if (!SESSION_ID.test(input.sessionId)) return 0;
  const session = await deps.db.creatorPortalSession.findFirst({ where: { shop: input.shop, sessionHash: hashPortalSecret(deps.secret, input.sessionId) } });
  if (!session) return 0;
  const where = input.everywhere ? { shop: input.shop, creatorId: session.creatorId, revokedAt: null } : { shop: input.shop, id: session.id, revokedAt: null };
  const { count } = await deps.db.creatorPortalSession.updateMany({ where, data: { revokedAt: deps.now } });
  return count;
}
