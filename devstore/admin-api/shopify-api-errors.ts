/** Bodies Shopify answers with outside a normal GraphQL result, word for word where apps (and libraries) read them. */
import type { ThrottleStatus } from "./leaky-bucket.ts";

export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
export const NOT_FOUND_BODY = { errors: "Not Found" };
export const MISSING_QUERY_BODY = { errors: { query: "Required parameter missing or invalid" } };

/** The most a single query may cost, whatever the bucket holds. */
export const MAX_SINGLE_QUERY_COST = 1000;

export interface CostExtension {
  requestedQueryCost: number;
  /** null when the query did not run (throttled, too expensive). */
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export function throttledError() {
  return {
    message: "Throttled",
    extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
  };
}

export function maxCostExceededError(cost: number) {
  return {
    message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
    extensions: {
      code: "MAX_COST_EXCEEDED",
      cost,
      maxCost: MAX_SINGLE_QUERY_COST,
      documentation: "https://shopify.dev/api/usage/rate-limits",
    },
  };
}
