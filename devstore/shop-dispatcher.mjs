// @ts-check
/**
 * An undici dispatcher that sends every request for a shop host (`*.myshopify.com`) or a PayPal API host
 * (api-m.paypal.com, api-m.sandbox.paypal.com: the local PayPal, devstore/paypal) to the devstore on 127.0.0.1,
 * and every other request on its way unchanged. Path, method, headers and body are kept; `Host` stays
 * the shop's domain (the devstore reads it), and https becomes http for those requests only.
 *
 * Plain JavaScript on purpose: it is loaded with `node --import` before any TypeScript loader exists.
 */
import { Agent } from "undici";

/** @param {string} hostname */
export function isShopHost(hostname) {
  return hostname.endsWith(".myshopify.com");
}

/** PayPal's REST API hosts, live and sandbox (the `api.` names are the older ones PayPal still answers on). */
export const PAYPAL_API_HOSTS = new Set(["api-m.paypal.com", "api-m.sandbox.paypal.com", "api.paypal.com", "api.sandbox.paypal.com"]);

/** @param {string} hostname */
export function isDevstoreHost(hostname) {
  return isShopHost(hostname) || PAYPAL_API_HOSTS.has(hostname);
}

/**
 * @param {{ port: number, targetHost?: string, matches?: (hostname: string) => boolean }} options
 * @returns {import("undici").Dispatcher}
 */
export function createShopDispatcher({ port, targetHost = "127.0.0.1", matches = isDevstoreHost }) {
  const target = `http://${targetHost}:${port}`;
  return new Agent().compose(
    (dispatch) =>
      function routeShopRequests(options, handler) {
        const origin = new URL(String(options.origin));
        if (!matches(origin.hostname)) return dispatch(options, handler);
        const headers = withHeaders(options.headers, { host: origin.host, "x-forwarded-proto": origin.protocol.replace(":", "") });
        return dispatch({ ...options, origin: target, headers }, handler);
      },
  );
}

/**
 * undici accepts headers as a flat [name, value, …] array, an iterable of pairs, or an object. Returns a flat
 * array with `extra` set (replacing any header of the same name, whatever its case).
 *
 * @param {unknown} headers
 * @param {Record<string, string>} extra
 * @returns {string[]}
 */
function withHeaders(headers, extra) {
  /** @type {[string, string][]} */
  const pairs = [];
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers) pairs.push([String(name), String(value)]);
    } else {
      for (let index = 0; index + 1 < headers.length; index += 2) pairs.push([String(headers[index]), String(headers[index + 1])]);
    }
  } else if (headers && typeof headers === "object" && Symbol.iterator in headers) {
    for (const entry of /** @type {Iterable<[string, string]>} */ (headers)) pairs.push([String(entry[0]), String(entry[1])]);
  } else if (headers && typeof headers === "object") {
    for (const [name, value] of Object.entries(headers)) {
      if (Array.isArray(value)) for (const item of value) pairs.push([name, String(item)]);
      else if (value !== undefined && value !== null) pairs.push([name, String(value)]);
    }
  }
  const replaced = new Set(Object.keys(extra));
  const flat = pairs.filter(([name]) => !replaced.has(name.toLowerCase())).flat();
  for (const [name, value] of Object.entries(extra)) flat.push(name, value);
  return flat;
}
