/**
 * Install, uninstall and reinstall in the order Shopify may deliver them: an app/uninstalled delivered (or retried)
 * after the merchant has reinstalled must not undo the reinstall, and what was ignored while the shop was
 * uninstalled can be replayed once it is back. Real routes, processor and handlers on a real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { replayWebhookEvent } from "../../services/sync/replay-webhook-event.server";
import { syncShop } from "../../services/sync/sync-shop.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../process-webhook-events.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "reinstall-secret";
type Action = (args: ActionFunctionArgs) => Promise<Response>;
let db: Database;
let routes: { appUninstalled: Action; ordersPaid: Action };

/** Admin GraphQL as Shopify answers the shop query: the network edge, not the unit under test. */
const shopifyAdmin: AdminGraphqlClient = {
  graphql: async () =>
    Response.json({ data: { shop: { name: "Back Again", currencyCode: "USD", ianaTimezone: "UTC", myshopifyDomain: "x.myshopify.com", primaryDomain: null } } }),
};

async function createShop(shop: string, data: { installedAt: Date; uninstalledAt?: Date }) {
  await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC", ...data } });
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_new" } });
}

async function deliverUninstall(shop: string, triggeredAt: string) {
  const webhookId = randomUUID();
  const request = signedWebhookRequest({ shop, secret: SECRET, topic: "app/uninstalled", body: readWebhookFixture("app-uninstalled"), webhookId, triggeredAt });
  expect((await routes.appUninstalled({ request, params: {}, context: {} })).status).toBe(200);
  expect(await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 10)).toMatchObject({ processed: 1, failed: 0, retrying: 0 });
  return db.webhookEvent.findFirstOrThrow({ where: { shop, webhookId } });
}

describe.skipIf(postgresUrl === null)("app/uninstalled against reinstalls (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "reinstall");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      appUninstalled: (await import("../../routes/webhooks.app.uninstalled")).action,
      ordersPaid: (await import("../../routes/webhooks.orders.paid")).action,
    };
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  it("a late app/uninstalled, triggered before the last install, changes nothing and says why", async () => {
    const shop = "late-uninstall.myshopify.com";
    await createShop(shop, { installedAt: new Date("2026-12-01T10:00:00Z") });
    const event = await deliverUninstall(shop, "2026-12-01T09:00:00Z");
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ uninstalledAt: null });
    expect(await db.session.count({ where: { shop } })).toBe(1);
    expect(event.resultNote).toMatch(/before the app was last installed/);
  });

  it("an app/uninstalled triggered after the last install removes the sessions and marks the shop uninstalled", async () => {
    const shop = "real-uninstall.myshopify.com";
    await createShop(shop, { installedAt: new Date("2026-12-01T10:00:00Z") });
    await deliverUninstall(shop, "2026-12-01T11:00:00Z");
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ uninstalledAt: new Date("2026-12-01T11:00:00Z") });
    expect(await db.session.count({ where: { shop } })).toBe(0);
  });

  it("a reinstall (syncShop) refreshes installedAt, so the uninstall before it, delivered late, is not applied", async () => {
    const shop = "reinstall.myshopify.com";
    await createShop(shop, { installedAt: new Date("2026-11-01T00:00:00Z") });
    const reinstalledAt = new Date("2026-12-02T12:00:00Z");
    await syncShop(db, shop, shopifyAdmin, reinstalledAt);
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ installedAt: reinstalledAt, uninstalledAt: null, name: "Back Again" });
    // Uninstalled at 11:00, reinstalled at 12:00; Shopify's app/uninstalled arrives only now.
    await deliverUninstall(shop, "2026-12-02T11:00:00Z");
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ uninstalledAt: null });
    expect(await db.session.count({ where: { shop } })).toBe(1);
  });

  it("an order ignored while the shop was uninstalled is replayed from Sync health once it is back, not before", async () => {
    const shop = "ignored-then-back.myshopify.com";
    await createShop(shop, { installedAt: new Date("2026-11-01T00:00:00Z"), uninstalledAt: new Date("2026-12-03T09:00:00Z") });
    const webhookId = randomUUID();
    const request = signedWebhookRequest({ shop, secret: SECRET, topic: "orders/paid", body: readWebhookFixture("orders-paid"), webhookId });
    expect((await routes.ordersPaid({ request, params: {}, context: {} })).status).toBe(200);
    const ignored = await db.webhookEvent.findFirstOrThrow({ where: { shop, webhookId } });
    expect(ignored.status).toBe("ignored");

    await expect(replayWebhookEvent(db, shop, ignored.id, "staff@example.com", "order during the outage", new Date())).rejects.toThrow(/reinstall/i);
    await syncShop(db, shop, shopifyAdmin, new Date("2026-12-03T10:00:00Z"));
    await replayWebhookEvent(db, shop, ignored.id, "staff@example.com", "order during the outage", new Date());
    expect(await db.webhookEvent.findFirstOrThrow({ where: { id: ignored.id } })).toMatchObject({ status: "received", attempts: 0 });
    expect(await db.auditEvent.count({ where: { shop, action: "webhook_event.replayed", subjectId: ignored.id } })).toBe(1);
  });
});
