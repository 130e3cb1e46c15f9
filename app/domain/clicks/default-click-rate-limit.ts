import type { TokenBucketPolicy } from "../rate-limit/create-token-bucket-limiter";

/** One visitor (hashed IP) may send 20 click beacons at once, then 30 a minute. */
export const DEFAULT_CLICK_RATE_LIMIT: TokenBucketPolicy = { burst: 20, perMinute: 30, maxKeys: 50_000 };
