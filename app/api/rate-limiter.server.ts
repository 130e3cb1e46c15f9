/**
 * Per-API-key rate limiting: an in-process token bucket. Each key may burst up to `capacity` requests; the bucket
 * refills continuously at capacity per `windowSeconds`. It lives in this process's memory, so with several app
 * processes each one allows the full rate (documented in docs/api.md); a shared store is only needed at that scale.
 *
 * Headers follow the IETF draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers):
 *   RateLimit-Policy: "default";q=120;w=60      (quota per window, in seconds)
 *   RateLimit: "default";r=117;t=0              (remaining now; seconds until one more request is allowed)
 * and Retry-After on 429.
 */

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

/** Buckets untouched for this long are full again, so they are forgotten (bounds memory). */
const IDLE_EVICTION_MS = 10 * 60_000;
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export interface RateLimiter {
  take(key: string, nowMs: number): RateLimitDecision;
  readonly policy: RateLimitPolicy;
}

export function createRateLimiter(policy: RateLimitPolicy = DEFAULT_RATE_LIMIT): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = policy.capacity / (policy.windowSeconds * 1000);

  function evictIdle(nowMs: number) {
    if (buckets.size < MAX_BUCKETS) return;
    for (const [key, bucket] of buckets) {
      if (nowMs - bucket.updatedAtMs > IDLE_EVICTION_MS) buckets.delete(key);
    }
  }

  return {
    policy,
    take(key, nowMs) {
      evictIdle(nowMs);
      const bucket = buckets.get(key) ?? { tokens: policy.capacity, updatedAtMs: nowMs };
      const elapsed = Math.max(0, nowMs - bucket.updatedAtMs);
      bucket.tokens = Math.min(policy.capacity, bucket.tokens + elapsed * refillPerMs);
      bucket.updatedAtMs = nowMs;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(key, bucket);
      const remaining = Math.floor(bucket.tokens);
      const resetSeconds = bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
      const headers: Record<string, string> = {
        "RateLimit-Policy": `"default";q=${policy.capacity};w=${policy.windowSeconds}`,
        RateLimit: `"default";r=${remaining};t=${resetSeconds}`,
      };
      if (!allowed) headers["Retry-After"] = String(Math.max(1, resetSeconds));
      return { allowed, remaining, resetSeconds, headers };
    },
  };
}
