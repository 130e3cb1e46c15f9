/**
 * The endpoints of a shop are read once per shop and reused for later events (every accrual enqueues an event),
 * forgotten at once when this process changes them, and re-read after at most OUTBOUND_ENDPOINT_CACHE_TTL_MS when
 * another process (web vs jobs) changed them.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { DEVELOPMENT_ENDPOINT_POLICY } from "../../app/outbound-webhooks/endpoint-address-policy";
import { seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
const SHOP = "cache-hooks.myshopify.com";

let context: ApiTestContext;
let db: Database;

/** The real transaction, with the endpoint reads counted. */
function countingTx(tx: Parameters<Parameters<Database["$transaction"]>[0]>[0], reads: { count: number }) {
  return {
    outboundWebhookMessage: tx.outboundWebhookMessage,
    webhookEndpoint: {
      findMany: ((...args: Parameters<typeof tx.webhookEndpoint.findMany>) => {
        reads.count += 1;
        return tx.webhookEndpoint.findMany(...args);
      }) as typeof tx.webhookEndpoint.findMany,
    },
  } as unknown as typeof tx;
}

describe.skipIf(postgresUrl === null)("outbound endpoint cache (PostgreSQL)", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_hook_cache");
    db = context.db;
    await seedShopWithKey(db, SHOP);
  });
  afterAll(async () => {
    await stopApiTest(context);
  });

  it("reads a shop's endpoints once for many events, and again right after this process changes them", async () => {
    const { enqueueOutboundEvent } = await import("../../app/outbound-webhooks/enqueue-outbound-event.server");
    const { createWebhookEndpoint, setWebhookEndpointEnabled } = await import("../../app/outbound-webhooks/manage-webhook-endpoints.server");
    const transport = { policy: DEVELOPMENT_ENDPOINT_POLICY, resolve: async () => [] };
    const created = await createWebhookEndpoint(db, { shop: SHOP, actor: "staff:1", now: new Date(), url: "http://127.0.0.1:9/a", events: ["payout.created"], transport });
    if (!created.ok) throw new Error(created.errors.url);
    const reads = { count: 0 };
    const enqueue = () => db.$transaction((tx) => enqueueOutboundEvent(countingTx(tx, reads), { shop: SHOP, type: "payout.created", data: {}, now: new Date() }));
    expect(await enqueue()).toBe(1);
    expect(await enqueue()).toBe(1);
    expect(await enqueue()).toBe(1);
    expect(reads.count).toBe(1);

    await setWebhookEndpointEnabled(db, { shop: SHOP, actor: "staff:1", endpointId: created.endpoint.id, enabled: false });
    expect(await enqueue()).toBe(0);
    expect(reads.count).toBe(2);
    const second = await createWebhookEndpoint(db, { shop: SHOP, actor: "staff:1", now: new Date(), url: "http://127.0.0.1:9/b", events: ["payout.created"], transport });
    expect(second.ok).toBe(true);
    expect(await enqueue()).toBe(1);
    expect(reads.count).toBe(3);
  });

  it("sees a change made by another process within the documented bound", async () => {
    const { enqueueOutboundEvent, OUTBOUND_ENDPOINT_CACHE_TTL_MS, OutboundEndpointCache } = await import("../../app/outbound-webhooks/enqueue-outbound-event.server");
    let clock = 1_000_000;
    const cache = new OutboundEndpointCache(() => clock);
    const reads = { count: 0 };
    const enqueue = () => db.$transaction((tx) => enqueueOutboundEvent(countingTx(tx, reads), { shop: SHOP, type: "payout.created", data: {}, now: new Date() }, cache));
    const before = await enqueue();
    // Another process (no in-process invalidation here) enables every endpoint of the shop.
    await db.webhookEndpoint.updateMany({ where: { shop: SHOP }, data: { enabled: true } });
    clock += OUTBOUND_ENDPOINT_CACHE_TTL_MS - 1;
    expect(await enqueue()).toBe(before);
    clock += 1;
    expect(await enqueue()).toBe(before + 1);
    expect(reads.count).toBe(2);
  });
});
