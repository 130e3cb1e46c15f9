import { afterEach, describe, expect, it } from "vitest";
import { API_VERSION, SHOP_DOMAIN } from "../config.ts";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/start-webhook-receiver.ts";
import { MAX_TRIES, RETRY_DELAYS_MS, countTriesInSeries, type WebhookDeliverer } from "./create-webhook-deliverer.ts";
import { signWebhookBody } from "./sign-webhook-body.ts";

const CONTROL = "http://localhost:4000/__devstore";
const opened: { devstore: TestDevstore; receiver: WebhookReceiver }[] = [];

afterEach(async () => {
  for (const { devstore, receiver } of opened.splice(0)) {
    await devstore.context.webhooks?.close();
    await receiver.close();
    devstore.cleanup();
  }
});

/** A devstore delivering to a fresh receiver; the whole retry schedule scaled to ~150 ms unless told. */
async function setUp(options: { retryScale?: number; timeoutMs?: number; hangMs?: number } = {}) {
  const receiver = await startWebhookReceiver(TEST_APP.apiSecret, options.hangMs);
  const log: string[] = [];
  const devstore = createTestDevstore({
    webhooks: { appUrl: receiver.url, retryScale: options.retryScale ?? 1e-5, timeoutMs: options.timeoutMs, log: (line) => log.push(line) },
  });
  opened.push({ devstore, receiver });
  const webhooks = devstore.context.webhooks as WebhookDeliverer;
  const control = (path: string, body?: unknown) =>
    devstore.app.request(`${CONTROL}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { devstore, receiver, webhooks, log, control };
}

function deliveries(devstore: TestDevstore) {
  return devstore.context.state.read().webhookDeliveries;
}

describe("webhook delivery", () => {
  it("POSTs to {appUrl}{uri} with Shopify's headers and an HMAC of the exact body bytes", async () => {
    const { devstore, receiver, webhooks, control } = await setUp();
    const payload = { id: 820982911946154500, note: "café ✓ <b>", total_price: "24.00" };
    const sent = await control("/webhooks/send", { topic: "orders/paid", payload });
    expect(sent.status).toBe(202);
    await webhooks.idle();

    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received;
    const [record] = deliveries(devstore);
    if (!hit || !record) throw new Error("nothing delivered");
    expect(hit.path).toBe("/webhooks/orders/paid");
    expect(hit.hmacValid).toBe(true);
    expect(hit.body).toBe(JSON.stringify(payload));
    expect(hit.headers["x-shopify-hmac-sha256"]).toBe(signWebhookBody(hit.body, TEST_APP.apiSecret));
    expect(hit.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "orders/paid",
      "x-shopify-shop-domain": SHOP_DOMAIN,
      "x-shopify-api-version": API_VERSION,
      "x-shopify-webhook-id": record.webhookId,
      "x-shopify-event-id": record.eventId,
      "x-shopify-triggered-at": record.triggeredAt,
    });
    expect(record.webhookId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record).toMatchObject({ topic: "orders/paid", status: "delivered", nextAttemptAt: null, body: hit.body });
    expect(record.attempts).toEqual([expect.objectContaining({ status: 200, error: null, trigger: "initial" })]);

    // Another secret gives another signature: the receiver's check is a real one.
    expect(signWebhookBody(hit.body, "another-secret")).not.toBe(hit.headers["x-shopify-hmac-sha256"]);

    const listed = (await (await control("/webhooks")).json()) as { deliveries: { id: number }[]; subscriptions: unknown[] };
    expect(listed.deliveries.map((delivery) => delivery.id)).toEqual([record.id]);
    expect(listed.subscriptions.length).toBeGreaterThan(5);
  });

  it("retries a 500 with exponential backoff, then records the 200", async () => {
    const { devstore, receiver, webhooks, log } = await setUp({ retryScale: 1e-4 });
    receiver.answerWith(500, 503);
    webhooks.deliver({ topic: "orders/create", payload: { id: 1 } });
    await webhooks.idle();

    expect(receiver.received.map((hit) => hit.answered)).toEqual([500, 503, 200]);
    const ids = new Set(receiver.received.map((hit) => hit.headers["x-shopify-webhook-id"]));
    expect(ids.size).toBe(1);
    const [record] = deliveries(devstore);
    expect(record?.status).toBe("delivered");
    expect(record?.attempts.map((attempt) => [attempt.status, attempt.trigger])).toEqual([
      [500, "initial"],
      [503, "retry"],
      [200, "retry"],
    ]);
    expect(record?.attempts[0]?.error).toContain("answered 500");
    // 2 minutes, then 4, scaled by 1e-4.
    const waits = log.map((line) => /in (\d+) ms/.exec(line)?.[1]).filter((wait) => wait !== undefined);
    expect(waits).toEqual([String(RETRY_DELAYS_MS[0]! * 1e-4), String(RETRY_DELAYS_MS[1]! * 1e-4)]);
  });

  it("follows Shopify's schedule: 8 tries over about 4 hours", () => {
    expect(MAX_TRIES).toBe(8);
    expect(RETRY_DELAYS_MS).toHaveLength(MAX_TRIES - 1);
    const total = RETRY_DELAYS_MS.reduce((sum, wait) => sum + wait, 0);
    expect(total / 3_600_000).toBeGreaterThan(3.5);
    expect(total / 3_600_000).toBeLessThan(4.5);
    expect(countTriesInSeries([{ trigger: "initial" }, { trigger: "duplicate" }, { trigger: "retry" }])).toBe(2);
    expect(countTriesInSeries([{ trigger: "initial" }, { trigger: "retry" }, { trigger: "redeliver" }, { trigger: "retry" }])).toBe(2);
  });

  it("gives up after the maximum number of tries and says so", async () => {
    const { devstore, receiver, webhooks, log } = await setUp();
    receiver.answerWith(...Array.from({ length: MAX_TRIES + 2 }, () => 500));
    webhooks.deliver({ topic: "orders/cancelled", payload: { id: 2 } });
    await webhooks.idle();

    expect(receiver.received).toHaveLength(MAX_TRIES);
    const [record] = deliveries(devstore);
    expect(record).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(record?.attempts).toHaveLength(MAX_TRIES);
    expect(log.at(-1)).toMatch(/failed 8 times; giving up/);
  });

  it("counts no answer within the timeout as a failure and retries", async () => {
    const { devstore, receiver, webhooks } = await setUp({ timeoutMs: 50, hangMs: 300 });
    receiver.answerWith("hang");
    webhooks.deliver({ topic: "orders/updated", payload: { id: 3 } });
    await webhooks.idle();

    const [record] = deliveries(devstore);
    expect(record?.status).toBe("delivered");
    expect(record?.attempts[0]).toMatchObject({ status: null, trigger: "initial" });
    expect(record?.attempts[0]?.error).toMatch(/No answer within 0.05 s/);
    expect(record?.attempts[1]).toMatchObject({ status: 200, trigger: "retry" });
  });

  it("records a refused connection as a failed try with a hint", async () => {
    const { devstore, receiver, webhooks } = await setUp({ retryScale: 1 });
    await receiver.close();
    webhooks.deliver({ topic: "orders/create", payload: {} });
    // The first try fails fast; the retry waits 2 minutes, which close() cancels.
    for (let wait = 0; wait < 200 && (deliveries(devstore)[0]?.attempts.length ?? 0) === 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [record] = deliveries(devstore);
    expect(record?.status).toBe("pending");
    expect(record?.attempts[0]?.error).toMatch(/ECONNREFUSED/);
    expect(Date.parse(record?.nextAttemptAt ?? "") - devstore.clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);
    await webhooks.close();
    await expect(webhooks.idle(100)).resolves.toBeUndefined();
  });

  it("does not deliver a topic the app does not subscribe to, and says which ones it does", async () => {
    const { receiver, webhooks, control } = await setUp();
    const response = await control("/webhooks/send", { topic: "products/update", payload: {} });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/does not subscribe to products\/update.*orders\/paid/);
    expect(webhooks.deliver({ topic: "products/update", payload: {} })).toBeNull();
    expect(receiver.received).toHaveLength(0);
  });

  it("redelivers a recorded webhook with the same webhook id", async () => {
    const { devstore, receiver, webhooks, control } = await setUp();
    webhooks.deliver({ topic: "refunds/create", payload: { id: 4 } });
    await webhooks.idle();
    const id = deliveries(devstore)[0]?.id;
    const response = await control(`/webhooks/${id}/redeliver`, {});
    expect(response.status).toBe(202);
    await webhooks.idle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers["x-shopify-webhook-id"]).toBe(receiver.received[0]?.headers["x-shopify-webhook-id"]);
    expect(deliveries(devstore)[0]?.attempts.map((attempt) => attempt.trigger)).toEqual(["initial", "redeliver"]);
    expect((await control("/webhooks/999/redeliver", {})).status).toBe(404);
  });
});

describe("the chaos switch", () => {
  async function duplicatedPayloads(seed: number): Promise<number[]> {
    const { receiver, webhooks, control } = await setUp();
    expect((await control("/webhooks/chaos", { duplicate: 0.5, seed })).status).toBe(200);
    for (let n = 0; n < 8; n += 1) webhooks.deliver({ topic: "orders/paid", payload: { n } });
    await webhooks.idle();
    const counts = new Map<number, number>();
    for (const hit of receiver.received) {
      const { n } = JSON.parse(hit.body) as { n: number };
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    // A duplicate repeats the webhook id and the event id.
    const byWebhookId = new Map<string, Set<string>>();
    for (const hit of receiver.received) {
      const webhookId = String(hit.headers["x-shopify-webhook-id"]);
      byWebhookId.set(webhookId, (byWebhookId.get(webhookId) ?? new Set()).add(String(hit.headers["x-shopify-event-id"])));
    }
    expect(byWebhookId.size).toBe(8);
    for (const events of byWebhookId.values()) expect(events.size).toBe(1);
    return [...counts].filter(([, count]) => count === 2).map(([n]) => n).sort((a, b) => a - b);
  }

  it("duplicates the same deliveries for the same seed", async () => {
    const first = await duplicatedPayloads(42);
    const second = await duplicatedPayloads(42);
    expect(first).toEqual(second);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(8);
  });

  it("duplicates every delivery at 1, recorded as duplicate tries that settle nothing", async () => {
    const { devstore, receiver, webhooks } = await setUp();
    webhooks.setChaos({ topic: "orders/paid", duplicate: 1 });
    webhooks.deliver({ topic: "orders/paid", payload: { n: 1 } });
    webhooks.deliver({ topic: "orders/create", payload: { n: 2 } });
    await webhooks.idle();
    expect(receiver.received.map((hit) => hit.headers["x-shopify-topic"]).sort()).toEqual(["orders/create", "orders/paid", "orders/paid"]);
    const paid = deliveries(devstore).find((delivery) => delivery.topic === "orders/paid");
    expect(paid?.attempts.map((attempt) => attempt.trigger)).toEqual(["initial", "duplicate"]);
    expect(paid?.status).toBe("delivered");
  });

  async function arrivalOrder(seed: number): Promise<number[]> {
    const { receiver, webhooks, control } = await setUp();
    expect((await control("/webhooks/chaos", { reorderWindow: 6, seed })).status).toBe(200);
    for (let n = 0; n < 6; n += 1) webhooks.deliver({ topic: "orders/updated", payload: { n } });
    await webhooks.idle();
    return receiver.received.map((hit) => (JSON.parse(hit.body) as { n: number }).n);
  }

  it("reorders a window of deliveries, the same way for the same seed", async () => {
    const first = await arrivalOrder(7);
    const second = await arrivalOrder(7);
    expect(first).toEqual(second);
    expect([...first].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(first).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("sends a partial reorder window after a short wait, and holds deliveries for delayMs", async () => {
    const { receiver, webhooks } = await setUp();
    webhooks.setChaos({ reorderWindow: 10, delayMs: 40, seed: 1 });
    const started = performance.now();
    webhooks.deliver({ topic: "orders/paid", payload: { n: 1 } });
    webhooks.deliver({ topic: "orders/paid", payload: { n: 2 } });
    await webhooks.idle();
    expect(receiver.received).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
  });

  it("rejects chaos settings out of range", async () => {
    const { control } = await setUp();
    const response = await control("/webhooks/chaos", { duplicate: 2 });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/duplicate/);
  });
});
