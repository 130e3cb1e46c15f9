import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDevstore, SHOP_URL, type TestDevstore } from "../test-support/create-test-devstore.ts";

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

async function setUp(options: Parameters<typeof createTestDevstore>[0] = {}): Promise<string> {
  devstore = createTestDevstore(options);
  return (await devstore.offlineToken()).access_token;
}

const costSchema = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});
const answerSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string(), locations: z.array(z.object({ line: z.number(), column: z.number() })).optional(), path: z.array(z.union([z.string(), z.number()])).optional(), extensions: z.record(z.string(), z.unknown()).optional() })).optional(),
  extensions: z.object({ cost: costSchema }).optional(),
});

async function answer(response: Response) {
  return answerSchema.parse(await response.json());
}

const SHOP_QUERY = `{
  shop { id name email currencyCode ianaTimezone myshopifyDomain primaryDomain { url host } plan { displayName } }
}`;

describe("Admin GraphQL: the shop", () => {
  it("answers Shopify's shop fields and reports the cost in extensions.cost", async () => {
    const token = await setUp();
    const response = await devstore.graphql(SHOP_QUERY, { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Shopify-API-Version")).toBe("2026-10");
    expect(response.headers.get("X-Request-Id")).toMatch(/[0-9a-f-]{36}/);
    const body = await answer(response);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      shop: {
        id: "gid://shopify/Shop/7420000000001",
        name: "Affable Demo Store",
        email: "owner@affable-demo.example",
        currencyCode: "USD",
        ianaTimezone: "America/New_York",
        myshopifyDomain: "affable-demo.myshopify.com",
        primaryDomain: { url: "https://affable-demo.myshopify.com", host: "affable-demo.myshopify.com" },
        plan: { displayName: "Basic" },
      },
    });
    // shop (1) + primaryDomain (1) + plan (1); scalars are free.
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 3,
      actualQueryCost: 3,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1997, restoreRate: 100 },
    });
  });

  it("accepts a raw application/graphql body", async () => {
    const token = await setUp();
    const response = await devstore.request("/admin/api/2026-10/graphql.json", {
      method: "POST",
      headers: { "Content-Type": "application/graphql", "X-Shopify-Access-Token": token },
      body: "{ shop { name } }",
    });
    expect((await answer(response)).data).toEqual({ shop: { name: "Affable Demo Store" } });
  });
});

describe("Admin GraphQL: catalogue and customers", () => {
  it("pages products with first/after, edges and nodes, and Shopify's money spellings", async () => {
    const token = await setUp({ scopes: ["read_products"] });
    const query = `query Page($after: String) {
      products(first: 5, after: $after) {
        edges { cursor node { id title } }
        nodes { handle priceRangeV2 { minVariantPrice { amount currencyCode } } variants(first: 1) { nodes { price } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    const first = z
      .object({
        products: z.object({
          edges: z.array(z.object({ cursor: z.string(), node: z.object({ id: z.string(), title: z.string() }) })),
          nodes: z.array(z.unknown()),
          pageInfo: z.object({ hasNextPage: z.boolean(), hasPreviousPage: z.boolean(), endCursor: z.string() }),
        }),
      })
      .parse((await answer(await devstore.graphql(query, { token }))).data);
    expect(first.products.edges.map((edge) => edge.node.title)).toEqual([
      "Aurora Ceramic Pour-Over",
      "Hearth Burr Grinder",
      "Summit Insulated Tumbler",
      "Single-Origin Coffee Beans",
      "Trailhead Organic Tee",
    ]);
    expect(first.products.nodes[0]).toEqual({
      handle: "aurora-ceramic-pour-over",
      // MoneyV2.amount is a Decimal ("38.0"); ProductVariant.price is Money ("38.00"), as on Shopify.
      priceRangeV2: { minVariantPrice: { amount: "38.0", currencyCode: "USD" } },
      variants: { nodes: [{ price: "38.00" }] },
    });
    expect(first.products.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const third = await answer(await devstore.graphql(query, { token, variables: { after: first.products.pageInfo.endCursor } }));
    const page = z.object({ products: z.object({ edges: z.array(z.object({ node: z.object({ title: z.string() }) })), pageInfo: z.object({ hasNextPage: z.boolean(), hasPreviousPage: z.boolean() }) }) }).parse(third.data);
    expect(page.products.edges[0]?.node.title).toBe("Ridgeline Fleece Hoodie");
    expect(page.products.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it("filters with Shopify's search syntax and sorts by sort key", async () => {
    const token = await setUp();
    const titles = async (query: string) =>
      z
        .object({ products: z.object({ nodes: z.array(z.object({ title: z.string() })) }) })
        .parse((await answer(await devstore.graphql(`{ products(first: 20, ${query}) { nodes { title } } }`, { token }))).data)
        .products.nodes.map((node) => node.title);
    expect(await titles(`query: "status:draft"`)).toEqual(["Olive Wood Serving Board"]);
    expect(await titles(`query: "tag:bestseller vendor:'Trailside Co.'"`)).toEqual(["Summit Insulated Tumbler", "Trailhead Organic Tee"]);
    expect(await titles(`query: "grinder"`)).toEqual(["Hearth Burr Grinder"]);
    expect(await titles(`query: "inventory_total:>100"`)).toEqual(["Single-Origin Coffee Beans", "Merino Everyday Socks"]);
    expect((await titles(`sortKey: TITLE, reverse: true`))[0]).toBe("Trailhead Organic Tee");
  });

  it("finds one product, a collection's products, and any object through node(id)", async () => {
    const token = await setUp();
    const query = `{
      product(id: "gid://shopify/Product/7420000000005") { title legacyResourceId hasOnlyDefaultVariant onlineStoreUrl featuredImage { url altText } }
      collectionByIdentifier(identifier: { handle: "bestsellers" }) { title productsCount { count precision } products(first: 2) { nodes { handle } } }
      node(id: "gid://shopify/Product/7420000000005") { __typename id ... on Product { handle } }
      missing: product(id: "gid://shopify/Product/1") { id }
    }`;
    const body = await answer(await devstore.graphql(query, { token }));
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      product: {
        title: "Aurora Ceramic Pour-Over",
        legacyResourceId: "7420000000005",
        hasOnlyDefaultVariant: true,
        onlineStoreUrl: "https://affable-demo.myshopify.com/products/aurora-ceramic-pour-over",
        featuredImage: { url: "http://localhost:4000/assets/placeholders/products/aurora-ceramic-pour-over.svg", altText: "Aurora Ceramic Pour-Over" },
      },
      collectionByIdentifier: {
        title: "Bestsellers",
        productsCount: { count: 4, precision: "EXACT" },
        products: { nodes: [{ handle: "aurora-ceramic-pour-over" }, { handle: "summit-insulated-tumbler" }] },
      },
      node: { __typename: "Product", id: "gid://shopify/Product/7420000000005", handle: "aurora-ceramic-pour-over" },
      missing: null,
    });
  });

  it("serves the placeholder image behind an image URL", async () => {
    await setUp();
    const response = await devstore.app.request("http://localhost:4000/assets/placeholders/products/aurora-ceramic-pour-over.svg?width=200");
    expect(response.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(await response.text()).toContain('width="200"');
  });

  it("answers customers to a token with read_customers", async () => {
    const token = await setUp({ scopes: ["read_customers"] });
    const body = await answer(await devstore.graphql(`{ customers(first: 2, query: "tag:creator") { nodes { displayName defaultEmailAddress { emailAddress } amountSpent { amount } } } }`, { token }));
    expect(body.data).toEqual({
      customers: {
        nodes: [
          { displayName: "Maya Thompson", defaultEmailAddress: { emailAddress: "maya.thompson@example.com" }, amountSpent: { amount: "212.0" } },
          { displayName: "Priya Raman", defaultEmailAddress: { emailAddress: "priya.raman@example.com" }, amountSpent: { amount: "689.5" } },
        ],
      },
    });
  });
});

describe("Admin GraphQL: access scopes", () => {
  it("answers ACCESS_DENIED, Shopify's shape, for a field whose scope was not granted", async () => {
    const token = await setUp({ scopes: ["read_products"] });
    const body = await answer(await devstore.graphql(`{ shop { name } customers(first: 1) { nodes { id } } }`, { token }));
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: "Access denied for customers field. Required access: `read_customers` access scope.",
        locations: [{ line: 1, column: 17 }],
        path: ["customers"],
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_customers` access scope." },
      },
    ]);
    expect(body.extensions?.cost.actualQueryCost).toBe(0);
  });

  it("nulls only a nullable field, keeping the rest, and guards node(id) by the object's type", async () => {
    const token = await setUp({ scopes: ["read_products"] });
    const body = await answer(await devstore.graphql(`{ shop { name } customer(id: "gid://shopify/Customer/7420000000060") { id } node(id: "gid://shopify/Customer/7420000000060") { id } }`, { token }));
    expect(body.data).toEqual({ shop: { name: "Affable Demo Store" }, customer: null, node: null });
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [["customer"], "ACCESS_DENIED"],
      [["node"], "ACCESS_DENIED"],
    ]);
  });

  it("counts a write scope as its read scope", async () => {
    const token = await setUp({ scopes: ["write_products"] });
    expect((await answer(await devstore.graphql(`{ productsCount { count } }`, { token }))).data).toEqual({ productsCount: { count: 12 } });
  });
});

describe("Admin GraphQL: HTTP-level answers", () => {
  it("answers 401 with Shopify's message for a missing, unknown or expired token", async () => {
    await setUp();
    const expected = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
    for (const token of [undefined, "shpat_00000000000000000000000000000000"]) {
      const response = await devstore.graphql(SHOP_QUERY, { token });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(expected);
    }
    const { access_token } = await devstore.offlineToken(true);
    devstore.clock.advance(3600 * 1000);
    expect((await devstore.graphql(SHOP_QUERY, { token: access_token })).status).toBe(401);
  });

  it("answers 404 for a version that does not exist, and falls forward from a retired one", async () => {
    const token = await setUp();
    for (const version of ["2026-11", "2099-01", "latest"]) {
      const response = await devstore.graphql(SHOP_QUERY, { token, version });
      expect(response.status).toBe(404);
    }
    const retired = await devstore.graphql(SHOP_QUERY, { token, version: "2024-01" });
    expect(retired.status).toBe(200);
    expect(retired.headers.get("X-Shopify-API-Version")).toBe("2025-10");
    expect((await devstore.graphql(SHOP_QUERY, { token, version: "unstable" })).status).toBe(200);
  });

  it("answers 400 without a query, and 200 with errors for a document that does not parse or validate", async () => {
    const token = await setUp();
    const missing = await devstore.request("/admin/api/2026-10/graphql.json", { method: "POST", headers: { "X-Shopify-Access-Token": token }, body: "{}" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
    const syntax = await devstore.graphql("{ shop { name }", { token });
    expect(syntax.status).toBe(200);
    expect((await answer(syntax)).errors?.[0]?.message).toMatch(/Syntax Error/);
    expect((await answer(await devstore.graphql("{ shop { nope } }", { token }))).errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
  });

  it("answers a shop it does not host with 404", async () => {
    await setUp();
    const response = await devstore.app.request("https://someone-else.myshopify.com/admin/api/2026-10/graphql.json", { method: "POST" });
    expect(response.status).toBe(404);
  });
});

describe("Admin GraphQL: cost-based throttling", () => {
  it("answers THROTTLED (HTTP 200) when the bucket cannot pay, and recovers as the bucket restores", async () => {
    const token = await setUp({ throttle: { maximumAvailable: 10, restoreRate: 2 } });
    const products = `{ products(first: 3) { nodes { id } } }`; // 2 + 3 × 1 = 5
    expect((await answer(await devstore.graphql(products, { token }))).extensions?.cost.throttleStatus.currentlyAvailable).toBe(5);
    expect((await answer(await devstore.graphql(products, { token }))).extensions?.cost.throttleStatus.currentlyAvailable).toBe(0);

    const throttled = await devstore.graphql(products, { token });
    expect(throttled.status).toBe(200);
    expect(await answer(throttled)).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: 5, actualQueryCost: null, throttleStatus: { maximumAvailable: 10, currentlyAvailable: 0, restoreRate: 2 } } },
    });

    devstore.clock.advance(2500); // 2 points a second: 5 points back.
    const recovered = await answer(await devstore.graphql(products, { token }));
    expect(recovered.errors).toBeUndefined();
    expect(recovered.extensions?.cost.throttleStatus.currentlyAvailable).toBe(0);
  });

  it("refunds the difference between requested and actual cost", async () => {
    const token = await setUp();
    const body = await answer(await devstore.graphql(`{ products(first: 50) { nodes { id } } }`, { token }));
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 14, throttleStatus: { currentlyAvailable: 1986 } });
  });

  it("refuses a single query over 1000 points with MAX_COST_EXCEEDED", async () => {
    const token = await setUp();
    // 2 + 250 × (1 product + 2 + 10 × 1 variant) = 3252
    const body = await answer(await devstore.graphql(`{ products(first: 250) { nodes { variants(first: 10) { nodes { id } } } } }`, { token }));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 3252, maxCost: 1000 });
    expect(body.data).toBeUndefined();
  });

  it("drains and restores through the test control, which the shop's own host cannot reach", async () => {
    const token = await setUp();
    const control = (path: string, body: unknown, origin = "http://127.0.0.1:4000") =>
      devstore.app.request(`${origin}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect((await control("/__devstore/throttle", { available: 0 }, SHOP_URL)).status).toBe(404);
    expect((await control("/__devstore/throttle", { available: 0 })).status).toBe(200);
    expect((await answer(await devstore.graphql(SHOP_QUERY, { token }))).errors?.[0]?.extensions?.code).toBe("THROTTLED");
    await control("/__devstore/throttle", { available: 2000 });
    expect((await answer(await devstore.graphql(SHOP_QUERY, { token }))).errors).toBeUndefined();

    expect((await control("/__devstore/faults", { target: "graphql", status: 503, count: 1 })).status).toBe(200);
    expect((await devstore.graphql(SHOP_QUERY, { token })).status).toBe(503);
    expect((await devstore.graphql(SHOP_QUERY, { token })).status).toBe(200);
  });
});
