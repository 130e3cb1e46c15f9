// @ts-check
/**
 * Load with `node --import ./devstore/intercept.mjs …` (before the app starts): from then on every request this
 * process makes to https://*.myshopify.com (and to PayPal's API hosts, for the local PayPal) goes to the devstore at http://127.0.0.1:$DEVSTORE_PORT (default 4000),
 * through Node's own global fetch, which the Shopify library uses. Nothing else is rerouted.
 *
 * It works because Node's fetch asks undici's global dispatcher for every connection. It does not cover Remix's
 * fetch polyfill: run Remix with native fetch (`installGlobals({ nativeFetch: true })`).
 */
import { setGlobalDispatcher } from "undici";
import { createShopDispatcher } from "./shop-dispatcher.mjs";

const port = Number(process.env.DEVSTORE_PORT ?? 4000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  throw new Error(`devstore/intercept.mjs: DEVSTORE_PORT must be a port number, got "${process.env.DEVSTORE_PORT}".`);
}
setGlobalDispatcher(createShopDispatcher({ port }));
console.error(`[devstore] https://*.myshopify.com, https://api-m[.sandbox].paypal.com → http://127.0.0.1:${port} (devstore/intercept.mjs)`);
