/**
 * Per-API-key rate limiting: the app's token bucket (app/domain/rate-limit/create-token-bucket-limiter.ts), in this
 * process's memory. Each key may burst up to `capacity` requests; the bucket refills continuously at capacity per
 * `windowSeconds`. With several app processes each one allows the full rate (documented in docs/api.md); a shared
 * store is only needed at that scale.
 *
 * Headers follow the IETF draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers):
 *   RateLimit-Policy: "default";q=120;w=60      (quota per window, in seconds)
 *   RateLimit: "default";r=117;t=0              (remaining now; seconds until one more request is allowed)
 * and Retry-After on 429.
 */
import { createTokenBucketLimiter } from "../domain/rate-limit/create-token-bucket-limiter";

export interface RateLimitPolicy {
  capacity: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the next request would be allowed (0 when one is allowed now). */
  resetSeconds: number;
  headers: Record<string, string>;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { capacity: 120, windowSeconds: 60 };

const MAX_BUCKETS = 10_000;

export interface RateLimiter {
  take(key: string, nowMs: number): RateLimitDecision;
  readonly policy: RateLimitPolicy;
}

export function createRateLimiter(policy: RateLimitPolicy = DEFAULT_RATE_LIMIT): RateLimiter {
  const buckets = createTokenBucketLimiter({ burst: policy.capacity, perMinute: (policy.capacity * 60) / policy.windowSeconds, maxKeys: MAX_BUCKETS });
  return {
    policy,
    take(key, nowMs) {
      const { allowed, remaining, resetSeconds } = buckets.take(key, new Date(nowMs));
      const headers: Record<string, string> = {
        "RateLimit-Policy": `"default";q=${policy.capacity};w=${policy.windowSeconds}`,
        RateLimit: `"default";r=${remaining};t=${resetSeconds}`,
      };
      if (!allowed) headers["Retry-After"] = String(Math.max(1, resetSeconds));
      return { allowed, remaining, resetSeconds, headers };
    },
  };
}
