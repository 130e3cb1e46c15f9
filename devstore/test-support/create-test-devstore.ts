/**
 * An in-process devstore for tests: its own temporary state file, a clock the test moves, a small rate-limit
 * bucket if asked, and helpers that do what the app does (mint a session token, exchange it, query GraphQL).
 * Drive it with `devstore.request(path, init)`: Hono's in-process client, no port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import type { ThrottleSettings } from "../admin-api/leaky-bucket.ts";
import { API_VERSION, PROJECT_ROOT, SHOP_DOMAIN } from "../config.ts";
import type { DevstoreContext } from "../context.ts";
import { createAdminApp, type AdminApp } from "../create-admin-app.ts";
import { mintSessionToken } from "../session-token.ts";
import { openStateStore } from "../state/state-store.ts";
import { createWebhookDeliverer, type WebhookDelivererOptions } from "../webhooks/create-webhook-deliverer.ts";
import { readAppConfig } from "../webhooks/read-app-config.ts";
import { createStorefront, type Storefront, type StorefrontOptions } from "../storefront/storefront-routes.ts";

export const TEST_APP = { apiKey: "test-api-key", apiSecret: "test-api-secret", scopes: ["read_products", "write_discounts"] };
export const SHOP_URL = `https://${SHOP_DOMAIN}`;
export const GRAPHQL_PATH = `/admin/api/${API_VERSION}/graphql.json`;

export const offlineTokenAnswerSchema = z.object({
  access_token: z.string(),
  scope: z.string(),
  expires_in: z.number().optional(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.number().optional(),
});
export type OfflineTokenAnswer = z.infer<typeof offlineTokenAnswerSchema>;

export interface TestClock {
  now(): Date;
  advance(milliseconds: number): void;
}

/** Starts at the real time (session tokens are checked against the wall clock) and moves only when told. */
export function createTestClock(start: number = Date.now()): TestClock {
  let time = start;
  return { now: () => new Date(time), advance: (milliseconds) => void (time += milliseconds) };
}

export interface TestDevstoreOptions {
  scopes?: string[];
  /** Scopes needing Shopify's approval (write_gift_cards) to grant; withheld otherwise. */
  approvedScopes?: string[];
  throttle?: ThrottleSettings;
  stateDirectory?: string;
  /** Deliver webhooks (the repo's shopify.app.toml by default) to `appUrl`, e.g. an in-test receiver. */
  webhooks?: { appUrl: string; configFile?: string } & Partial<Pick<WebhookDelivererOptions, "retryScale" | "timeoutMs" | "reorderFlushMs" | "log">>;
  /** Serve the online store on its hosts (http://127.0.0.1/…, https://{shop}/…) with these options. */
  storefront?: StorefrontOptions;
}

export interface TestDevstore extends AdminApp {
  context: DevstoreContext;
  /** The online store when `storefront` was given; null otherwise. */
  storefront: Storefront | null;
  clock: TestClock;
  stateFile: string;
  /** A request as the app makes it: to https://affable-demo.myshopify.com{path}. */
  request(pathname: string, init?: RequestInit): Promise<Response>;
  sessionToken(overrides?: { apiSecret?: string; apiKey?: string; shop?: string; userId?: string; nowSeconds?: number }): Promise<string>;
  exchange(body?: Record<string, unknown>): Promise<Response>;
  /** Token exchange for an offline token; returns the parsed answer. */
  offlineToken(expiring?: boolean): Promise<OfflineTokenAnswer>;
  graphql(query: string, options?: { token?: string; variables?: Record<string, unknown>; version?: string }): Promise<Response>;
  cleanup(): void;
}

export function createTestDevstore(options: TestDevstoreOptions = {}): TestDevstore {
  const directory = options.stateDirectory ?? mkdtempSync(path.join(tmpdir(), "devstore-test-"));
  const stateFile = path.join(directory, "state.json");
  const clock = createTestClock();
  const context: DevstoreContext = {
    shop: SHOP_DOMAIN,
    adminOrigin: "http://localhost:4000",
    appUrl: "http://localhost:4001",
    apiVersion: API_VERSION,
    app: { ...TEST_APP, scopes: options.scopes ?? TEST_APP.scopes, approvedScopes: options.approvedScopes },
    state: openStateStore({ file: stateFile, shopDomain: SHOP_DOMAIN }),
    now: clock.now,
  };
  if (options.webhooks) {
    const { configFile, ...deliveryOptions } = options.webhooks;
    context.webhooks = createWebhookDeliverer({
      state: context.state,
      shop: context.shop,
      apiSecret: context.app.apiSecret,
      config: readAppConfig(configFile ?? path.join(PROJECT_ROOT, "shopify.app.toml")),
      now: context.now,
      log: () => undefined,
      ...deliveryOptions,
    });
  }
  const storefront = options.storefront ? createStorefront(context, options.storefront) : null;
  const admin = createAdminApp(context, { throttle: options.throttle, storefront });
  const request = async (pathname: string, init?: RequestInit): Promise<Response> => admin.app.request(`${SHOP_URL}${pathname}`, init);
  const owner = context.state.read().staffMembers[0];

  const devstore: TestDevstore = {
    ...admin,
    context,
    storefront,
    clock,
    stateFile,
    request,
    sessionToken: (overrides = {}) =>
      mintSessionToken({
        apiKey: overrides.apiKey ?? TEST_APP.apiKey,
        apiSecret: overrides.apiSecret ?? TEST_APP.apiSecret,
        shop: overrides.shop ?? SHOP_DOMAIN,
        userId: overrides.userId ?? String(owner?.id),
        sessionId: "test-session",
        nowSeconds: overrides.nowSeconds,
      }),
    async exchange(body = {}) {
      return request("/admin/oauth/access_token", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          client_id: TEST_APP.apiKey,
          client_secret: TEST_APP.apiSecret,
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: await devstore.sessionToken(),
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
          expiring: "0",
          ...body,
        }),
      });
    },
    async offlineToken(expiring = false) {
      const response = await devstore.exchange({ expiring: expiring ? "1" : "0" });
      if (response.status !== 200) throw new Error(`Token exchange failed: ${response.status} ${await response.text()}`);
      return offlineTokenAnswerSchema.parse(await response.json());
    },
    graphql(query, graphqlOptions = {}) {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (graphqlOptions.token !== undefined) headers["X-Shopify-Access-Token"] = graphqlOptions.token;
      const pathname = graphqlOptions.version ? `/admin/api/${graphqlOptions.version}/graphql.json` : GRAPHQL_PATH;
      return request(pathname, { method: "POST", headers, body: JSON.stringify({ query, variables: graphqlOptions.variables }) });
    },
    cleanup: () => {
      // Stops retries and aborts what is in flight; tests that care await context.webhooks.close() first.
      void context.webhooks?.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return devstore;
}
