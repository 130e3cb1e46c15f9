/**
 * Webhook deliveries through the real route modules, the real shopifyApp() (HMAC checked by the library) and a real
 * PostgreSQL database. The app's environment is set before the routes are imported, as at boot.
 */
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, type WebhookDelivery, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../../webhooks/process-webhook-events.server";
import { loadSyncHealth } from "./load-sync-health.server";
import { replayWebhookEvent } from "./replay-webhook-event.server";

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
      ordersPaid: (await import("../../routes/webhooks.orders.paid")).action,
      refundsCreate: (await import("../../routes/webhooks.refunds.create")).action,
      appUninstalled: (await import("../../routes/webhooks.app.uninstalled")).action,
      shopRedact: (await import("../../routes/webhooks.shop.redact")).action,
    };
    // Installed before the deliveries' trigger times (an app/uninstalled triggered before the install is not applied).
    await db.shop.create({ data: { shop: SHOP, name: "Inbox", currencyCode: "USD", ianaTimezone: "UTC", installedAt: new Date("2026-11-01T00:00:00Z") } });
    await db.shop.create({ data: { shop: GONE, name: "Gone", currencyCode: "USD", ianaTimezone: "UTC", uninstalledAt: new Date("2026-11-01T00:00:00Z") } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
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

  it("stores a burst of concurrent deliveries (written in groups) each once, under its own shop, with its own payload and amounts", async () => {
    const BURST = "burst.myshopify.com";
    await db.shop.create({ data: { shop: BURST, name: "Burst", currencyCode: "USD", ianaTimezone: "UTC" } });
    const fixture = readWebhookFixture("orders-paid") as { line_items: { price_set: { shop_money: { amount: string } } }[] };
    const orderFor = (index: number) => {
      const body = structuredClone(fixture) as typeof fixture & { id: number; admin_graphql_api_id: string };
      body.id = 7_100_000 + index;
      body.admin_graphql_api_id = `gid://shopify/Order/${body.id}`;
      body.line_items[0]!.price_set.shop_money.amount = `${10 + index}.0${index % 10}`;
      return body;
    };
    const retried = randomUUID();
    const burst = Array.from({ length: 24 }, (_, index) => ({
      index,
      shop: index % 3 === 2 ? "stranger-burst.myshopify.com" : BURST,
      webhookId: index === 3 || index === 4 ? retried : randomUUID(),
    }));
    const answers = await Promise.all(
      burst.map(({ index, shop, webhookId }) => deliver(routes.ordersPaid, { topic: "orders/paid", body: orderFor(index), shop, webhookId })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(24).fill(200));
    // The retry inside the burst (deliveries 3 and 4, one shop, one webhook id) is stored once; the other answer says so.
    expect((await Promise.all(answers.slice(3, 5).map((answer) => answer.text()))).sort()).toEqual(["Already received", "Received"]);

    const stored = await db.webhookEvent.findMany({ where: { webhookId: { in: burst.map((delivery) => delivery.webhookId) } } });
    expect(stored).toHaveLength(23);
    for (const { index, shop, webhookId } of burst.filter((delivery) => delivery.index !== 4)) {
      const row = stored.find((candidate) => candidate.webhookId === webhookId && candidate.shop === shop);
      expect(row, `delivery ${index}`).toBeDefined();
      expect(row!.status).toBe(shop === BURST ? "received" : "ignored");
      const payload = row!.payload as ReturnType<typeof orderFor>;
      // Delivery 4 repeated 3's webhook id with its own body; the first one stored wins, whichever it was.
      const expected = index === 3 ? [orderFor(3), orderFor(4)].map((order) => order.id) : [orderFor(index).id];
      expect(expected).toContain(payload.id);
      expect(payload.line_items[0]!.price_set.shop_money.amount).toBe(orderFor(payload.id - 7_100_000).line_items[0]!.price_set.shop_money.amount);
    }
    // Leave the inbox as the later tests expect it (their processor runs claim every shop's due events).
    await db.webhookEvent.deleteMany({ where: { id: { in: stored.map((row) => row.id) } } });
  });

  it("stores a delivery whose body PostgreSQL's jsonb refuses (\\u0000) as invalid with its raw text, alone in a burst, replayable", async () => {
    // Valid JSON (JSON.parse accepts the escape "\u0000"), but PostgreSQL's jsonb refuses it: before, the delivery
    // failed with a 500 on every retry and the order never reached the inbox.
    const bad = { ...readWebhookFixture("orders-paid"), id: 7_200_000, note_attributes: [{ name: "gift", value: "nul \u0000 byte" }] };
    const badBody = JSON.stringify(bad);
    expect(badBody).toContain("\\u0000");
    const goodIds = Array.from({ length: 6 }, () => randomUUID());
    const badId = randomUUID();
    const settled = await Promise.allSettled([
      ...goodIds.slice(0, 3).map((webhookId) => deliver(routes.ordersPaid, { topic: "orders/paid", body: readWebhookFixture("orders-paid"), webhookId })),
      deliver(routes.ordersPaid, { topic: "orders/paid", body: badBody, webhookId: badId }),
      ...goodIds.slice(3).map((webhookId) => deliver(routes.ordersPaid, { topic: "orders/paid", body: readWebhookFixture("orders-paid"), webhookId })),
    ]);
    expect(settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value.status : "rejected"))).toEqual([200, 200, 200, 400, 200, 200, 200]);
    const badOutcome = settled[3]!;
    const answer = badOutcome.status === "fulfilled" ? await badOutcome.value.text() : "";
    expect(answer).toMatch(/\\u0000/);
    expect(await db.webhookEvent.count({ where: { shop: SHOP, webhookId: { in: goodIds } } })).toBe(6);
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: badId } });
    expect(stored).toMatchObject({ status: "invalid", rawBody: badBody, lastError: answer, nextAttemptAt: null });
    // The payload is the body with each NUL replaced by U+FFFD, so a replay can process the order.
    expect(stored.payload).toMatchObject({ id: 7_200_000, note_attributes: [{ name: "gift", value: "nul \ufffd byte" }] });
    // Shopify's retry of the same delivery is already stored: 200, nothing doubled.
    expect((await deliver(routes.ordersPaid, { topic: "orders/paid", body: badBody, webhookId: badId })).status).toBe(200);
    expect(await db.webhookEvent.count({ where: { shop: SHOP, webhookId: badId } })).toBe(1);
    // Sync health counts it apart, among the invalid ones.
    const health = await loadSyncHealth(db, SHOP, {}, new Date());
    expect(health.lastDay).toMatchObject({ invalid: 1, cleaned: 1 });
    await replayWebhookEvent(db, SHOP, stored.id, "staff@example.com", "NUL replaced; process the order", new Date());
    expect(await db.webhookEvent.findFirstOrThrow({ where: { id: stored.id } })).toMatchObject({ status: "received" });
    await db.webhookEvent.deleteMany({ where: { shop: SHOP, webhookId: { in: [...goodIds, badId] } } });
  });

  it("stores a signed body with a literal NUL byte (not JSON; PostgreSQL text refuses it too) as invalid and answers 400", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify({ ...readWebhookFixture("orders-paid"), note: "nul X byte" }).replace("nul X", "nul \u0000");
    const response = await deliver(routes.ordersPaid, { topic: "orders/paid", body, webhookId });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not valid JSON/);
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId } });
    expect(stored).toMatchObject({ status: "invalid", payload: null, rawBody: body.replace("\u0000", "\ufffd") });
    await db.webhookEvent.deleteMany({ where: { shop: SHOP, webhookId } });
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
