/**
 * The app's one rate limiter: a token bucket per key, in this process's memory. `burst` requests at once, refilled
 * continuously at `perMinute`. Used for click beacons (per hashed IP), the portal's sign-in and application forms
 * (per IP and per email) and the public API (per key, with RateLimit headers: app/api/rate-limiter.server.ts).
 *
 * Memory is bounded by `maxKeys`: a Map iterates in insertion order and every use re-inserts its key, so the first key
 * is the least recently used one, dropped when the map is full. A dropped key starts again with a full bucket, which
 * only ever lets a flood through more slowly than a tighter limit would; it never blocks a real visitor. With several
 * app processes each allows the full rate; a shared store is only needed at that scale.
 */
export interface TokenBucketPolicy {
  readonly burst: number;
  readonly perMinute: number;
  readonly maxKeys: number;
}

export interface TokenBucketDecision {
  readonly allowed: boolean;
  /** Whole requests left now. */
  readonly remaining: number;
  /** Seconds until one more request would be allowed (0 when one is allowed now). */
  readonly resetSeconds: number;
}

export interface TokenBucketLimiter {
  take(key: string, now: Date): TokenBucketDecision;
  /** take(key, now).allowed. */
  tryTake(key: string, now: Date): boolean;
  readonly policy: TokenBucketPolicy;
  readonly size: number;
}

interface BucketState {
  tokens: number;
  atMs: number;
}

export function createTokenBucketLimiter(policy: TokenBucketPolicy): TokenBucketLimiter {
  if (policy.burst < 1 || policy.perMinute <= 0 || policy.maxKeys < 1) throw new RangeError("burst, perMinute and maxKeys must be positive");
  const buckets = new Map<string, BucketState>();
  const tokensPerMs = policy.perMinute / 60_000;
  const take = (key: string, now: Date): TokenBucketDecision => {
    const nowMs = now.getTime();
    const previous = buckets.get(key);
    buckets.delete(key);
    const refilled = previous ? Math.min(policy.burst, previous.tokens + Math.max(0, nowMs - previous.atMs) * tokensPerMs) : policy.burst;
    const allowed = refilled >= 1;
    const tokens = allowed ? refilled - 1 : refilled;
    buckets.set(key, { tokens, atMs: nowMs });
    if (buckets.size > policy.maxKeys) {
      const oldest = buckets.keys().next();
      if (!oldest.done) buckets.delete(oldest.value);
    }
    return { allowed, remaining: Math.floor(tokens), resetSeconds: tokens >= 1 ? 0 : Math.ceil((1 - tokens) / tokensPerMs / 1000) };
  };
  return {
    policy,
    get size() {
      return buckets.size;
    },
    take,
    tryTake: (key, now) => take(key, now).allowed,
  };
}
