/**
 * The URL Shopify admin loads into an embedded app's iframe:
 *
 *   {application_url}{path}?embedded=1&hmac=…&host=…&id_token=…&locale=en&session=…&shop=…&timestamp=…
 *
 * `host` is base64 of `admin.shopify.com/store/{handle}`, `id_token` a fresh session token, `session` an opaque id of
 * the admin browsing session, and `hmac` the hex HMAC-SHA256 (keyed with the app secret) of every other parameter,
 * sorted by name. Deep links (`/store/{handle}/apps/{app}/some/path?x=1`) keep their own parameters, which are signed
 * with the rest. Built on the server: the secret never reaches a page.
 */
import { createHash, createHmac } from "node:crypto";

/** Parameters Shopify itself sets on an app launch; a deep link cannot smuggle its own values for them. */
export const LAUNCH_PARAMS = [
  "embedded",
  "hmac",
  "host",
  "id_token",
  "locale",
  "session",
  "shop",
  "timestamp",
  "signature",
  "protocol",
  "appLoadId",
] as const;

export interface AppLaunch {
  /** The app's public origin (the tunnel), optionally with a base path. */
  appUrl: string;
  /** The app path after `/store/{handle}/apps/{app}`: `""` or `/app/creators`. */
  path: string;
  /** Deep-link parameters to pass through (launch parameters among them are dropped). */
  query?: URLSearchParams;
  shop: string;
  /** base64 of `admin.shopify.com/store/{handle}`. */
  host: string;
  idToken: string;
  /** The admin browsing session; sent hashed, like Shopify's `session` parameter. */
  sessionId: string;
  locale: string;
  /** Seconds since the epoch. */
  timestamp: number;
  apiSecret: string;
}

/**
 * Signs a query the way Shopify signs admin requests and the Shopify library checks them (`validateHmac` in
 * @shopify/shopify-api): drop `hmac`/`signature`, join repeated values with `,`, sort names with localeCompare,
 * form-encode with `%20` for spaces, HMAC-SHA256 with the app secret, hex.
 */
export function signAdminQuery(query: URLSearchParams, apiSecret: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === "hmac" || key === "signature") continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const canonical = new URLSearchParams();
  for (const key of [...values.keys()].sort((a, b) => a.localeCompare(b))) {
    canonical.append(key, (values.get(key) ?? []).join(","));
  }
  const message = canonical.toString().replace(/\+/g, "%20");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}

/** Shopify's `session` launch parameter: an opaque hex digest, stable for one admin browsing session. */
export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

export function buildAppLaunchUrl(launch: AppLaunch): string {
  const reserved = new Set<string>(LAUNCH_PARAMS);
  const query = new URLSearchParams();
  for (const [key, value] of launch.query ?? []) {
    if (!reserved.has(key)) query.append(key, value);
  }
  query.set("embedded", "1");
  query.set("host", launch.host);
  query.set("id_token", launch.idToken);
  query.set("locale", launch.locale);
  query.set("session", hashSessionId(launch.sessionId));
  query.set("shop", launch.shop);
  query.set("timestamp", String(launch.timestamp));
  query.set("hmac", signAdminQuery(query, launch.apiSecret));
  // Shopify sends the parameters sorted by name, hmac among them.
  query.sort();

  const base = launch.appUrl.replace(/\/+$/, "");
  const path = launch.path === "" || launch.path.startsWith("/") ? launch.path : `/${launch.path}`;
  return `${base}${path || "/"}?${query.toString()}`;
}
