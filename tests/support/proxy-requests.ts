/**
 * App proxy requests signed the way Shopify documents it (shopify.dev › App proxies › "Calculate a digital
 * signature"), computed here independently of the Shopify library: drop `signature`, turn every remaining query
 * parameter into `key=value` (a repeated key's values joined with ","), sort those strings, join them with no
 * separator, and take the HMAC-SHA256 of the result with the app's secret, as hex. The result goes in `signature`.
 */
import { createHmac } from "node:crypto";

export interface ProxyRequestOptions {
  secret: string;
  shop: string;
  /** The path the app receives, e.g. "/proxy/portal/orders". */
  path: string;
  /** Extra query parameters (a customer's id, the portal session `s`, a sign-in token…). */
  query?: Record<string, string>;
  /** Seconds since the epoch; defaults to now. Shopify's library refuses timestamps more than 90 s away. */
  timestamp?: number;
  loggedInCustomerId?: string;
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Sign with this signature instead of the real one. */
  signature?: string;
  pathPrefix?: string;
}

export function computeProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export function signedProxyRequest(options: ProxyRequestOptions): Request {
  const params = new URLSearchParams({
    shop: options.shop,
    logged_in_customer_id: options.loggedInCustomerId ?? "",
    path_prefix: options.pathPrefix ?? "/apps/affable",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...options.query,
  });
  params.set("signature", options.signature ?? computeProxySignature(params, options.secret));
  const method = options.method ?? "GET";
  return new Request(`https://affable.test${options.path}?${params.toString()}`, {
    method,
    headers: { "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", ...options.headers },
    ...(options.body !== undefined && method !== "GET" ? { body: options.body } : {}),
  });
}

/** A form POST through the proxy. */
export function signedProxyForm(options: Omit<ProxyRequestOptions, "method" | "body" | "headers"> & { form: Record<string, string> }): Request {
  return signedProxyRequest({
    ...options,
    method: "POST",
    body: new URLSearchParams(options.form).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}
