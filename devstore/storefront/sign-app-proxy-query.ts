/**
 * Shopify's app proxy signature: every query parameter except `signature`, each as `key=value` (several values of
 * one key joined with ","), the strings sorted, concatenated with NO separator, then HMAC-SHA256 with the app's
 * secret, hex. (shopify.dev "Authenticate app proxies"; the same rule @shopify/shopify-api verifies.)
 */
import { createHmac } from "node:crypto";

export function signAppProxyQuery(query: URLSearchParams, apiSecret: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === "signature") continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const message = [...values]
    .map(([key, list]) => `${key}=${list.join(",")}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join("");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}
