/**
 * Shopify's cost-based rate limit: a leaky bucket per app and shop. A query needs its requested cost available;
 * it is charged that much, then refunded the difference to its actual cost. The bucket refills at `restoreRate`
 * points a second up to `maximumAvailable`. Standard plans: 2000 points, 100 a second (Shopify, 2026).
 */

export interface ThrottleSettings {
  maximumAvailable: number;
  restoreRate: number;
}

export const STANDARD_PLAN_THROTTLE: ThrottleSettings = { maximumAvailable: 2000, restoreRate: 100 };

/** Shopify's `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface LeakyBuckets {
  /** Charges `cost` if the bucket holds it; the status is after the charge (or unchanged when refused). */
  charge(key: string, cost: number): { allowed: boolean; status: ThrottleStatus };
  refund(key: string, points: number): ThrottleStatus;
  status(key: string): ThrottleStatus;
  /** Test control: set what is available now, for one key or (without a key) every bucket, present and future. */
  setAvailable(points: number, key?: string): void;
  clear(): void;
}

export function createLeakyBuckets(settings: ThrottleSettings, now: () => Date): LeakyBuckets {
  const buckets = new Map<string, { available: number; at: number }>();
  // Where a bucket not seen yet starts: full, unless a test drained "every bucket"; it refills from that moment.
  let baseline = { available: settings.maximumAvailable, at: 0 };

  const level = (key: string): { available: number; at: number } => {
    const time = now().getTime();
    const bucket = buckets.get(key) ?? { ...baseline };
    const elapsedSeconds = Math.max(0, time - bucket.at) / 1000;
    const refilled = { available: Math.min(settings.maximumAvailable, bucket.available + elapsedSeconds * settings.restoreRate), at: time };
    buckets.set(key, refilled);
    return refilled;
  };
  const statusOf = (available: number): ThrottleStatus => ({
    maximumAvailable: settings.maximumAvailable,
    // Shopify reports whole points.
    currentlyAvailable: Math.floor(available),
    restoreRate: settings.restoreRate,
  });

  return {
    charge(key, cost) {
      const bucket = level(key);
      if (bucket.available < cost) return { allowed: false, status: statusOf(bucket.available) };
      bucket.available -= cost;
      return { allowed: true, status: statusOf(bucket.available) };
    },
    refund(key, points) {
      const bucket = level(key);
      bucket.available = Math.min(settings.maximumAvailable, bucket.available + Math.max(0, points));
      return statusOf(bucket.available);
    },
    status: (key) => statusOf(level(key).available),
    setAvailable(points, key) {
      const clamped = Math.max(0, Math.min(settings.maximumAvailable, points));
      const time = now().getTime();
      if (key !== undefined) {
        buckets.set(key, { available: clamped, at: time });
        return;
      }
      baseline = { available: clamped, at: time };
      for (const bucketKey of buckets.keys()) buckets.set(bucketKey, { available: clamped, at: time });
    },
    clear() {
      buckets.clear();
      baseline = { available: settings.maximumAvailable, at: 0 };
    },
  };
}
