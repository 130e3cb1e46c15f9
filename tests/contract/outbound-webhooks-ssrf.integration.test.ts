/**
 * Outbound webhooks must not become a scanner of the server's own network (SSRF): names are resolved and every
 * address checked at save time and again at delivery, the connection goes to the checked address, redirects are
 * not followed, answers are cut at 2 KB, and a hanging endpoint only delays its own lane.
 *
 * Real HTTP servers on 127.0.0.1 stand in for "something inside the network". Name resolution is injected, so a
 * name can be pointed at 127.0.0.1 the way an attacker's DNS would.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { DEVELOPMENT_ENDPOINT_POLICY, PRODUCTION_ENDPOINT_POLICY, type EndpointAddressPolicy } from "../../app/outbound-webhooks/endpoint-address-policy";
import { seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
const SHOP = "ssrf-hooks.myshopify.com";
const OTHER = "ssrf-hooks-other.myshopify.com";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

let context: ApiTestContext;
let db: Database;
let server: Server;
let port: number;
let received: Received[] = [];

/** A resolver that answers every name with 127.0.0.1 and counts the questions. */
function pointEverythingAtLoopback() {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (hostname: string) => {
      asked.push(hostname);
      return [{ address: "127.0.0.1", family: 4 as const }];
    },
  };
}

/** An endpoint saved before the checks existed (or whose DNS changed since): stored without going through them. */
async function insertEndpoint(shop: string, url: string) {
  const { forgetCachedOutboundEndpoints } = await import("../../app/outbound-webhooks/enqueue-outbound-event.server");
  forgetCachedOutboundEndpoints(shop);
  return db.webhookEndpoint.create({ data: { shop, url, events: ["payout.created"], secret: `whsec_${Buffer.from("s".repeat(24)).toString("base64")}`, createdAt: new Date() } });
}

async function enqueue(shop: string, count = 1) {
  const { enqueueOutboundEvent } = await import("../../app/outbound-webhooks/enqueue-outbound-event.server");
  for (let index = 0; index < count; index += 1) {
    await db.$transaction((tx) => enqueueOutboundEvent(tx, { shop, type: "payout.created", data: { payoutId: `p${index}` }, now: new Date(Date.now() - 60_000 + index) }));
  }
}

async function deliver(options: { policy: EndpointAddressPolicy; resolve: (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>; timeoutMs?: number }) {
  const { deliverDueOutboundWebhooks } = await import("../../app/outbound-webhooks/deliver-outbound-webhooks.server");
  return deliverDueOutboundWebhooks(db, { now: new Date(), addressPolicy: options.policy, resolve: options.resolve, timeoutMs: options.timeoutMs });
}

async function lastAttempt(shop: string) {
  return db.outboundWebhookAttempt.findFirstOrThrow({ where: { shop }, orderBy: { attemptedAt: "desc" } });
}

describe.skipIf(postgresUrl === null)("outbound webhooks refuse the server's own network (PostgreSQL, endpoints on 127.0.0.1)", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_ssrf");
    db = context.db;
    for (const shop of [SHOP, OTHER]) {
      await seedShopWithKey(db, shop);
      await db.programSettings.create({ data: { shop, currency: "USD", autoCreateCodeOnApproval: false } });
    }
    server = createServer((request, response) => {
      received.push({ path: request.url ?? "", headers: request.headers, at: Date.now() });
      request.resume();
      if (request.url === "/slow") return; // never answers: a tarpit
      if (request.url === "/big") {
        response.writeHead(200, { "Content-Type": "text/plain" });
        response.end("x".repeat(1_000_000));
        return;
      }
      if (request.url === "/redirect") {
        response.writeHead(302, { Location: `http://127.0.0.1:${port}/ok` }).end();
        return;
      }
      response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await stopApiTest(context);
  });
  beforeEach(async () => {
    received = [];
    await db.outboundWebhookAttempt.deleteMany({});
    await db.outboundWebhookMessage.deleteMany({});
    await db.webhookEndpoint.deleteMany({});
  });

  it("refuses at save time a URL whose name resolves to 127.0.0.1, naming the url field", async () => {
    const { createWebhookEndpoint } = await import("../../app/outbound-webhooks/manage-webhook-endpoints.server");
    const dns = pointEverythingAtLoopback();
    const created = await createWebhookEndpoint(db, {
      shop: SHOP,
      actor: "staff:1",
      now: new Date(),
      url: "https://hooks.attacker.example/hook",
      events: ["payout.created"],
      transport: { policy: PRODUCTION_ENDPOINT_POLICY, resolve: dns.resolve },
    });
    expect(created).toEqual({ ok: false, errors: { url: expect.stringContaining("loopback") } });
    expect(JSON.stringify(created)).not.toContain("127.0.0.1");
    expect(dns.asked).toEqual(["hooks.attacker.example"]);
    expect(await db.webhookEndpoint.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("refuses at save time internal addresses written as IP literals, in any notation", async () => {
    const { buildWebhookEndpointFormSchema } = await import("../../app/outbound-webhooks/manage-webhook-endpoints.server");
    const schema = buildWebhookEndpointFormSchema(PRODUCTION_ENDPOINT_POLICY);
    for (const url of ["http://127.0.0.1:6379/", "https://127.0.0.1/", "https://[::1]/", "http://2130706433:6379/", "https://2130706433:6379/", "https://169.254.169.254/latest/meta-data/", "https://10.1.2.3/", "https://100.64.0.1/", "https://[::ffff:127.0.0.1]/", "https://localhost/"]) {
      const parsed = schema.safeParse({ url, events: ["payout.created"] });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues[0]?.path, url).toEqual(["url"]);
    }
    expect(schema.safeParse({ url: "https://hooks.example.com/affable", events: ["payout.created"] }).success).toBe(true);
  });

  it("delivery refuses a name that now resolves to 127.0.0.1 (DNS changed after save) and sends nothing", async () => {
    await insertEndpoint(SHOP, `https://hooks.attacker.example:${port}/ok`);
    await enqueue(SHOP);
    const dns = pointEverythingAtLoopback();
    expect(await deliver({ policy: PRODUCTION_ENDPOINT_POLICY, resolve: dns.resolve })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(received).toEqual([]);
    const attempt = await lastAttempt(SHOP);
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/loopback/);
    expect(attempt.error, "the resolved address is not shown: it would map the internal DNS").not.toContain("127.0.0.1");
  });

  it("delivery under the production policy refuses a stored plain-http localhost URL and sends nothing", async () => {
    await insertEndpoint(SHOP, `http://localhost:${port}/ok`);
    await enqueue(SHOP);
    const dns = pointEverythingAtLoopback();
    expect(await deliver({ policy: PRODUCTION_ENDPOINT_POLICY, resolve: dns.resolve })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(received).toEqual([]);
    expect((await lastAttempt(SHOP)).error).toMatch(/Refused/);
  });

  it("connects to the address it checked, with the name in the Host header, resolving once", async () => {
    await insertEndpoint(SHOP, `http://hooks.localhost:${port}/ok`);
    await enqueue(SHOP);
    const dns = pointEverythingAtLoopback();
    expect(await deliver({ policy: DEVELOPMENT_ENDPOINT_POLICY, resolve: dns.resolve })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(dns.asked).toEqual(["hooks.localhost"]);
    expect(received.map((request) => [request.path, request.headers.host])).toEqual([["/ok", `hooks.localhost:${port}`]]);
  });

  it("does not follow redirects and keeps at most 2 KB of an answer", async () => {
    await insertEndpoint(SHOP, `http://127.0.0.1:${port}/redirect`);
    await insertEndpoint(OTHER, `http://127.0.0.1:${port}/big`);
    await enqueue(SHOP);
    await enqueue(OTHER);
    const dns = pointEverythingAtLoopback();
    expect(await deliver({ policy: DEVELOPMENT_ENDPOINT_POLICY, resolve: dns.resolve })).toEqual({ delivered: 1, retrying: 1, failed: 0 });
    expect(received.map((request) => request.path).sort()).toEqual(["/big", "/redirect"]);
    const redirectAttempt = await lastAttempt(SHOP);
    expect(redirectAttempt.statusCode).toBe(302);
    const bigAttempt = await lastAttempt(OTHER);
    expect(bigAttempt.statusCode).toBe(200);
    expect(bigAttempt.responseBody?.length).toBeLessThanOrEqual(2_048);
    expect(bigAttempt.responseBody?.length).toBeGreaterThan(0);
  });

  it("an endpoint that never answers delays only its own messages, and times out", async () => {
    await insertEndpoint(SHOP, `http://127.0.0.1:${port}/slow`);
    await enqueue(SHOP, 3); // older than the other shop's message: first in line under one global queue
    await insertEndpoint(OTHER, `http://127.0.0.1:${port}/ok`);
    await enqueue(OTHER);
    const dns = pointEverythingAtLoopback();
    const started = Date.now();
    const report = await deliver({ policy: DEVELOPMENT_ENDPOINT_POLICY, resolve: dns.resolve, timeoutMs: 1_500 });
    expect(report).toEqual({ delivered: 1, retrying: 3, failed: 0 });
    const fast = received.find((request) => request.path === "/ok");
    expect(fast, "the healthy endpoint was called").toBeDefined();
    expect((fast?.at ?? Infinity) - started).toBeLessThan(1_000);
    const slowAttempts = await db.outboundWebhookAttempt.findMany({ where: { shop: SHOP } });
    expect(slowAttempts).toHaveLength(3);
    for (const attempt of slowAttempts) expect(attempt.error).toMatch(/timeout|aborted/i);
  });
});
