/**
 * How long to wait before retrying a query Shopify answered with THROTTLED. Shopify's cost throttling answers
 * HTTP 200 with a THROTTLED error (the client library retries only HTTP 429/503), and reports the bucket:
 * wait until it has refilled enough to pay the query's requested cost.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  throttleStatus: ThrottleStatus;
}

const MIN_DELAY_MS = 50;
const MAX_DELAY_MS = 10_000;
const FALLBACK_DELAY_MS = 1_000;

export function computeThrottleDelayMs(cost: QueryCost | undefined, attempt: number): number {
  if (!cost || cost.throttleStatus.restoreRate <= 0) {
    return Math.min(MAX_DELAY_MS, FALLBACK_DELAY_MS * 2 ** attempt);
  }
  const missing = Math.max(0, cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable);
  const refillMs = Math.ceil((missing / cost.throttleStatus.restoreRate) * 1000);
  return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, refillMs));
}
