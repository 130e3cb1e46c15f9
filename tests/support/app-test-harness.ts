/**
 * For integration tests of services that use both the database and Shopify: a freshly migrated PostgreSQL database
 * (one per test file) and the local Shopify started in-process, reached by the real @shopify/shopify-api GraphQL
 * client through the same undici seam the app uses. `admin` is an AdminGraphqlClient exactly like the one
 * shopify-app-remix hands to loaders (it also answers `new Response(JSON.stringify(apiResponse))`).
 */
import "@shopify/shopify-api/adapters/node";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { parseDatabaseUrl } from "../../app/db/database-target.ts";
import type { Database } from "../../app/db.server.ts";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { AdminGraphqlClient } from "../../app/shopify/admin-client.server.ts";
import { SHOP_DOMAIN } from "../../devstore/config.ts";
import { startDevstore, type RunningDevstore } from "../../devstore/server.ts";
import { mintSessionToken } from "../../devstore/session-token.ts";
import { createShopDispatcher } from "../../devstore/shop-dispatcher.mjs";
import { openDatabaseAdapter } from "../../tools/db/adapter.ts";
import { applyPendingMigrations } from "../../tools/db/apply-migrations.ts";
import { createTestDatabase } from "./postgres.ts";

const PROJECT_ROOT = path.join(import.meta.dirname, "../..");
export const TEST_SHOP = SHOP_DOMAIN;
export const HARNESS_APP = {
  apiKey: "test-api-key",
  apiSecret: "test-api-secret",
  scopes: ["read_products", "read_customers", "read_orders", "read_discounts", "write_discounts"],
};

/** True once the local Shopify's schema has the discount mutations (they were added alongside this code). */
export function devstoreHasDiscounts(): boolean {
  return readFileSync(path.join(PROJECT_ROOT, "devstore/admin-api/schema.graphql"), "utf8").includes("discountCodeBasicCreate");
}

/** A new database with every migration in prisma/migrations applied. */
export async function createMigratedDatabase(postgresUrl: string, prefix: string): Promise<{ db: Database; url: string }> {
  const url = await createTestDatabase(postgresUrl, prefix);
  const migrator = await openDatabaseAdapter(parseDatabaseUrl(url, PROJECT_ROOT), { poolSize: 1 });
  try {
    await applyPendingMigrations({ database: migrator, migrationsDir: path.join(PROJECT_ROOT, "prisma/migrations") });
  } finally {
    await migrator.close();
  }
  return { db: new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }), url };
}

export interface ShopifyHarness {
  devstore: RunningDevstore;
  admin: AdminGraphqlClient;
  /** POST to a /__devstore control endpoint; resolves to its JSON answer (undefined when it has no body). */
  control<T = unknown>(pathname: string, body: unknown): Promise<T>;
  /** GET a /__devstore control endpoint as JSON. */
  inspect<T>(pathname: string): Promise<T>;
  close(): Promise<void>;
}

export interface ShopifyHarnessOptions {
  /** The app's declared scopes (HARNESS_APP.scopes by default). */
  scopes?: string[];
  /** Scopes needing Shopify's approval (write_gift_cards) that the local Shopify grants; withheld otherwise. */
  approvedScopes?: string[];
}

export async function startShopifyHarness(options: ShopifyHarnessOptions = {}): Promise<ShopifyHarness> {
  const scopes = options.scopes ?? HARNESS_APP.scopes;
  const directory = mkdtempSync(path.join(tmpdir(), "affable-harness-"));
  const devstore = await startDevstore({
    app: { ...HARNESS_APP, scopes, approvedScopes: options.approvedScopes },
    appUrl: "http://localhost:4001",
    ports: { admin: 0, tunnel: 0, app: 3000 },
    stateFile: path.join(directory, "state.json"),
    shell: false,
    tunnel: false,
    throttle: { maximumAvailable: 1000, restoreRate: 1000 },
    log: () => undefined,
  });
  const previousDispatcher: Dispatcher = getGlobalDispatcher();
  setGlobalDispatcher(createShopDispatcher({ port: Number(new URL(devstore.adminUrl).port) }));
  const controlOrigin = devstore.adminUrl.replace("localhost", "127.0.0.1");

  const shopify = shopifyApi({
    apiKey: HARNESS_APP.apiKey,
    apiSecretKey: HARNESS_APP.apiSecret,
    scopes,
    hostName: "localhost:4001",
    hostScheme: "http",
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
  const owner = devstore.context.state.read().staffMembers[0];
  const { session } = await shopify.auth.tokenExchange({
    shop: SHOP_DOMAIN,
    sessionToken: await mintSessionToken({ ...HARNESS_APP, shop: SHOP_DOMAIN, userId: String(owner?.id), sessionId: "harness" }),
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
  });
  const client = new shopify.clients.Graphql({ session });
  const admin: AdminGraphqlClient = {
    // What shopify-app-remix's admin.graphql does: the library's request, answered as a Response.
    async graphql(query, options) {
      const response = await client.request(query, {
        ...(options?.variables ? { variables: options.variables } : {}),
        retries: Math.max(0, (options?.tries ?? 1) - 1),
      });
      return new Response(JSON.stringify(response));
    },
  };

  return {
    devstore,
    admin,
    async control<T>(pathname: string, body: unknown) {
      const response = await fetch(`${controlOrigin}${pathname}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${text}`);
      return (text.trim() === "" ? undefined : JSON.parse(text)) as T;
    },
    async inspect<T>(pathname: string) {
      const response = await fetch(`${controlOrigin}${pathname}`);
      if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    async close() {
      setGlobalDispatcher(previousDispatcher);
      await devstore.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
