/**
 * The real @shopify/shopify-api against the devstore, through the same network seam the app uses (an undici
 * global dispatcher that sends *.myshopify.com to the devstore). If the library accepts these answers, the app
 * will: token exchange (offline, expiring, online), refresh, Admin GraphQL with cost, throttling and retries.
 */
import "@shopify/shopify-api/adapters/node";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GraphqlQueryError, HttpResponseError, RequestedTokenType, type Session } from "@shopify/shopify-api";
import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SHOP_DOMAIN } from "./config.ts";
import { startDevstore, type RunningDevstore } from "./server.ts";
import { mintSessionToken } from "./session-token.ts";
import { createShopDispatcher } from "./shop-dispatcher.mjs";
import { TEST_APP } from "./test-support/create-test-devstore.ts";
import { createTestShopifyApi } from "./test-support/create-test-shopify-api.ts";

const shopify = createTestShopifyApi();

let directory: string;
let devstore: RunningDevstore;
let previousDispatcher: Dispatcher;

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "devstore-library-"));
  devstore = await startDevstore({
    app: TEST_APP,
    appUrl: "http://localhost:4001",
    ports: { admin: 0, tunnel: 0, app: 3000 },
    stateFile: path.join(directory, "state.json"),
    shell: false,
    tunnel: false,
    // A small bucket so draining and restoring are quick. 10 points a second: at 100, one point came back in the
    // 10 ms between draining the bucket and the next request on a slow machine, and THROTTLED never showed.
    throttle: { maximumAvailable: 50, restoreRate: 10 },
    log: () => undefined,
  });
  // The library captured global fetch at import; like the intercept, we change where fetch connects, not fetch.
  previousDispatcher = getGlobalDispatcher();
  setGlobalDispatcher(createShopDispatcher({ port: Number(new URL(devstore.adminUrl).port) }));
});

afterAll(async () => {
  setGlobalDispatcher(previousDispatcher);
  await devstore.close();
  rmSync(directory, { recursive: true, force: true });
});

const owner = () => devstore.context.state.read().staffMembers[0];
const sessionToken = (shop = SHOP_DOMAIN) => mintSessionToken({ ...TEST_APP, shop, userId: String(owner()?.id), sessionId: "library-test" });

async function control(pathname: string, body: unknown): Promise<void> {
  const response = await fetch(`${devstore.adminUrl.replace("localhost", "127.0.0.1")}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}`);
}

async function offlineSession(): Promise<Session> {
  const { session } = await shopify.auth.tokenExchange({
    shop: SHOP_DOMAIN,
    sessionToken: await sessionToken(),
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
    expiring: true,
  });
  return session;
}

const shopAnswerSchema = z.object({ shop: z.object({ name: z.string(), myshopifyDomain: z.string() }) });
const costSchema = z.object({
  cost: z.object({
    requestedQueryCost: z.number(),
    actualQueryCost: z.number().nullable(),
    throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
  }),
});
const SHOP_QUERY = "query { shop { name myshopifyDomain } }";

describe("@shopify/shopify-api against the devstore", () => {
  it("exchanges a session token for an expiring offline session and refreshes it", async () => {
    const session = await offlineSession();
    expect(session).toMatchObject({ id: `offline_${SHOP_DOMAIN}`, shop: SHOP_DOMAIN, isOnline: false, scope: "read_products,write_discounts" });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now() + 59 * 60 * 1000);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.isScopeIncluded(TEST_APP.scopes)).toBe(true);

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP_DOMAIN, refreshToken: session.refreshToken ?? "" });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
  });

  it("exchanges for an online session carrying the staff member", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP_DOMAIN,
      sessionToken: await sessionToken(),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.onlineAccessInfo?.associated_user).toMatchObject({ id: owner()?.id, account_owner: true });
    expect(session.id).toBe(`${SHOP_DOMAIN}_${owner()?.id}`);
  });

  it("surfaces invalid_subject_token as the 400 HttpResponseError shopify-app-remix retries on", async () => {
    // Signed correctly for this app (the library's own check passes) but for another shop: the devstore refuses it.
    const error = await shopify.auth
      .tokenExchange({ shop: SHOP_DOMAIN, sessionToken: await sessionToken("other-shop.myshopify.com"), requestedTokenType: RequestedTokenType.OfflineAccessToken })
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpResponseError);
    if (!(error instanceof HttpResponseError)) return;
    expect(error.response.code).toBe(400);
    expect(error.response.body).toMatchObject({ error: "invalid_subject_token" });
  });

  it("queries Admin GraphQL and reads extensions.cost", async () => {
    const client = new shopify.clients.Graphql({ session: await offlineSession() });
    const response = await client.request(SHOP_QUERY);
    expect(shopAnswerSchema.parse(response.data)).toEqual({ shop: { name: "Affable Demo Store", myshopifyDomain: SHOP_DOMAIN } });
    expect(costSchema.parse(response.extensions).cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
  });

  it("throws THROTTLED as a GraphqlQueryError with the cost extension, and succeeds once the bucket restores", async () => {
    const client = new shopify.clients.Graphql({ session: await offlineSession() });
    await control("/__devstore/throttle", { available: 0 });

    // The library does not retry THROTTLED: it is HTTP 200, and it only retries 429 and 503 (graphql-client).
    const error = await client.request(SHOP_QUERY, { retries: 2 }).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    if (!(error instanceof GraphqlQueryError)) return;
    const body = z
      .object({ errors: z.object({ graphQLErrors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string() }) })) }), extensions: costSchema })
      .parse(error.body);
    expect(body.errors.graphQLErrors[0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: null, throttleStatus: { currentlyAvailable: 0, restoreRate: 10 } });

    // What an app does with it: wait for (requested - available) / restoreRate seconds, then try again.
    const { requestedQueryCost, throttleStatus } = body.extensions.cost;
    await new Promise((resolve) => setTimeout(resolve, ((requestedQueryCost - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate) * 1000 + 20));
    const retried = await client.request(SHOP_QUERY);
    expect(shopAnswerSchema.parse(retried.data).shop.name).toBe("Affable Demo Store");
  });

  it("retries a 503 and a 429 itself when asked to (retries), honouring Retry-After", async () => {
    const client = new shopify.clients.Graphql({ session: await offlineSession() });
    await control("/__devstore/throttle", { available: 50 });
    // The GraphQL client sleeps parseInt(Retry-After) milliseconds; 5 keeps the test fast.
    await control("/__devstore/faults", { target: "graphql", status: 503, count: 1, retryAfter: 5 });
    await control("/__devstore/faults", { target: "graphql", status: 429, count: 1, retryAfter: 5 });
    const response = await client.request(SHOP_QUERY, { retries: 2 });
    expect(shopAnswerSchema.parse(response.data).shop.name).toBe("Affable Demo Store");
  });

  it("answers 401 for a token the devstore does not know", async () => {
    const session = await offlineSession();
    session.accessToken = "shpat_00000000000000000000000000000000";
    const error = await new shopify.clients.Graphql({ session }).request(SHOP_QUERY).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpResponseError);
    if (error instanceof HttpResponseError) expect(error.response.code).toBe(401);
  });

  it("creates a code discount with discountCodeBasicCreate and reads Shopify's payload and userErrors", async () => {
    const client = new shopify.clients.Graphql({ session: await offlineSession() });
    await control("/__devstore/throttle", { available: 50 });
    const mutation = `mutation CreateCode($input: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $input) {
        codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 1) { nodes { code } } } } }
        userErrors { field message code }
      }
    }`;
    const input = {
      title: "Library code",
      code: "LIB20",
      startsAt: "2026-01-01T00:00:00Z",
      context: { all: "ALL" },
      customerGets: { value: { percentage: 0.2 }, items: { all: true } },
    };
    const payloadSchema = z.object({
      discountCodeBasicCreate: z.object({
        codeDiscountNode: z.object({ id: z.string(), codeDiscount: z.object({ title: z.string(), status: z.string(), codes: z.object({ nodes: z.array(z.object({ code: z.string() })) }) }) }).nullable(),
        userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
      }),
    });
    const created = payloadSchema.parse((await client.request(mutation, { variables: { input } })).data).discountCodeBasicCreate;
    expect(created.userErrors).toEqual([]);
    expect(created.codeDiscountNode?.codeDiscount).toEqual({ title: "Library code", status: "ACTIVE", codes: { nodes: [{ code: "LIB20" }] } });
    const duplicate = payloadSchema.parse((await client.request(mutation, { variables: { input: { ...input, code: "lib20" } } })).data).discountCodeBasicCreate;
    expect(duplicate.codeDiscountNode).toBeNull();
    expect(duplicate.userErrors).toEqual([{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }]);
  });
});
