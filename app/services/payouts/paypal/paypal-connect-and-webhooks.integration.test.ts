/**
 * Settings › PayPal connecting to the local PayPal, and the local PayPal's signed webhooks arriving at the webhook
 * service over HTTP (a receiver on 127.0.0.1 stands in for the app's /webhooks/paypal route), on PostgreSQL.
 * The certificate is downloaded from https://api-m.sandbox.paypal.com through the devstore's dispatcher.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import { PayoutTransitionError } from "../../../domain/payouts/payout-run-transitions";
import { createMigratedDatabase, startShopifyHarness, type ShopifyHarness } from "../../../../tests/support/app-test-harness";
import { seedSubmittingPaypalRun } from "../../../../tests/support/paypal-fixtures";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import type { ProviderItemReport } from "../providers/payout-provider";
import { connectPaypal, loadPaypalConnection } from "./connect-paypal.server";
import { clearPaypalTokenCache } from "./paypal-client.server";
import { createPaypalPayoutProvider } from "./paypal-payout-provider.server";
import { receivePaypalWebhook, type ApplyItemReport } from "./receive-paypal-webhook.server";
import { clearPaypalCertificateCache } from "./verify-paypal-webhook.server";

const postgresUrl = inject("postgresUrl");

type Delivered = { url: string; headers: Record<string, string>; body: string; status: number };

let db: Database;
let harness: ShopifyHarness;
let receiver: ServerType;
let appUrl: string;
let delivered: Delivered[] = [];
let applied: ProviderItemReport[] = [];
let applyBehaviour: ApplyItemReport | null = null;
let counter = 0;

const recordingApply: ApplyItemReport = async (database, shop, report, now, actor) => {
  if (applyBehaviour) await applyBehaviour(database, shop, report, now, actor);
  applied.push(report);
};

async function newPaypalApp(): Promise<{ shop: string; clientId: string; clientSecret: string }> {
  counter += 1;
  const app = { shop: `paypal-hooks-${counter}.myshopify.com`, clientId: `hooks-app-${counter}`, clientSecret: `hooks-secret-${counter}` };
  await harness.control("/__devstore/paypal/accounts", { environment: "sandbox", clientId: app.clientId, clientSecret: app.clientSecret, balances: { USD: "1000.00" } });
  return app;
}

async function connect(app: { shop: string; clientId: string; clientSecret: string }) {
  return connectPaypal(db, { shop: app.shop, actor: "staff:42", form: { environment: "sandbox", clientId: app.clientId, clientSecret: app.clientSecret }, now: new Date() }, { appUrl });
}

async function payAndDeliver(shop: string, email: string, amountMinor: bigint) {
  const { runId, items } = await seedSubmittingPaypalRun(db, shop, [{ creatorId: `creator-${email}`, paypalEmail: email, amountMinor }]);
  await createPaypalPayoutProvider().submit({ db, shop, runId, now: new Date() }, items);
  harness.devstore.paypal!.process();
  await harness.devstore.paypal!.idle();
  return items[0]!;
}

function replay(delivery: Delivered, changes: { url?: string; headers?: Record<string, string | null>; body?: string } = {}): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of Object.entries({ ...delivery.headers, ...changes.headers })) if (value !== null && value !== undefined) headers.set(name, value);
  return receivePaypalWebhook(db, new Request(changes.url ?? delivery.url, { method: "POST", headers, body: changes.body ?? delivery.body }), {
    applyItemReport: recordingApply,
    log: () => undefined,
  });
}

describe.skipIf(postgresUrl === null)("Settings › PayPal and PayPal webhooks against the local PayPal (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "paypal_webhooks");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    harness = await startShopifyHarness();
    const app = new Hono();
    app.post("/webhooks/paypal", async (c) => {
      const body = await c.req.raw.clone().text();
      const response = await receivePaypalWebhook(db, c.req.raw, { applyItemReport: recordingApply, log: () => undefined });
      delivered.push({ url: c.req.url, headers: Object.fromEntries(c.req.raw.headers), body, status: response.status });
      return response;
    });
    receiver = await new Promise<ServerType>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(server));
    });
    appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await db?.$disconnect();
  });
  beforeEach(async () => {
    delivered = [];
    applied = [];
    applyBehaviour = null;
    clearPaypalTokenCache();
    clearPaypalCertificateCache();
    await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", duplicateWebhooks: false, reverseWebhookOrder: false, webhookDelayMs: 0 });
  });

  it("connects: checks the credentials with a token, subscribes the webhook, seals the secret and never returns it", async () => {
    const app = await newPaypalApp();
    const result = await connect(app);
    expect(result).toMatchObject({ ok: true, connection: { connected: true, environment: "sandbox", clientId: app.clientId, secretSaved: true, webhookSubscribed: true, connectedBy: "staff:42" } });
    expect(JSON.stringify(result)).not.toContain(app.clientSecret);

    const settings = await db.payoutSettings.findUniqueOrThrow({ where: { shop: app.shop } });
    expect(settings.paypalClientSecretSealed).toMatch(/^sb1\./);
    expect(settings.paypalClientSecretSealed).not.toContain(app.clientSecret);
    const account = harness.devstore.paypal!.store.read().sandbox.accounts.find((candidate) => candidate.clientId === app.clientId)!;
    expect(account.webhooks).toEqual([expect.objectContaining({ id: settings.paypalWebhookId, url: `${appUrl}/webhooks/paypal?shop=${app.shop}` })]);

    // Connecting again reuses PayPal's subscription for that URL (PayPal refuses a second one).
    expect(await connect(app)).toMatchObject({ ok: true });
    expect((await db.payoutSettings.findUniqueOrThrow({ where: { shop: app.shop } })).paypalWebhookId).toBe(settings.paypalWebhookId);
    expect(harness.devstore.paypal!.store.read().sandbox.accounts.find((candidate) => candidate.clientId === app.clientId)!.webhooks).toHaveLength(1);
  });

  it("a wrong secret is a field error naming the secret, and nothing is saved; a malformed form names each field", async () => {
    const app = await newPaypalApp();
    const wrong = await connect({ ...app, clientSecret: "not-the-secret" });
    expect(wrong).toEqual({ ok: false, errors: { clientSecret: expect.stringContaining("PayPal refused this client ID and secret for Sandbox") } });
    expect(await loadPaypalConnection(db, app.shop)).toMatchObject({ connected: false, secretSaved: false });

    const malformed = await connectPaypal(db, { shop: app.shop, actor: "staff:42", form: { environment: "production", clientId: "has spaces", clientSecret: "" }, now: new Date() }, { appUrl });
    expect(malformed).toEqual({
      ok: false,
      errors: { environment: expect.stringContaining("Sandbox"), clientId: expect.stringContaining("client ID"), clientSecret: expect.stringContaining("secret") },
    });
  });

  it("a signed PAYMENT.PAYOUTS-ITEM.SUCCEEDED is verified, stored once (even when PayPal sends it twice) and applied once", async () => {
    const app = await newPaypalApp();
    await connect(app);
    await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", duplicateWebhooks: true });
    const item = await payAndDeliver(app.shop, "ana@example.com", 1234n);

    expect(delivered.map((delivery) => [JSON.parse(delivery.body).event_type, delivery.status])).toEqual([
      ["PAYMENT.PAYOUTS-ITEM.SUCCEEDED", 200],
      ["PAYMENT.PAYOUTS-ITEM.SUCCEEDED", 200],
      ["PAYMENT.PAYOUTSBATCH.SUCCESS", 200],
      ["PAYMENT.PAYOUTSBATCH.SUCCESS", 200],
    ]);
    const events = await db.providerWebhookEvent.findMany({ where: { shop: app.shop }, orderBy: { eventType: "asc" } });
    expect(events.map((event) => [event.eventType, event.processedAt !== null])).toEqual([
      ["PAYMENT.PAYOUTS-ITEM.SUCCEEDED", true],
      ["PAYMENT.PAYOUTSBATCH.SUCCESS", true],
    ]);
    expect(applied).toEqual([expect.objectContaining({ itemId: item.itemId, outcome: "succeeded", providerStatus: "SUCCESS" })]);
  });

  it("a webhook with a bad signature → 401 and nothing changed (tampered body, foreign cert host, another shop's webhook id, no headers)", async () => {
    const app = await newPaypalApp();
    await connect(app);
    const other = await newPaypalApp();
    await connect(other);
    const item = await payAndDeliver(app.shop, "ben@example.com", 500n);
    const authentic = delivered.find((delivery) => delivery.url.includes(app.shop) && JSON.parse(delivery.body).event_type === "PAYMENT.PAYOUTS-ITEM.SUCCEEDED")!;
    expect(authentic.status).toBe(200);
    const eventsBefore = await db.providerWebhookEvent.count();
    const itemBefore = await db.payoutRunItem.findUniqueOrThrow({ where: { id: item.itemId } });
    applied = [];

    const tampered = authentic.body.replace('"transaction_status":"SUCCESS"', '"transaction_status":"RETURNED"');
    expect(tampered).not.toBe(authentic.body);
    const withNewId = authentic.body.replace(/"id":"WH-[^"]+"/, '"id":"WH-FORGED-1"');
    const answers = await Promise.all([
      replay(authentic, { body: withNewId.replace('"transaction_status":"SUCCESS"', '"transaction_status":"RETURNED"') }),
      replay(authentic, { body: tampered }),
      replay(authentic, { headers: { "paypal-cert-url": "https://evil.example.com/v1/notifications/certs/CERT-1" } }),
      replay(authentic, { headers: { "paypal-cert-url": authentic.headers["paypal-cert-url"]!.replace("api-m.sandbox.paypal.com", "api-m.paypal.com") } }),
      replay(authentic, { url: authentic.url.replace(app.shop, other.shop) }),
      replay(authentic, { headers: { "paypal-transmission-sig": null } }),
      replay(authentic, { headers: { "paypal-auth-algo": "SHA1withRSA" } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(await db.providerWebhookEvent.count()).toBe(eventsBefore);
    expect(applied).toEqual([]);
    expect(await db.payoutRunItem.findUniqueOrThrow({ where: { id: item.itemId } })).toEqual(itemBefore);

    // The authentic one again: already stored and applied, nothing happens twice.
    const again = await replay(authentic);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("Already received.");
    expect(applied).toEqual([]);
  });

  it("UNCLAIMED then RETURNED after 30 days: the RETURNED webhook fails the item with the reason; a late UNCLAIMED is ignored, not an error", async () => {
    const app = await newPaypalApp();
    await connect(app);
    await harness.control("/__devstore/paypal/receivers", { environment: "sandbox", receiver: "nobody-hooks@example.com", behaviour: "unclaimed" });
    const item = await payAndDeliver(app.shop, "nobody-hooks@example.com", 800n);
    expect(applied).toEqual([expect.objectContaining({ itemId: item.itemId, outcome: "submitted", providerStatus: "UNCLAIMED" })]);
    const unclaimed = delivered.find((delivery) => JSON.parse(delivery.body).event_type === "PAYMENT.PAYOUTS-ITEM.UNCLAIMED")!;

    await harness.control("/__devstore/paypal/advance", { days: 30 });
    await harness.devstore.paypal!.idle();
    expect(applied.at(-1)).toMatchObject({ itemId: item.itemId, outcome: "failed", providerStatus: "RETURNED", reason: expect.stringContaining("did not claim it within 30 days") });

    // A late, out-of-order UNCLAIMED (a new event, properly signed) after the item is final: the job's transition
    // table refuses it, and the webhook answers 200 (PayPal must not retry it for 3 days) with the note kept.
    applyBehaviour = async () => {
      throw new PayoutTransitionError("A failed payout item cannot become submitted.");
    };
    const paypalItemId = JSON.parse(unclaimed.body).resource.payout_item_id as string;
    delivered = [];
    await harness.control(`/__devstore/paypal/items/${paypalItemId}/status`, { environment: "sandbox", status: "UNCLAIMED" });
    await harness.devstore.paypal!.idle();
    expect(delivered.map((delivery) => delivery.status)).toEqual([200]);
    const lateEvent = await db.providerWebhookEvent.findUniqueOrThrow({
      where: { provider_shop_eventId: { provider: "paypal", shop: app.shop, eventId: JSON.parse(delivered[0]!.body).id } },
    });
    expect(lateEvent).toMatchObject({ processedAt: expect.any(Date), error: expect.stringContaining("Ignored: A failed payout item cannot become submitted.") });

    // Applying that fails for another reason answers 500 (PayPal retries) and keeps the error on the stored event.
    applyBehaviour = async () => {
      throw new Error("database unavailable");
    };
    delivered = [];
    await harness.control(`/__devstore/paypal/items/${paypalItemId}/status`, { environment: "sandbox", status: "REVERSED" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered[0]?.status).toBe(500);
    const failedEvent = await db.providerWebhookEvent.findFirstOrThrow({ where: { shop: app.shop, eventType: "PAYMENT.PAYOUTS-ITEM.REVERSED" } });
    expect(failedEvent).toMatchObject({ processedAt: null, error: "database unavailable" });
    applyBehaviour = null;
  });
});
