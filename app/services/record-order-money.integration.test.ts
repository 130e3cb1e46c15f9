/**
 * The money loop end to end: HMAC-signed, real-shaped orders/* and refunds/create deliveries through the real
 * webhook route modules into the inbox, then the real processor and handlers, on a real PostgreSQL database.
 */
import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../db.server";
import { createMigratedDatabase } from "../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, type WebhookFixtureName, useTestAppEnvironment } from "../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../webhooks/process-webhook-events.server";
import { hashEmail } from "./redact-customer-identity.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "money-loop-secret";
const USD_SHOP = "money-usd.myshopify.com";
const JPY_SHOP = "money-jpy.myshopify.com";
const OTHER_SHOP = "money-other.myshopify.com";
const USD_ORDER = "gid://shopify/Order/5820982911946";
const JPY_ORDER = "gid://shopify/Order/5820982922001";

type Action = (args: ActionFunctionArgs) => Promise<Response>;
type Topic = "orders/create" | "orders/paid" | "orders/updated" | "orders/cancelled" | "refunds/create";
let db: Database;
let routes: Record<Topic, Action>;
let amelia: { id: string };
let kenji: { id: string };

async function deliver(shop: string, topic: Topic, body: Record<string, unknown>) {
  const response = await routes[topic]({ request: signedWebhookRequest({ shop, secret: SECRET, topic, body }), params: {}, context: {} });
  expect(response.status).toBe(200);
}

function fixture(name: WebhookFixtureName, changes: Record<string, unknown> = {}) {
  return { ...readWebhookFixture(name), ...changes };
}

async function processAll() {
  const summary = await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50);
  expect(summary).toMatchObject({ retrying: 0, failed: 0, invalid: 0 });
  return summary;
}

async function ledger(shop: string, shopifyOrderId: string) {
  const commissions = await db.commission.findMany({ where: { shop, shopifyOrderId }, include: { entries: { orderBy: { createdAt: "asc" } } } });
  return commissions.map((commission) => ({
    creatorId: commission.creatorId,
    status: commission.status,
    netMinor: commission.netMinor,
    entries: commission.entries.map((entry) => [entry.kind, entry.amountMinor] as const),
  }));
}

describe.skipIf(postgresUrl === null)("orders and refunds → attribution → pending commission → ledger (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "money_loop");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      "orders/create": (await import("../routes/webhooks.orders.create")).action,
      "orders/paid": (await import("../routes/webhooks.orders.paid")).action,
      "orders/updated": (await import("../routes/webhooks.orders.updated")).action,
      "orders/cancelled": (await import("../routes/webhooks.orders.cancelled")).action,
      "refunds/create": (await import("../routes/webhooks.refunds.create")).action,
    };
    for (const [shop, currency] of [[USD_SHOP, "USD"], [JPY_SHOP, "JPY"], [OTHER_SHOP, "USD"]] as const) {
      await db.shop.create({ data: { shop, name: shop, currencyCode: currency, ianaTimezone: "UTC" } });
      await db.programSettings.create({ data: { shop, currency, defaultCommissionBasisPoints: 1000 } });
    }
    amelia = await db.creator.create({
      data: { shop: USD_SHOP, handle: "amelia", name: "Amelia", email: "amelia@example.com", refToken: "r_amelia01", status: "approved" },
    });
    await db.discountCode.create({
      data: {
        shop: USD_SHOP, creatorId: amelia.id, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/1",
        valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
      },
    });
    kenji = await db.creator.create({
      data: { shop: JPY_SHOP, handle: "kenji", name: "Kenji", email: "kenji@example.jp", refToken: "r_kenji01", status: "approved" },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../db.server")).default.$disconnect();
  });

  it("a creator's code earns a pending commission exact to the cent (USD), once however often the order is delivered", async () => {
    await deliver(USD_SHOP, "orders/create", fixture("orders-paid-code", { financial_status: "pending" }));
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code"));
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code"));
    await processAll();
    await deliver(USD_SHOP, "orders/updated", fixture("orders-paid-code"));
    await processAll();

    // Bases $68.00 + $21.25 (after the code's line discounts; tax and shipping excluded) × 10% = 8.925 → $8.92 (half-even).
    expect(await ledger(USD_SHOP, USD_ORDER)).toEqual([{ creatorId: amelia.id, status: "pending", netMinor: 892n, entries: [["accrual", 892n]] }]);
    const order = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: USD_SHOP, shopifyOrderId: USD_ORDER } } });
    expect(order).toMatchObject({ status: "attributed", creatorId: amelia.id, baseMinor: 8925n, currency: "USD", test: false, customerId: "gid://shopify/Customer/7115310627314" });
    // Keyed, by the one email hasher (the fixture customer is jon@example.com).
    expect(order.customerEmailHash).toBe(hashEmail("jon@example.com"));
    expect(order.customerEmailHash).not.toContain(createHash("sha256").update("jon@example.com").digest("hex"));
    expect(order.attribution).toMatchObject({ signal: "code", creatorId: amelia.id });
    const commission = await db.commission.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: USD_ORDER } });
    expect(commission.ruleVersionId).toBe("program-settings:v1");
    expect(await db.webhookEvent.count({ where: { shop: USD_SHOP, status: "processed" } })).toBe(4);
  });

  it("a partial refund reverses pro rata, a repeat of it changes nothing, and the full refund reverses exactly the rest", async () => {
    await deliver(USD_SHOP, "refunds/create", fixture("refunds-create-partial"));
    await deliver(USD_SHOP, "refunds/create", fixture("refunds-create-partial"));
    await processAll();
    // Line commissions 892 split 680 / 212 over the bases; 1 of 2 shirts back: the shirt keeps 340.
    expect(await ledger(USD_SHOP, USD_ORDER)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 552n, entries: [["accrual", 892n], ["refund_reversal", -340n]] },
    ]);

    await deliver(USD_SHOP, "refunds/create", fixture("refunds-create-full"));
    // orders/updated repeats both refunds in its refunds[]: already applied, so nothing moves.
    const refunds = [readWebhookFixture("refunds-create-partial"), readWebhookFixture("refunds-create-full")];
    await deliver(USD_SHOP, "orders/updated", fixture("orders-paid-code", { refunds, financial_status: "refunded" }));
    await processAll();
    expect(await ledger(USD_SHOP, USD_ORDER)).toEqual([
      { creatorId: amelia.id, status: "reversed", netMinor: 0n, entries: [["accrual", 892n], ["refund_reversal", -340n], ["refund_reversal", -552n]] },
    ]);
  });

  it("a refund delivered before its order is kept and applied when the order arrives", async () => {
    const orderId = 5820982933001;
    const early = fixture("refunds-create-partial", { id: 990088186051, admin_graphql_api_id: "gid://shopify/Refund/990088186051", order_id: orderId });
    await deliver(USD_SHOP, "refunds/create", early);
    await processAll();
    expect(await db.deferredOrderEvent.count({ where: { shop: USD_SHOP, shopifyOrderLegacyId: String(orderId) } })).toBe(1);
    expect(await db.webhookEvent.findFirst({ where: { shop: USD_SHOP, topic: "REFUNDS_CREATE", resultNote: { contains: "arrived before order" } } })).not.toBeNull();

    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code", { id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}`, name: "#1042" }));
    await processAll();
    expect(await ledger(USD_SHOP, `gid://shopify/Order/${orderId}`)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 552n, entries: [["accrual", 892n], ["refund_reversal", -340n]] },
    ]);
    expect(await db.deferredOrderEvent.count({ where: { shop: USD_SHOP } })).toBe(0);
  });

  it("processors running at once never double-apply an order's deliveries (per-order lock + commission version)", async () => {
    const orderId = 5820982966001;
    const order = fixture("orders-paid-code", { id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}`, name: "#1043" });
    const refund = fixture("refunds-create-partial", { id: 990088186061, admin_graphql_api_id: "gid://shopify/Refund/990088186061", order_id: orderId });
    await deliver(USD_SHOP, "orders/create", order);
    await deliver(USD_SHOP, "orders/paid", order);
    await deliver(USD_SHOP, "refunds/create", refund);
    await deliver(USD_SHOP, "orders/updated", { ...order, refunds: [refund] });
    const now = new Date(Date.now() + 1_000);
    const runs = await Promise.all([1, 2, 3, 4].map(() => processDueWebhookEvents(db, now, 1)));
    expect(runs.reduce((total, run) => total + run.processed, 0)).toBe(4);
    expect(await ledger(USD_SHOP, `gid://shopify/Order/${orderId}`)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 552n, entries: [["accrual", 892n], ["refund_reversal", -340n]] },
    ]);
  });

  it("a cart ref earns in JPY to the yen, and a cancellation reverses all of it", async () => {
    await deliver(JPY_SHOP, "orders/paid", fixture("orders-paid-ref"));
    await processAll();
    // ¥1,250 × 3 + ¥985 = ¥4,735 × 10% = 473.5 → ¥474 (half-even); shipping never earns.
    expect(await ledger(JPY_SHOP, JPY_ORDER)).toEqual([{ creatorId: kenji.id, status: "pending", netMinor: 474n, entries: [["accrual", 474n]] }]);
    const order = await db.attributedOrder.findFirstOrThrow({ where: { shop: JPY_SHOP, shopifyOrderId: JPY_ORDER } });
    expect(order.attribution).toMatchObject({ signal: "link", creatorId: kenji.id });

    await deliver(JPY_SHOP, "orders/cancelled", fixture("orders-cancelled"));
    await deliver(JPY_SHOP, "orders/cancelled", fixture("orders-cancelled"));
    await processAll();
    expect(await ledger(JPY_SHOP, JPY_ORDER)).toEqual([
      { creatorId: kenji.id, status: "reversed", netMinor: 0n, entries: [["accrual", 474n], ["cancellation", -474n]] },
    ]);
    expect((await db.attributedOrder.findFirstOrThrow({ where: { shop: JPY_SHOP, shopifyOrderId: JPY_ORDER } })).cancelledAt).toEqual(new Date("2026-11-21T01:00:00Z"));
  });

  it("ignores Shopify test orders unless the program counts them", async () => {
    const testOrder = { id: 5820982944001, admin_graphql_api_id: "gid://shopify/Order/5820982944001", test: true };
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code", testOrder));
    await processAll();
    expect(await db.attributedOrder.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: testOrder.admin_graphql_api_id } })).toMatchObject({ status: "ignored_test", creatorId: null });
    expect(await db.commission.count({ where: { shop: USD_SHOP, shopifyOrderId: testOrder.admin_graphql_api_id } })).toBe(0);

    await db.programSettings.update({ where: { shop: USD_SHOP }, data: { includeTestOrders: true, version: { increment: 1 } } });
    const counted = { id: 5820982944002, admin_graphql_api_id: "gid://shopify/Order/5820982944002", test: true };
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code", counted));
    await processAll();
    expect(await ledger(USD_SHOP, counted.admin_graphql_api_id)).toEqual([{ creatorId: amelia.id, status: "pending", netMinor: 892n, entries: [["accrual", 892n]] }]);
    expect((await db.commission.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: counted.admin_graphql_api_id } })).ruleVersionId).toBe("program-settings:v2");
    await db.programSettings.update({ where: { shop: USD_SHOP }, data: { includeTestOrders: false } });
  });

  it("never attributes an order to another shop's creator code or ref token", async () => {
    const orderId = "gid://shopify/Order/5820982955001";
    const body = fixture("orders-paid-code", {
      id: 5820982955001,
      admin_graphql_api_id: orderId,
      landing_site: "/?ref=r_kenji01",
      note_attributes: [{ name: "_affable_ref", value: "r_amelia01" }, { name: "_affable_ref_at", value: "2026-11-19T09:00:00Z" }],
    });
    await deliver(OTHER_SHOP, "orders/paid", body);
    await processAll();
    expect(await db.attributedOrder.findFirstOrThrow({ where: { shop: OTHER_SHOP, shopifyOrderId: orderId } })).toMatchObject({ status: "unattributed", creatorId: null });
    expect(await db.commission.count({ where: { shopifyOrderId: orderId } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });

  it("credits a customer's lifetime referrer when the order names no creator, and only in that shop", async () => {
    const orderId = "gid://shopify/Order/5820982977001";
    const customer = { id: 7115310688001, admin_graphql_api_id: "gid://shopify/Customer/7115310688001", email: "returning@example.com" };
    // Linked through the public API with the numeric id; the order carries the gid.
    await db.customerReferral.create({ data: { shop: USD_SHOP, customerId: "7115310688001", creatorId: amelia.id, source: "api", createdAt: new Date() } });
    const body = fixture("orders-paid-code", { id: 5820982977001, admin_graphql_api_id: orderId, discount_codes: [], landing_site: null, note_attributes: [], customer, email: customer.email });
    await deliver(USD_SHOP, "orders/paid", body);
    await deliver(OTHER_SHOP, "orders/paid", body);
    await processAll();
    const order = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: USD_SHOP, shopifyOrderId: orderId } } });
    expect({ status: order.status, creatorId: order.creatorId, attribution: order.attribution }).toMatchObject({ status: "attributed", creatorId: amelia.id, attribution: { signal: "customer" } });
    expect(await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: OTHER_SHOP, shopifyOrderId: orderId } } })).toMatchObject({ status: "unattributed" });
  });
});
