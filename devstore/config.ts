/**
 * The local Shopify's fixed facts, shared by its servers, the demo runner and the tests.
 * Everything here is dev and test tooling: app/ never imports devstore/.
 */
import path from "node:path";

export const DEVSTORE_ROOT = path.dirname(new URL(import.meta.url).pathname);
export const PROJECT_ROOT = path.resolve(DEVSTORE_ROOT, "..");

/** The seeded shop. Its domain is a real-shaped *.myshopify.com so the Shopify library accepts it unchanged. */
export const SHOP_HANDLE = "affable-demo";
export const SHOP_DOMAIN = `${SHOP_HANDLE}.myshopify.com`;
/** Shopify admin's `host` parameter: base64 of the admin host and path, as admin.shopify.com sends it. */
export const SHOP_HOST_PARAM = Buffer.from(`admin.shopify.com/store/${SHOP_HANDLE}`).toString("base64url");

export const API_VERSION = "2026-10";
export const APP_HANDLE = "affable";

export interface DevstorePorts {
  /** Shopify itself: admin shell, OAuth token exchange, Admin GraphQL (later: storefront, checkout, proxy). */
  admin: number;
  /** The tunnel to the app (what `shopify app dev` gets from Cloudflare): the app's public origin. */
  tunnel: number;
  /** Where the Remix app listens. */
  app: number;
}

export function readPorts(env: NodeJS.ProcessEnv = process.env): DevstorePorts {
  return {
    admin: Number(env.DEVSTORE_PORT ?? 4000),
    tunnel: Number(env.DEVSTORE_TUNNEL_PORT ?? 4001),
    app: Number(env.PORT ?? 3000),
  };
}

/** Where the devstore persists its state between runs (reset with `npm run devstore:reset`). */
export function stateFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(PROJECT_ROOT, env.DEVSTORE_STATE ?? ".devstore/state.json");
}
