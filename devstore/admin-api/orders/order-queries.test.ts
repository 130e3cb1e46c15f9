import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createOrder } from "../../orders/create-order.ts";
import { editOrder } from "../../orders/edit-order.ts";
import { refundOrder } from "../../orders/refund-order.ts";
import { createTestDevstore, type TestDevstore } from "../../test-support/create-test-devstore.ts";

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

const answerSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])).optional(), extensions: z.record(z.string(), z.unknown()).optional() })).optional(),
  extensions: z.object({ cost: z.object({ requestedQueryCost: z.number(), actualQueryCost: z.number().nullable() }) }).optional(),
});

async function query(token: string, document: string, variables?: Record<string, unknown>) {
  return answerSchema.parse(await (await devstore.graphql(document, { token, variables })).json());
}

async function setUp(scopes = ["read_products", "read_customers", "read_orders", "write_discounts"]): Promise<string> {
  devstore = createTestDevstore({ scopes });
  return (await devstore.offlineToken()).access_token;
}

function variantId(sku: string): number {
  for (const product of devstore.context.state.read().products) {
    const variant = product.variants.find((candidate) => candidate.sku === sku);
    if (variant) return variant.id;
  }
  throw new Error(`no variant ${sku}`);
}

function firstCustomerId(): number {
  const customer = devstore.context.state.read().customers[0];
  if (!customer) throw new Error("no customer");
  return customer.id;
}

/** Exactly what the app asks for an order (app/.server/shopify). */
const ORDER_QUERY = `query Order($id: ID!, $after: String) {
  order(id: $id) {
    id legacyResourceId name createdAt updatedAt processedAt test cancelledAt currencyCode presentmentCurrencyCode taxesIncluded
    customer { id }
    totalDiscountsSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    lineItems(first: 50, after: $after) {
      nodes {
        id quantity currentQuantity isGiftCard
        product { id }
        variant { id }
        originalUnitPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        discountAllocations { allocatedAmountSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } }
        taxLines { priceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

describe("Admin GraphQL: orders", () => {
  it("answers order(id) with the app's fields, in shop and presentment money", async () => {
    const token = await setUp();
    const customerId = firstCustomerId();
    const order = createOrder(devstore.context, {
      lineItems: [{ variantId: variantId("NBG-POUR-01"), quantity: 2 }],
      customerId,
      presentmentCurrency: "JPY",
    });
    const line = order.line_items[0];
    if (!line) throw new Error("no line");
    refundOrder(devstore.context, order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });

    const body = await query(token, ORDER_QUERY, { id: order.admin_graphql_api_id });
    expect(body.errors).toBeUndefined();
    const productId = devstore.context.state.read().products[0]?.id;
    expect(body.data).toEqual({
      order: {
        id: order.admin_graphql_api_id,
        legacyResourceId: String(order.id),
        name: "#1001",
        createdAt: order.created_at,
        updatedAt: expect.any(String),
        processedAt: order.processed_at,
        test: false,
        cancelledAt: null,
        currencyCode: "USD",
        presentmentCurrencyCode: "JPY",
        taxesIncluded: false,
        customer: { id: `gid://shopify/Customer/${customerId}` },
        totalDiscountsSet: { shopMoney: { amount: "0.0", currencyCode: "USD" }, presentmentMoney: { amount: "0.0", currencyCode: "JPY" } },
        lineItems: {
          nodes: [
            {
              id: line.admin_graphql_api_id,
              quantity: 2,
              currentQuantity: 1,
              isGiftCard: false,
              product: { id: `gid://shopify/Product/${productId}` },
              variant: { id: `gid://shopify/ProductVariant/${variantId("NBG-POUR-01")}` },
              originalUnitPriceSet: { shopMoney: { amount: "38.0", currencyCode: "USD" }, presentmentMoney: { amount: "5738.0", currencyCode: "JPY" } },
              discountAllocations: [],
              // 6% of 76.00 = 4.56; of 11476 JPY = 688.56 → 689.
              taxLines: [{ priceSet: { shopMoney: { amount: "4.56", currencyCode: "USD" }, presentmentMoney: { amount: "689.0", currencyCode: "JPY" } } }],
            },
          ],
          pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
        },
      },
    });
    // order 1 + totalDiscountsSet (bag 1 + 2 MoneyV2) + customer 1 + lineItems 2 + 50 × (line 1 + product 1 + variant 1 +
    // originalUnitPriceSet 3 + discountAllocations (1 + bag 3) + taxLines (1 + bag 3)): a plain list costs as one object.
    expect(body.extensions?.cost.requestedQueryCost).toBe(1 + 3 + 1 + 2 + 50 * (1 + 1 + 1 + 3 + 4 + 4));
  });

  it("pages line items with first/after", async () => {
    const token = await setUp();
    const order = createOrder(devstore.context, {
      lineItems: ["TSC-TEE-S", "TSC-TEE-M", "TSC-TEE-L"].map((sku) => ({ variantId: variantId(sku), quantity: 1 })),
    });
    const page = `query($id: ID!, $after: String) { order(id: $id) { lineItems(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`;
    const pageSchema = z.object({ order: z.object({ lineItems: z.object({ nodes: z.array(z.object({ id: z.string() })), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }) }) }) });
    const first = pageSchema.parse((await query(token, page, { id: order.admin_graphql_api_id })).data);
    expect(first.order.lineItems.nodes).toHaveLength(2);
    expect(first.order.lineItems.pageInfo.hasNextPage).toBe(true);
    const second = pageSchema.parse((await query(token, page, { id: order.admin_graphql_api_id, after: first.order.lineItems.pageInfo.endCursor })).data);
    expect(second.order.lineItems.nodes.map((node) => node.id)).toEqual([order.line_items[2]?.admin_graphql_api_id]);
    expect(second.order.lineItems.pageInfo.hasNextPage).toBe(false);
  });

  it("reports an edited order as edited, with its current totals beside the original ones", async () => {
    const token = await setUp();
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("NBG-POUR-01"), quantity: 3 }], shippingPrice: "5.00" });
    const bag = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } });
    const ask = `query($id: ID!) { order(id: $id) {
      edited currentSubtotalLineItemsQuantity
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      currentSubtotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      currentShippingPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      lineItems(first: 5) { nodes { quantity currentQuantity } }
    } }`;
    expect((await query(token, ask, { id: order.admin_graphql_api_id })).data).toMatchObject({ order: { edited: false, currentSubtotalLineItemsQuantity: 3 } });
    editOrder(devstore.context, order.id, { setQuantity: [{ lineItemId: order.line_items[0]?.id ?? 0, quantity: 1 }] });
    const body = await query(token, ask, { id: order.admin_graphql_api_id });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      order: {
        edited: true,
        currentSubtotalLineItemsQuantity: 1,
        // 114.00 + 6 % tax 6.84 + 5.00 shipping, as ordered; 38.00 and the shipping as edited.
        totalPriceSet: bag("125.84"),
        currentSubtotalPriceSet: bag("38.0"),
        currentShippingPriceSet: bag("5.0"),
        lineItems: { nodes: [{ quantity: 3, currentQuantity: 1 }] },
      },
    });
  });

  it("counts a customer's orders and lists them newest first", async () => {
    const token = await setUp();
    const customerId = firstCustomerId();
    const cap = [{ variantId: variantId("TSC-CAP-01"), quantity: 1 }];
    const older = createOrder(devstore.context, { lineItems: cap, customerId, processedAt: "2026-03-01T10:00:00.000Z" });
    const newer = createOrder(devstore.context, { lineItems: cap, customerId, processedAt: "2026-04-01T10:00:00.000Z" });
    createOrder(devstore.context, { lineItems: cap });
    const body = await query(
      token,
      `query($id: ID!) { customer(id: $id) { numberOfOrders orders(first: 5, sortKey: CREATED_AT, reverse: true) { nodes { id createdAt } } } }`,
      { id: `gid://shopify/Customer/${customerId}` },
    );
    expect(body.data).toEqual({
      customer: {
        numberOfOrders: "2",
        orders: {
          nodes: [
            { id: newer.admin_graphql_api_id, createdAt: "2026-04-01T10:00:00.000Z" },
            { id: older.admin_graphql_api_id, createdAt: "2026-03-01T10:00:00.000Z" },
          ],
        },
      },
    });
    const filtered = await query(token, `{ orders(first: 10, query: "customer_id:${customerId} created_at:<2026-03-15") { nodes { id } } }`);
    expect(filtered.data).toEqual({ orders: { nodes: [{ id: older.admin_graphql_api_id }] } });
  });

  it("reads order, orders and an order node only with read_orders, as Shopify does", async () => {
    const token = await setUp(["read_products", "read_customers"]);
    const order = createOrder(devstore.context, { lineItems: [{ variantId: variantId("TSC-CAP-01"), quantity: 1 }], customerId: firstCustomerId() });
    const body = await query(
      token,
      `query($id: ID!, $customer: ID!) { order(id: $id) { id } node(id: $id) { id } customer(id: $customer) { numberOfOrders orders(first: 1) { nodes { id } } } }`,
      { id: order.admin_graphql_api_id, customer: `gid://shopify/Customer/${firstCustomerId()}` },
    );
    expect(body.data).toEqual({ order: null, node: null, customer: null });
    expect(body.errors?.map((error) => [error.path, error.extensions?.code, error.message])).toEqual([
      [["order"], "ACCESS_DENIED", "Access denied for order field. Required access: `read_orders` access scope."],
      [["node"], "ACCESS_DENIED", "Access denied for node field. Required access: `read_orders` access scope."],
      [["customer", "orders"], "ACCESS_DENIED", "Access denied for orders field. Required access: `read_orders` access scope."],
    ]);
  });

  it("answers products' collections, for per-collection rates", async () => {
    const token = await setUp();
    const state = devstore.context.state.read();
    const product = state.products.find((candidate) => candidate.handle === "aurora-ceramic-pour-over");
    if (!product) throw new Error("no product");
    const body = await query(token, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { collections(first: 10) { nodes { id } } } } }`, {
      ids: [`gid://shopify/Product/${product.id}`],
    });
    const expected = state.collections.filter((collection) => collection.productIds.includes(product.id)).map((collection) => ({ id: `gid://shopify/Collection/${collection.id}` }));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(body.data).toEqual({ nodes: [{ collections: { nodes: expected } }] });
  });
});
