/**
 * Webhook deliveries through the real route modules, the real shopifyApp() (HMAC checked by the library) and a real
 * PostgreSQL database. The app's environment is set before the routes are imported, as at boot.
 */
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../db.server";
import { createMigratedDatabase } from "../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, type WebhookDelivery, useTestAppEnvironment } from "../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../webhooks/process-webhook-events.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "webhook-test-secret";
const SHOP = "inbox-routes.myshopify.com";
const GONE = "uninstalled.myshopify.com";
let db: Database;
type Action = (args: ActionFunctionArgs) => Promise<Response>;
let routes: Record<"ordersPaid" | "refundsCreate" | "appUninstalled" | "shopRedact", Action>;

async function deliver(action: Action, delivery: Omit<WebhookDelivery, "secret" | "shop"> & { shop?: string; secret?: string }) {
  const request = signedWebhookRequest({ shop: SHOP, secret: SECRET, ...delivery });
  return action({ request, params: {}, context: {} });
}

describe.skipIf(postgresUrl === null)("webhook routes store every delivery once (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "webhook_routes");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      ordersPaid: (await import("../routes/webhooks.orders.paid")).action,
      refundsCreate: (await import("../routes/webhooks.refunds.create")).action,
      appUninstalled: (await import("../routes/webhooks.app.uninstalled")).action,
      shopRedact: (await import("../routes/webhooks.shop.redact")).action,
    };
    await db.shop.create({ data: { shop: SHOP, name: "Inbox", currencyCode: "USD", ianaTimezone: "UTC" } });
    await db.shop.create({ data: { shop: GONE, name: "Gone", currencyCode: "USD", ianaTimezone: "UTC", uninstalledAt: new Date("2026-11-01T00:00:00Z") } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../db.server")).default.$disconnect();
  });

  it("stores a signed orders/paid delivery as received, with its headers, hash and raw payload", async () => {
    const webhookId = randomUUID();
    const response = await deliver(routes.ordersPaid, { topic: "orders/paid", body: readWebhookFixture("orders-paid"), webhookId, eventId: "event-1" });
    expect(response.status).toBe(200);
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId } });
    expect(stored).toMatchObject({
      topic: "ORDERS_PAID",
      topicRaw: "orders/paid",
      eventId: "event-1",
      apiVersion: "2026-10",
      triggeredAt: new Date("2026-11-20T17:31:38.000Z"),
      status: "received",
      attempts: 0,
      lastError: null,
    });
    expect(stored.payloadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.payload).toMatchObject({ admin_graphql_api_id: "gid://shopify/Order/820982911946154508", landing_site: "/?ref=r_amelia01" });
    expect(stored.nextAttemptAt).toEqual(stored.receivedAt);
  });

  it("refuses a bad HMAC with the library's 401 and stores nothing", async () => {
    const webhookId = randomUUID();
    const response = await deliver(routes.ordersPaid, { topic: "orders/paid", body: readWebhookFixture("orders-paid"), webhookId, secret: "not-the-app-secret" });
    expect(response.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { shop: SHOP, webhookId } })).toBe(0);
  });

  it("answers a non-POST with 405 and missing headers with 400, storing nothing", async () => {
    const get = await deliver(routes.ordersPaid, { topic: "orders/paid", body: {}, method: "GET" });
    expect(get.status).toBe(405);
    const request = signedWebhookRequest({ shop: SHOP, secret: SECRET, topic: "orders/paid", body: readWebhookFixture("orders-paid") });
    request.headers.delete("X-Shopify-Webhook-Id");
    expect((await routes.ordersPaid({ request, params: {}, context: {} })).status).toBe(400);
    expect(await db.webhookEvent.count({ where: { shop: SHOP, status: { not: "received" } } })).toBe(0);
  });

  it("stores a retried delivery (same X-Shopify-Webhook-Id) once and answers 200 both times", async () => {
    const webhookId = randomUUID();
    const body = readWebhookFixture("refunds-create");
    const first = await deliver(routes.refundsCreate, { topic: "refunds/create", body, webhookId });
    const again = await Promise.all([1, 2, 3].map(() => deliver(routes.refundsCreate, { topic: "refunds/create", body, webhookId })));
    expect([first, ...again].map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(await db.webhookEvent.count({ where: { shop: SHOP, webhookId } })).toBe(1);
  });

  it("keeps two deliveries of one event (same X-Shopify-Event-Id, new webhook id) findable as duplicates", async () => {
    const body = readWebhookFixture("refunds-create");
    await deliver(routes.refundsCreate, { topic: "refunds/create", body, eventId: "event-twice" });
    await deliver(routes.refundsCreate, { topic: "refunds/create", body, eventId: "event-twice" });
    expect(await db.webhookEvent.count({ where: { shop: SHOP, eventId: "event-twice" } })).toBe(2);
  });

  it("records a payload of the wrong shape as invalid with the reason, and answers 400 with it", async () => {
    const webhookId = randomUUID();
    const body = { ...readWebhookFixture("orders-paid"), currency: undefined, line_items: [{ id: 1, quantity: 1, price: "19,99" }] };
    const response = await deliver(routes.ordersPaid, { topic: "orders/paid", body, webhookId });
    expect(response.status).toBe(400);
    const reason = await response.text();
    expect(reason).toMatch(/currency/);
    expect(reason).toMatch(/line_items\.0\.price/);
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId } });
    expect(stored).toMatchObject({ status: "invalid", lastError: reason, nextAttemptAt: null });
    // The processor never claims it: an invalid payload waits for a person (Sync health › Replay), not a retry.
    await processDueWebhookEvents(db, new Date(Date.now() + 3_600_000), 10, { handlers: { ORDERS_PAID: async () => undefined } });
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId } })).toMatchObject({ status: "invalid", attempts: 0 });
  });

  it("records a signed body that is not JSON as invalid and answers 400 with a message (not a 500)", async () => {
    const webhookId = randomUUID();
    const response = await deliver(routes.ordersPaid, { topic: "orders/paid", body: '{"id": 1, "line_items": [', webhookId });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not valid JSON/);
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId } });
    expect(stored).toMatchObject({ status: "invalid", payload: null, rawBody: '{"id": 1, "line_items": [', topic: "ORDERS_PAID" });
  });

  it("records deliveries for a shop that never installed or has uninstalled as ignored, and answers 200", async () => {
    const unknown = await deliver(routes.ordersPaid, { topic: "orders/paid", body: readWebhookFixture("orders-paid"), shop: "stranger.myshopify.com" });
    expect(unknown.status).toBe(200);
    const gone = await deliver(routes.ordersPaid, { topic: "orders/paid", body: readWebhookFixture("orders-paid"), shop: GONE });
    expect(gone.status).toBe(200);
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: "stranger.myshopify.com" } })).toMatchObject({ status: "ignored", lastError: expect.stringMatching(/never installed/) });
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: GONE } })).toMatchObject({ status: "ignored", lastError: expect.stringMatching(/uninstalled/) });
  });

  it("still stores shop/redact for an uninstalled shop (compliance topics arrive after uninstall)", async () => {
    const response = await deliver(routes.shopRedact, { topic: "shop/redact", body: { shop_id: 954889, shop_domain: GONE }, shop: GONE });
    expect(response.status).toBe(200);
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: GONE, topic: "SHOP_REDACT" } })).toMatchObject({ status: "received" });
  });

  it("app/uninstalled: stored, then the processor removes the shop's sessions and marks it uninstalled", async () => {
    await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "token" } });
    await db.session.create({ data: { id: "offline_other.myshopify.com", shop: "other.myshopify.com", state: "", accessToken: "token" } });
    const webhookId = randomUUID();
    const response = await deliver(routes.appUninstalled, { topic: "app/uninstalled", body: readWebhookFixture("app-uninstalled"), webhookId, triggeredAt: "2026-11-21T09:00:00Z" });
    expect(response.status).toBe(200);

    const summary = await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 10);
    // The three refunds/create deliveries stored earlier are claimed too (their order was never recorded), and so is
    // the shop/redact stored for the uninstalled shop (it has a handler now).
    expect(summary).toMatchObject({ claimed: 5, processed: 5 });
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.session.count({ where: { shop: "other.myshopify.com" } })).toBe(1);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).uninstalledAt).toEqual(new Date("2026-11-21T09:00:00Z"));
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId } })).toMatchObject({ status: "processed", resultNote: expect.stringMatching(/Removed 1 session/) });
    // Refunds stored earlier wait for their order, once however often they were delivered (money-loop tests cover the rest).
    expect(await db.webhookEvent.count({ where: { shop: SHOP, topic: "REFUNDS_CREATE", status: "processed" } })).toBe(3);
    expect(await db.deferredOrderEvent.count({ where: { shop: SHOP } })).toBe(1);
  });
});
