/**
 * The answers Shopify gets from the production server (server.ts) at /webhooks/*, where deliveries take the fast
 * path to the route's action, and what each answer leaves in the inbox. No browser: HTTP only, like Shopify.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openApp, SHOP, stackValue, withTestDatabase } from "./support";

const ORDER_ID = 5820982999202;
const webhookIds: string[] = [];

function deliver(body: string, options: { topic?: string; secret?: string; webhookId?: string; method?: string } = {}) {
  const webhookId = options.webhookId ?? randomUUID();
  webhookIds.push(webhookId);
  return fetch(`${stackValue("E2E_TUNNEL_ORIGIN")}/webhooks/${options.topic ?? "orders/paid"}`, {
    method: options.method ?? "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", options.secret ?? stackValue("E2E_API_SECRET")).update(body).digest("base64"),
      "X-Shopify-Topic": options.topic ?? "orders/paid",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
    body: options.method === "GET" ? undefined : body,
  });
}

function storedEvent(webhookId: string) {
  return withTestDatabase(async (client) => {
    const { rows } = await client.query<{ status: string; lastError: string | null; eventId: string | null; triggeredAt: Date | null }>(
      `SELECT status, "lastError", "eventId", "triggeredAt" FROM "WebhookEvent" WHERE shop = $1 AND "webhookId" = $2`,
      [SHOP, webhookId],
    );
    return rows;
  });
}

const order = () => {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/webhooks/orders-paid-code.json"), "utf8")) as Record<string, unknown>;
  return JSON.stringify({ ...fixture, id: ORDER_ID, admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`, name: "#7042" });
};

// Opening the app records the shop: deliveries for a shop that never installed Affable are acknowledged and ignored.
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openApp(page);
  await page.close();
});

test.afterAll(async () => {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, `gid://shopify/Order/${ORDER_ID}`]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, `gid://shopify/Order/${ORDER_ID}`]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND "webhookId" = ANY($2)`, [SHOP, webhookIds]);
  });
});

test("a signed delivery is stored once with Shopify's ids, and its retry is acknowledged without a second row", async () => {
  const webhookId = randomUUID();
  const body = order();
  const first = await deliver(body, { webhookId });
  expect(first.status).toBe(200);
  expect(await first.text()).toBe("Received");
  const retry = await deliver(body, { webhookId });
  expect(retry.status).toBe(200);
  expect(await retry.text()).toBe("Already received");
  const rows = await storedEvent(webhookId);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.eventId).not.toBeNull();
  expect(rows[0]!.triggeredAt).not.toBeNull();
});

test("a delivery signed with another secret is refused with 401 and stores nothing", async () => {
  const webhookId = randomUUID();
  const answer = await deliver(order(), { webhookId, secret: "not-the-app-secret" });
  expect(answer.status).toBe(401);
  expect(await storedEvent(webhookId)).toHaveLength(0);
});

test("a signed body that is not JSON is answered 400 and kept, with its reason, for Sync health", async () => {
  const webhookId = randomUUID();
  const answer = await deliver("{ not json", { webhookId });
  expect(answer.status).toBe(400);
  expect(await answer.text()).toContain("not valid JSON");
  const [row] = await storedEvent(webhookId);
  expect(row?.status).toBe("invalid");
});

test("a signed order whose amount is not exact in its currency is answered 400 naming the field", async () => {
  const webhookId = randomUUID();
  const payload = JSON.parse(order()) as { line_items: { price_set: { shop_money: { amount: string } } }[] };
  payload.line_items[0]!.price_set.shop_money.amount = "12.345";
  const answer = await deliver(JSON.stringify(payload), { webhookId });
  expect(answer.status).toBe(400);
  expect(await answer.text()).toContain("line_items.0.price_set.shop_money.amount");
  const [row] = await storedEvent(webhookId);
  expect(row?.status).toBe("invalid");
});

test("pages still go through Remix: a GET on a webhook route is not taken for a delivery", async () => {
  const answer = await deliver(order(), { method: "GET" });
  // Remix's answer to a GET on a route without a loader: the request reached the router, not the webhook action
  // (which would have answered 405, as the library does for anything but a POST).
  expect(answer.status).toBe(400);
});
