/**
 * The app proxy, as Shopify runs it: a storefront request to `/{prefix}/{subpath}/rest?query` goes to
 * `{proxy url}/rest?query&shop=…&logged_in_customer_id=…&path_prefix=/{prefix}/{subpath}&timestamp=…&signature=…`.
 * Method and body pass through (click beacons are POSTs); cookies are stripped both ways, as Shopify does, so the
 * app can never read or set the shop's cookies. A response with `Content-Type: application/liquid` is rendered as
 * Liquid (with `shop` and `customer`) inside the theme's layout; anything else passes through as it came.
 *
 * With `automatically_update_urls_on_dev`, `shopify app dev` points the proxy at the dev tunnel: the proxy URL's
 * path is kept and its origin becomes the app URL (SHOPIFY_APP_URL). The devstore does the same.
 */
import { Liquid } from "liquidjs";
import type { AppProxyConfig } from "../webhooks/read-app-config.ts";
import { signAppProxyQuery } from "./sign-app-proxy-query.ts";
import { CLIENT_ADDRESS_HEADER, LOCALE_HEADER } from "./storefront-env.ts";

export interface ProxyRequestInput {
  request: Request;
  /** The path after /{prefix}/{subpath}, starting with "/" (or ""). */
  rest: string;
  proxy: AppProxyConfig;
  appUrl: string;
  shop: string;
  apiSecret: string;
  customerId: number | null;
  /** The shopper's IP: Shopify passes it to the app as X-Forwarded-For; null when unknown. */
  clientAddress?: string | null;
  now: Date;
  fetch?: typeof fetch;
}

/** Headers a proxy never forwards: connection-level ones, cookies, and what the fetch recomputes. */
const DROPPED_REQUEST_HEADERS = new Set(["cookie", "host", "x-forwarded-for", CLIENT_ADDRESS_HEADER, LOCALE_HEADER, "connection", "keep-alive", "content-length", "transfer-encoding", "te", "upgrade", "proxy-authorization"]);
const DROPPED_RESPONSE_HEADERS = new Set(["set-cookie", "set-cookie2", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

export function buildProxyTarget(input: Pick<ProxyRequestInput, "request" | "rest" | "proxy" | "appUrl" | "shop" | "apiSecret" | "customerId" | "now">): URL {
  const incoming = new URL(input.request.url);
  const proxyUrl = new URL(input.proxy.url);
  const target = new URL(`${proxyUrl.pathname.replace(/\/$/, "")}${input.rest}`, new URL(input.appUrl).origin);
  const query = new URLSearchParams(incoming.search);
  // Shopify's own parameters replace any the shopper sent, so nobody can sign for another shop or customer.
  for (const name of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]) query.delete(name);
  query.set("shop", input.shop);
  query.set("logged_in_customer_id", input.customerId === null ? "" : String(input.customerId));
  query.set("path_prefix", `/${input.proxy.prefix}/${input.proxy.subpath}`);
  query.set("timestamp", String(Math.floor(input.now.getTime() / 1000)));
  query.set("signature", signAppProxyQuery(query, input.apiSecret));
  target.search = query.toString();
  return target;
}

export type ProxyAnswer = { kind: "liquid"; status: number; source: string; headers: Headers } | { kind: "response"; response: Response };

export async function forwardAppProxy(input: ProxyRequestInput): Promise<ProxyAnswer> {
  const target = buildProxyTarget(input);
  const headers = new Headers();
  input.request.headers.forEach((value, name) => {
    if (!DROPPED_REQUEST_HEADERS.has(name.toLowerCase())) headers.set(name, value);
  });
  headers.set("x-forwarded-host", new URL(input.request.url).host);
  // Only the address the devstore saw: a shopper cannot choose what the app reads as their IP.
  if (input.clientAddress) headers.set("x-forwarded-for", input.clientAddress);
  const method = input.request.method.toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  const upstream = await (input.fetch ?? fetch)(target, {
    method,
    headers,
    body: hasBody ? await input.request.arrayBuffer() : undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) responseHeaders.set(name, value);
  });
  const type = (upstream.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/liquid") {
    return { kind: "liquid", status: upstream.status, source: await upstream.text(), headers: responseHeaders };
  }
  return { kind: "response", response: new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders }) };
}

export interface LiquidGlobals {
  shop: { name: string; domain: string; permanent_domain: string; url: string; currency: string; email: string };
  customer: { id: number; email: string; first_name: string; last_name: string; name: string } | null;
  request: { path: string; locale: { iso_code: string } };
}

const LAYOUT_NONE = /{%-?\s*layout\s+(?:none|'none'|"none")\s*-?%}/;

/**
 * The app's Liquid, rendered with the storefront's objects (Shopify renders proxy Liquid in the shop's context).
 * `{% layout none %}` (what the Shopify library's `liquid(body, {layout: false})` prepends) asks for the page
 * without the theme's layout.
 */
export async function renderProxyLiquid(source: string, globals: LiquidGlobals): Promise<{ html: string; layout: boolean }> {
  const engine = new Liquid({ cache: false });
  const layout = !LAYOUT_NONE.test(source);
  const html = String(await engine.parseAndRender(source.replace(LAYOUT_NONE, ""), { ...globals }));
  return { html, layout };
}
