/**
 * Rate limits for the storefront's forms (creator sign-in links and applications), per network and per email
 * address, in this process's memory (createTokenBucketLimiter). Keys are keyed hashes, so no raw IP or address is held.
 * The per-address limits apply to any address alike, so being limited says nothing about whether it is a creator's.
 */
import { createHmac } from "node:crypto";
import { createTokenBucketLimiter, type TokenBucketPolicy } from "../../domain/rate-limit/create-token-bucket-limiter";
import { deriveKey } from "../../security/derive-key.server";
import { readClientIp } from "../codes-links/record-click.server";

const POLICIES = {
  /** Sign-in link requests from one network: 10 at once, then 2 a minute. */
  signInPerIp: { burst: 10, perMinute: 2, maxKeys: 20_000 },
  /** Sign-in links to one address: 3 at once, then one per 5 minutes (checked where the link is made). */
  signInPerEmail: { burst: 3, perMinute: 0.2, maxKeys: 20_000 },
  /** Applications from one network: 5 at once, then one per 2 minutes. */
  applyPerIp: { burst: 5, perMinute: 0.5, maxKeys: 20_000 },
  /** Applications with one address: 3 at once, then one per 10 minutes. */
  applyPerEmail: { burst: 3, perMinute: 0.1, maxKeys: 20_000 },
  /** Payout details changes (each emails a confirmation link) by one creator: 5 at once, then one per 10 minutes. */
  payoutDetailsPerCreator: { burst: 5, perMinute: 0.1, maxKeys: 20_000 },
} as const satisfies Record<string, TokenBucketPolicy>;

export type StorefrontLimit = keyof typeof POLICIES;

const limiters = Object.fromEntries(Object.entries(POLICIES).map(([name, policy]) => [name, createTokenBucketLimiter(policy)])) as Record<
  StorefrontLimit,
  ReturnType<typeof createTokenBucketLimiter>
>;

/** Rounded up to whole minutes, for a visitor: "2 minutes". */
export function describeWait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}

/** The seconds to wait when `subject` (an IP or an email) is over `limit` on this shop; 0 when the request may go on. */
export function takeStorefrontLimit(limit: StorefrontLimit, shop: string, subject: string, now: Date): number {
  const key = `${shop}:${createHmac("sha256", deriveKey("ip-hash")).update(`${limit}:${subject.trim().toLowerCase()}`).digest("hex")}`;
  const decision = limiters[limit].take(key, now);
  return decision.allowed ? 0 : Math.max(1, decision.resetSeconds);
}

/** The visitor's network as the app proxy reports it (X-Forwarded-For), "unknown" without one. */
export function readVisitorNetwork(request: Request): string {
  return readClientIp(request.headers) ?? "unknown";
}
