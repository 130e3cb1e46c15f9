/**
 * What every part of the devstore (token endpoint, Admin GraphQL, the admin shell, later storefront and webhooks)
 * is given: the one shop, where things live, the app that is installed, the state and the clock.
 */
import type { AppCredentials } from "./session-token.ts";
import type { StateStore } from "./state/state-store.ts";
import type { WebhookDeliverer } from "./webhooks/create-webhook-deliverer.ts";

export interface DevstoreApp extends AppCredentials {
  /** Access scopes the app declares (SCOPES / shopify.app.toml); granted in full on install, like a managed install. */
  scopes: string[];
  /**
   * Scopes needing Shopify's approval (write_gift_cards…) that this devstore grants, as if Shopify had approved the
   * app's request (DEVSTORE_APPROVED_SCOPES). Others are withheld from the install (oauth/install-app.ts).
   */
  approvedScopes?: string[];
}

export interface DevstoreContext {
  /** The shop's myshopify domain, e.g. affable-demo.myshopify.com. */
  shop: string;
  /** Where the devstore's admin listens, e.g. http://localhost:4000 (no trailing slash). */
  adminOrigin: string;
  /** The app's public URL (SHOPIFY_APP_URL), what Shopify would open in the admin iframe. */
  appUrl: string;
  /** The Admin API version the devstore considers current (config.ts API_VERSION). */
  apiVersion: string;
  app: DevstoreApp;
  /**
   * The persisted world: `state.read().shop`, `.products`, `.customers`, `.staffMembers` (the first is the account
   * owner: use its id as the session token's `sub`), `.installations`. Change it only with `state.update`.
   */
  state: StateStore;
  /** The devstore's clock. Everything time-based (token expiry, rate-limit restore) reads this, never Date.now(). */
  now(): Date;
  /**
   * Webhook delivery to the app (devstore/webhooks), from the subscriptions in shopify.app.toml. Absent when the
   * devstore runs without it (most unit tests): callers then send nothing.
   */
  webhooks?: WebhookDeliverer;
}
