/**
 * A token bucket per key (the hashed IP of a click beacon): `burst` clicks at once, refilled at `perMinute`. Memory is
 * bounded by `maxKeys`: a Map iterates in insertion order and every use re-inserts its key, so the first key is the
 * least recently used one, dropped when the map is full. A dropped key starts again with a full bucket, which only
 * ever lets a flood through more slowly than a tighter limit would; it never blocks a real shopper.
 */
export interface ClickRateLimitPolicy {
  readonly burst: number;
  readonly perMinute: number;
  readonly maxKeys: number;
}

export const DEFAULT_CLICK_RATE_LIMIT: ClickRateLimitPolicy = { burst: 20, perMinute: 30, maxKeys: 50_000 };

export interface ClickRateLimiter {
  /** True when this click may be recorded (one token taken), false when the key is over its rate. */
  tryTake(key: string, now: Date): boolean;
  readonly size: number;
}

interface BucketState {
  tokens: number;
  atMs: number;
}

export function createClickRateLimiter(policy: ClickRateLimitPolicy = DEFAULT_CLICK_RATE_LIMIT): ClickRateLimiter {
  if (policy.burst < 1 || policy.perMinute <= 0 || policy.maxKeys < 1) throw new RangeError("burst, perMinute and maxKeys must be positive");
  const buckets = new Map<string, BucketState>();
  const tokensPerMs = policy.perMinute / 60_000;
  return {
    get size() {
      return buckets.size;
    },
    tryTake(key, now) {
      const nowMs = now.getTime();
      const previous = buckets.get(key);
      buckets.delete(key);
      const refilled = previous ? Math.min(policy.burst, previous.tokens + Math.max(0, nowMs - previous.atMs) * tokensPerMs) : policy.burst;
      const allowed = refilled >= 1;
      buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, atMs: nowMs });
      if (buckets.size > policy.maxKeys) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      return allowed;
    },
  };
}
