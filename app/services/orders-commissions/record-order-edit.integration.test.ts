/**
 * What an order webhook does not carry, read from the local Shopify's Admin GraphQL through the real client:
 * product collections (per-collection rates), the customer's earlier orders (new customers only), and the order as
 * it stands after an edit (orders/edited). Orders are placed and edited in the local Shopify; its REST payloads go
 * through the real webhook routes (HMAC-signed) into the inbox and the real processor.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase, startShopifyHarness, TEST_SHOP, type ShopifyHarness } from "../../../tests/support/app-test-harness";
import { signedWebhookRequest, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../../webhooks/process-webhook-events.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "order-edit-secret";
type Topic = "orders/paid" | "orders/edited" | "refunds/create";
type Action = (args: ActionFunctionArgs) => Promise<Response>;
type RestOrder = { id: number; admin_graphql_api_id: string; line_items: { id: number; admin_graphql_api_id: string; product_id: number; quantity: number }[] };
type CatalogProduct = { id: string; legacyResourceId: string; variants: { nodes: { id: string; price: string }[] }; collections: { nodes: { id: string }[] } };

let db: Database;
let harness: ShopifyHarness;
let routes: Record<Topic, Action>;
let creator: { id: string; refToken: string };
let inCollection: CatalogProduct;
let outside: CatalogProduct;
let collectionId: string;

async function deliver(topic: Topic, body: unknown) {
  const response = await routes[topic]({ request: signedWebhookRequest({ shop: TEST_SHOP, secret: SECRET, topic, body: body as Record<string, unknown> }), params: {}, context: {} });
  expect(response.status).toBe(200);
}

async function processAll() {
  const summary = await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50, { shopifyAdmin: async () => harness.admin });
  const failed = await db.webhookEvent.findMany({ where: { shop: TEST_SHOP, status: { in: ["failed", "invalid"] } }, select: { topic: true, lastError: true } });
  expect(failed).toEqual([]);
  return summary;
}

async function placeOrder(lines: { product: CatalogProduct; quantity: number }[], options: Record<string, unknown> & { priceOverride?: string } = {}): Promise<RestOrder> {
  const { priceOverride, ...extra } = options;
  const { order } = await harness.control<{ order: RestOrder }>("/__devstore/orders", {
    lineItems: lines.map(({ product, quantity }) => ({ variantId: product.variants.nodes[0]!.id, quantity, ...(priceOverride ? { price: priceOverride } : {}) })),
    // What the theme extension writes to the cart: the ref and when it was captured.
    noteAttributes: [{ name: "_affable_ref", value: creator.refToken }, { name: "_affable_ref_at", value: new Date().toISOString() }],
    ...extra,
  });
  await deliver("orders/paid", order);
  await processAll();
  return order;
}

async function commissionOf(order: RestOrder) {
  const recorded = await db.attributedOrder.findUnique({ where: { shop_shopifyOrderId: { shop: TEST_SHOP, shopifyOrderId: order.admin_graphql_api_id } } });
  expect({ status: recorded?.status, attribution: recorded?.attribution }).toMatchObject({ status: "attributed" });
  const commission = await db.commission.findFirstOrThrow({
    where: { shop: TEST_SHOP, shopifyOrderId: order.admin_graphql_api_id },
    include: { entries: { orderBy: { createdAt: "asc" } } },
  });
  return { ...commission, derivation: commission.derivation as { lines: { lineItemId: string; rule: { source: string } | null; commission: { amountMinor: string } }[]; adjustments: { kind: string }[] } };
}

/** Minor units of a USD price string, for expectations computed from the catalog rather than hard-coded. */
function cents(price: string): bigint {
  const [whole = "0", fraction = ""] = price.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
}

/** half-even rounding of numerator / denominator for positive values, like the commission engine's single rounding. */
function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder * 2n > denominator || (remainder * 2n === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

describe.skipIf(postgresUrl === null)("order context and order edits through Admin GraphQL (PostgreSQL + local Shopify)", () => {
  beforeAll(async () => {
    harness = await startShopifyHarness();
    const created = await createMigratedDatabase(postgresUrl ?? "", "order_edits");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      "orders/paid": (await import("../../routes/webhooks.orders.paid")).action,
      "orders/edited": (await import("../../routes/webhooks.orders.edited")).action,
      "refunds/create": (await import("../../routes/webhooks.refunds.create")).action,
    };
    const response = await harness.admin.graphql(`#graphql
      query { products(first: 20) { nodes { id legacyResourceId variants(first: 1) { nodes { id price } } collections(first: 5) { nodes { id } } } } }`);
    const products = ((await response.json()) as { data: { products: { nodes: CatalogProduct[] } } }).data.products.nodes;
    inCollection = products.find((product) => product.collections.nodes.length > 0)!;
    collectionId = inCollection.collections.nodes[0]!.id;
    outside = products.find((product) => !product.collections.nodes.some((collection) => collection.id === collectionId))!;
    expect(inCollection && outside).toBeTruthy();

    await db.shop.create({ data: { shop: TEST_SHOP, name: "Affable Demo", currencyCode: "USD", ianaTimezone: "UTC" } });
    await db.programSettings.create({
      data: {
        shop: TEST_SHOP, currency: "USD", defaultCommissionBasisPoints: 1000,
        collectionRates: [{ collectionId, title: "In the collection", basisPoints: 2000 }],
      },
    });
    // A 15 % code in the local Shopify (not a creator's code: the order is referred by its cart ref).
    const now = new Date();
    harness.devstore.context.state.update((draft) => {
      draft.discounts.push({
        id: draft.nextId++, type: "DiscountCodeBasic", title: "Fifteen off", codes: [{ id: draft.nextId++, code: "EDIT15", asyncUsageCount: 0 }],
        startsAt: new Date(now.getTime() - 60_000).toISOString(), endsAt: null, usageLimit: null, appliesOncePerCustomer: false, asyncUsageCount: 0,
        value: { kind: "percentage", percentage: 0.15 }, items: "all", buyers: "all",
        combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false }, createdAt: now.toISOString(), updatedAt: now.toISOString(),
      });
      // $10.00 off the order, spread "across" the lines as their discount allocations.
      draft.discounts.push({
        id: draft.nextId++, type: "DiscountCodeBasic", title: "Ten off", codes: [{ id: draft.nextId++, code: "TENOFF", asyncUsageCount: 0 }],
        startsAt: new Date(now.getTime() - 60_000).toISOString(), endsAt: null, usageLimit: null, appliesOncePerCustomer: false, asyncUsageCount: 0,
        value: { kind: "amount", amount: "10.00", appliesOnEachItem: false }, items: "all", buyers: "all",
        combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false }, createdAt: now.toISOString(), updatedAt: now.toISOString(),
      });
    });
    creator = await db.creator.create({
      data: { shop: TEST_SHOP, handle: "noor", name: "Noor", email: "noor@example.com", refToken: "r_noor0001", status: "approved" },
    });
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    await harness?.close();
  });

  it("pays the collection's rate on lines in the collection and the default elsewhere, from the products' collections in Shopify", async () => {
    const order = await placeOrder([{ product: inCollection, quantity: 2 }, { product: outside, quantity: 1 }]);
    const commission = await commissionOf(order);
    const [inLine, outLine] = order.line_items;
    expect(commission.derivation.lines.find((line) => line.lineItemId === inLine!.admin_graphql_api_id)?.rule?.source).toBe("collection");
    expect(commission.derivation.lines.find((line) => line.lineItemId === outLine!.admin_graphql_api_id)?.rule?.source).toBe("program_default");
    const exact = cents(inCollection.variants.nodes[0]!.price) * 2n * 2000n + cents(outside.variants.nodes[0]!.price) * 1000n;
    expect(commission.netMinor).toBe(roundHalfEven(exact, 10_000n));
  });

  it("re-reads an edited order: removing one unit reverses exactly that unit's commission, and a repeat changes nothing", async () => {
    const order = await placeOrder([{ product: inCollection, quantity: 3 }]);
    const before = await commissionOf(order);
    const line = order.line_items[0]!;
    const { orderEdit } = await harness.control<{ orderEdit: unknown }>(`/__devstore/orders/${order.id}/edit`, { setQuantity: [{ lineItemId: line.id, quantity: 2 }] });
    await deliver("orders/edited", orderEdit);
    await processAll();
    await deliver("orders/edited", orderEdit);
    await processAll();

    const after = await commissionOf(order);
    const unit = cents(inCollection.variants.nodes[0]!.price);
    expect(after.netMinor).toBe(roundHalfEven(unit * 2n * 2000n, 10_000n));
    expect(after.entries.map((entry) => [entry.kind, entry.amountMinor])).toEqual([
      ["accrual", before.netMinor],
      ["edit_adjustment", after.netMinor - before.netMinor],
    ]);
  });

  it("an edit on a line with a 15 % code pays on the kept unit after its own discount: 3 × $38.00 → 1 unit pays $3.23", async () => {
    const order = await placeOrder([{ product: outside, quantity: 3 }], { discountCode: "EDIT15", priceOverride: "38.00" });
    const before = await commissionOf(order);
    // 114.00 − 17.10 = 96.90 × 10 % → $9.69
    expect(before.netMinor).toBe(969n);
    const { orderEdit } = await harness.control<{ orderEdit: unknown }>(`/__devstore/orders/${order.id}/edit`, { setQuantity: [{ lineItemId: order.line_items[0]!.id, quantity: 1 }] });
    await deliver("orders/edited", orderEdit);
    await processAll();

    const after = await commissionOf(order);
    expect(after.netMinor).toBe(323n);
    expect(after.entries.map((entry) => [entry.kind, entry.amountMinor])).toEqual([["accrual", 969n], ["edit_adjustment", -646n]]);
  });

  it("refund then edit on a discounted line: 4 × $38.00 with 15 % off, 1 unit refunded, then 1 removed → $6.46", async () => {
    const order = await placeOrder([{ product: outside, quantity: 4 }], { discountCode: "EDIT15", priceOverride: "38.00" });
    const line = order.line_items[0]!;
    const { refund } = await harness.control<{ refund: unknown }>(`/__devstore/orders/${order.id}/refunds`, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });
    await deliver("refunds/create", refund);
    await processAll();
    const { orderEdit } = await harness.control<{ orderEdit: unknown }>(`/__devstore/orders/${order.id}/edit`, { setQuantity: [{ lineItemId: line.id, quantity: 2 }] });
    await deliver("orders/edited", orderEdit);
    await processAll();

    const after = await commissionOf(order);
    expect(after.netMinor).toBe(646n);
    // 152.00 − 22.80 → $12.92; one unit back → −$3.23; the edit leaves 3 units (one refunded) at $9.69 − $3.23.
    expect(after.entries.map((entry) => [entry.kind, entry.amountMinor])).toEqual([["accrual", 1292n], ["refund_reversal", -323n], ["edit_adjustment", -323n]]);
  });

  it("an order-level $10.00 off spread across the line: an edit to 1 of 3 units keeps that unit's $3.34 of it → $3.47", async () => {
    const order = await placeOrder([{ product: outside, quantity: 3 }], { discountCode: "TENOFF", priceOverride: "38.00" });
    // 114.00 − 10.00 = 104.00 × 10 % → $10.40
    expect((await commissionOf(order)).netMinor).toBe(1040n);
    const { orderEdit } = await harness.control<{ orderEdit: unknown }>(`/__devstore/orders/${order.id}/edit`, { setQuantity: [{ lineItemId: order.line_items[0]!.id, quantity: 1 }] });
    await deliver("orders/edited", orderEdit);
    await processAll();
    // The kept unit's share of the 10.00 allocation is 3.34 (10.00 split 1 : 2 units, the odd cent to the kept one):
    // 38.00 − 3.34 = 34.66 × 10 % = 3.466 → $3.47.
    expect((await commissionOf(order)).netMinor).toBe(347n);
  });

  it("adds commission for a line an edit adds, at that product's rate", async () => {
    const order = await placeOrder([{ product: outside, quantity: 1 }]);
    const { orderEdit } = await harness.control<{ orderEdit: unknown }>(`/__devstore/orders/${order.id}/edit`, {
      add: [{ variantId: inCollection.variants.nodes[0]!.id, quantity: 1 }],
    });
    await deliver("orders/edited", orderEdit);
    await processAll();
    const after = await commissionOf(order);
    const exact = cents(outside.variants.nodes[0]!.price) * 1000n + cents(inCollection.variants.nodes[0]!.price) * 2000n;
    expect(after.netMinor).toBe(roundHalfEven(exact, 10_000n));
    expect(after.entries.at(-1)?.kind).toBe("edit_adjustment");
  });

  it("pays nothing on a returning customer's order when the program pays new customers only (history read from Shopify)", async () => {
    await db.programSettings.update({ where: { shop: TEST_SHOP }, data: { newCustomersOnly: true, version: { increment: 1 } } });
    const customers = await harness.admin.graphql(`#graphql
      query { customers(first: 1) { nodes { id } } }`);
    const customerId = ((await customers.json()) as { data: { customers: { nodes: { id: string }[] } } }).data.customers.nodes[0]!.id;
    // The customer's first order carries no referral, so Affable only learns of it from Shopify's order history.
    await harness.control("/__devstore/orders", { lineItems: [{ variantId: outside.variants.nodes[0]!.id, quantity: 1 }], customerId });
    const repeat = await placeOrder([{ product: outside, quantity: 1 }], { customerId });
    const commission = await commissionOf(repeat);
    expect(commission.netMinor).toBe(0n);
    expect(commission.derivation.adjustments.map((adjustment) => adjustment.kind)).toContain("new_customers_only");
  });
});
