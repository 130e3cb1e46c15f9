/**
 * Outbound webhooks end to end: an event committed with a creator change, delivered to a real HTTP endpoint on
 * 127.0.0.1, retried with backoff after a failure, logged with response codes, replayed. The signatures are
 * checked by a verifier written here from the Standard Webhooks specification (WebCrypto, not the app's signer).
 *
 * The endpoint is on loopback, which only the development address policy admits: every save and delivery here
 * passes DEVELOPMENT_ENDPOINT_POLICY explicitly, as `remix vite:dev` would. The production policy is proved to
 * refuse the same endpoints in outbound-webhooks-ssrf.integration.test.ts.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { DEVELOPMENT_ENDPOINT_POLICY } from "../../app/outbound-webhooks/endpoint-address-policy";
import { seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
const SHOP = "api-hooks.myshopify.com";
const OTHER = "api-hooks-other.myshopify.com";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let context: ApiTestContext;
let db: Database;
let key: string;
let server: Server;
let baseUrl: string;
const received: Received[] = [];
let answerWith = 200;

/**
 * Standard Webhooks verification, from the spec: the signed content is `${id}.${timestamp}.${body}`; the key is the
 * base64 part of the "whsec_" secret; the header holds space-separated "v1,<base64 HMAC-SHA256>" signatures, one of
 * which must match; the timestamp must be within 5 minutes of now.
 */
async function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string, nowSeconds: number): Promise<boolean> {
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  const signatures = String(headers["webhook-signature"] ?? "").split(" ");
  if (id === "" || !/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const keyBytes = Uint8Array.from(atob(secret.slice("whsec_".length)), (char) => char.charCodeAt(0));
  const cryptoKey = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
  const expected = btoa(String.fromCharCode(...mac));
  return signatures.some((entry) => {
    const [version, signature] = entry.split(",");
    return version === "v1" && signature === expected;
  });
}

const developmentTransport = {
  policy: DEVELOPMENT_ENDPOINT_POLICY,
  resolve: async (hostname: string) => {
    throw new Error(`This test resolves no names, only IP literals (asked for ${hostname}).`);
  },
};

async function deliver(at: Date) {
  const { deliverDueOutboundWebhooks } = await import("../../app/outbound-webhooks/deliver-outbound-webhooks.server");
  return deliverDueOutboundWebhooks(db, { now: at, addressPolicy: developmentTransport.policy, resolve: developmentTransport.resolve });
}

async function createWebhookEndpoint(input: { shop: string; actor: string; now: Date; url: string; events: Array<"creator.approved" | "creator.applied" | "commission.created" | "payout.created"> }) {
  const manage = await import("../../app/outbound-webhooks/manage-webhook-endpoints.server");
  const created = await manage.createWebhookEndpoint(db, { ...input, transport: developmentTransport });
  if (!created.ok) throw new Error(created.errors.url);
  return created.endpoint;
}

describe.skipIf(postgresUrl === null)("outbound webhooks (PostgreSQL, a real endpoint on 127.0.0.1)", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_hooks");
    db = context.db;
    key = await seedShopWithKey(db, SHOP);
    await seedShopWithKey(db, OTHER);
    for (const shop of [SHOP, OTHER]) await db.programSettings.create({ data: { shop, currency: "USD", autoCreateCodeOnApproval: false } });
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(answerWith, { "Content-Type": "text/plain" }).end(answerWith === 200 ? "ok" : "try later");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await stopApiTest(context);
  });

  it("refuses endpoint URLs that are not https (except localhost while developing) and empty event lists", async () => {
    const { buildWebhookEndpointFormSchema, webhookEndpointFormSchema } = await import("../../app/outbound-webhooks/manage-webhook-endpoints.server");
    expect(webhookEndpointFormSchema.safeParse({ url: "http://example.com/hook", events: ["creator.approved"] }).success).toBe(false);
    expect(webhookEndpointFormSchema.safeParse({ url: "https://example.com/hook", events: [] }).success).toBe(false);
    expect(webhookEndpointFormSchema.safeParse({ url: "https://example.com/hook", events: ["creator.exploded"] }).success).toBe(false);
    expect(webhookEndpointFormSchema.safeParse({ url: `${baseUrl}/hook`, events: ["creator.approved"] }).success).toBe(false);
    const developmentSchema = buildWebhookEndpointFormSchema(DEVELOPMENT_ENDPOINT_POLICY);
    expect(developmentSchema.safeParse({ url: `${baseUrl}/hook`, events: ["creator.approved"] }).success).toBe(true);
    expect(developmentSchema.safeParse({ url: "http://example.com/hook", events: ["creator.approved"] }).success).toBe(false);
  });

  it("signs, retries with backoff, logs response codes, and replays with the same webhook-id", async () => {
    const { setWebhookEndpointEnabled, listOutboundDeliveries, replayOutboundMessage } = await import("../../app/outbound-webhooks/manage-webhook-endpoints.server");
    const now = new Date();
    const endpoint = await createWebhookEndpoint({ shop: SHOP, actor: "staff:1", now, url: `${baseUrl}/approved`, events: ["creator.approved"] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await createWebhookEndpoint({ shop: SHOP, actor: "staff:1", now, url: `${baseUrl}/applied`, events: ["creator.applied"] });
    const disabled = await createWebhookEndpoint({ shop: SHOP, actor: "staff:1", now, url: `${baseUrl}/disabled`, events: ["creator.approved"] });
    await setWebhookEndpointEnabled(db, { shop: SHOP, actor: "staff:1", endpointId: disabled.id, enabled: false });
    await createWebhookEndpoint({ shop: OTHER, actor: "staff:1", now, url: `${baseUrl}/other-shop`, events: ["creator.approved"] });

    const created = await context.client.call("POST", "/creators", { key, body: { name: "Hook Creator", email: "hook@example.com", status: "approved" } });
    expect(created.status).toBe(201);
    const messages = await db.outboundWebhookMessage.findMany({ where: { eventType: "creator.approved" } });
    expect(messages.map((message) => message.endpointId)).toEqual([endpoint.id]);

    answerWith = 500;
    const firstRun = new Date();
    expect(await deliver(firstRun)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const afterFailure = await db.outboundWebhookMessage.findFirstOrThrow({ where: { shop: SHOP, endpointId: endpoint.id } });
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "The endpoint answered 500." });
    expect(afterFailure.nextAttemptAt?.getTime()).toBe(firstRun.getTime() + 5_000);
    expect(await deliver(new Date(firstRun.getTime() + 1_000))).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    answerWith = 200;
    expect(await deliver(new Date(firstRun.getTime() + 6_000))).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(received.map((delivery) => delivery.body)).toHaveLength(2);
    for (const delivery of received) {
      expect(await verifyStandardWebhook(endpoint.secret, delivery.headers, delivery.body, Math.floor(Date.now() / 1000) + 6)).toBe(true);
      expect(await verifyStandardWebhook(`whsec_${Buffer.from("not the secret").toString("base64")}`, delivery.headers, delivery.body, Math.floor(Date.now() / 1000) + 6)).toBe(false);
      expect(await verifyStandardWebhook(endpoint.secret, delivery.headers, delivery.body.replace("Hook Creator", "Evil"), Math.floor(Date.now() / 1000) + 6)).toBe(false);
    }
    const [firstDelivery, secondDelivery] = received;
    expect(firstDelivery?.headers["webhook-id"]).toBe(secondDelivery?.headers["webhook-id"]);
    expect(JSON.parse(secondDelivery?.body ?? "{}")).toMatchObject({ type: "creator.approved", data: { creatorId: created.body.id, handle: created.body.handle, status: "approved" } });

    const log = await listOutboundDeliveries(db, SHOP);
    expect(log[0]?.status).toBe("delivered");
    expect(log[0]?.attemptLog.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    expect(await listOutboundDeliveries(db, OTHER)).toHaveLength(0);

    const messageId = String(firstDelivery?.headers["webhook-id"]);
    expect(await replayOutboundMessage(db, { shop: OTHER, actor: "staff:2", messageId, now: new Date() })).toBe(false);
    expect(await replayOutboundMessage(db, { shop: SHOP, actor: "staff:1", messageId, now: new Date() })).toBe(true);
    expect(await deliver(new Date(Date.now() + 1_000))).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(received.at(-1)?.headers["webhook-id"]).toBe(messageId);
  });

  it("enqueues creator.applied when a creator applies, in the same transaction", async () => {
    const { submitCreatorApplication } = await import("../../app/services/creators/submit-creator-application.server");
    const result = await submitCreatorApplication(db, SHOP, { fields: { name: "Applicant", email: "applicant@example.com" }, answers: {} });
    expect(result.ok).toBe(true);
    const message = await db.outboundWebhookMessage.findFirstOrThrow({ where: { shop: SHOP, eventType: "creator.applied" } });
    expect(message.payload).toMatchObject({ type: "creator.applied", data: { email: "applicant@example.com", status: "applied" } });
  });

  it("enqueues commission.created with a conversion recorded through the API", async () => {
    await createWebhookEndpoint({ shop: SHOP, actor: "staff:1", now: new Date(), url: `${baseUrl}/commissions`, events: ["commission.created"] });
    const creator = await context.client.call("POST", "/creators", { key, body: { name: "Earner", email: "earner@example.com", status: "approved" } });
    const sale = await context.client.call("POST", "/conversions", {
      key,
      body: { externalOrderId: "HOOK-1", amountMinor: 3_000, currency: "USD", creatorId: creator.body.id },
      headers: { "Idempotency-Key": "hook-1" },
    });
    expect(sale.status).toBe(201);
    const message = await db.outboundWebhookMessage.findFirstOrThrow({ where: { shop: SHOP, eventType: "commission.created" } });
    expect(message.payload).toMatchObject({ type: "commission.created", data: { commissionId: sale.body.commission.id, orderId: "api:HOOK-1", netMinor: 300, status: "pending" } });
  });

  it("gives up after the last scheduled attempt, keeping the message replayable", async () => {
    const { enqueueOutboundEvent } = await import("../../app/outbound-webhooks/enqueue-outbound-event.server");
    const { MAX_ATTEMPTS } = await import("../../app/outbound-webhooks/deliver-outbound-webhooks.server");
    const start = new Date("2030-01-01T00:00:00Z");
    await createWebhookEndpoint({ shop: OTHER, actor: "staff:1", now: start, url: `${baseUrl}/payouts`, events: ["payout.created"] });
    await db.$transaction((tx) => enqueueOutboundEvent(tx, { shop: OTHER, type: "payout.created", data: { payoutId: "p1" }, now: start }));
    answerWith = 503;
    let at = start;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const message = await db.outboundWebhookMessage.findFirstOrThrow({ where: { shop: OTHER, eventType: "payout.created" } });
      at = message.nextAttemptAt ?? at;
      await deliver(at);
    }
    const message = await db.outboundWebhookMessage.findFirstOrThrow({ where: { shop: OTHER, eventType: "payout.created" } });
    expect(message).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null, lastStatusCode: 503 });
    expect(await db.outboundWebhookAttempt.count({ where: { shop: OTHER, messageId: message.id } })).toBe(MAX_ATTEMPTS);
    answerWith = 200;
  });
});
