import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Database } from "../db.server";
import { insertWebhookEvent } from "../repositories/webhook-event-repository.server";
import { replayWebhookEvent } from "../services/sync/replay-webhook-event.server";
import { createMigratedDatabase } from "../../tests/support/app-test-harness";
import { readWebhookFixture, useTestAppEnvironment } from "../../tests/support/webhook-requests";
import { definePreparedHandler, PermanentWebhookError, type WebhookHandlerRegistry } from "./handlers/types";
import { processDueWebhookEvents, webhookRetryDelayMs } from "./process-webhook-events.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "inbox.myshopify.com";
const NOW = new Date("2026-11-20T18:00:00Z");
const MINUTE = 60_000;
let db: Database;

async function storeOrderPaid(shop = SHOP, receivedAt = NOW) {
  const webhookId = randomUUID();
  await insertWebhookEvent(db, {
    shop,
    topic: "ORDERS_PAID",
    topicRaw: "orders/paid",
    webhookId,
    eventId: randomUUID(),
    apiVersion: "2026-10",
    triggeredAt: receivedAt,
    receivedAt,
    payload: readWebhookFixture("orders-paid") as never,
    rawBody: null,
    payloadHash: "test",
    status: "received",
    lastError: null,
  });
  return db.webhookEvent.findFirstOrThrow({ where: { shop, webhookId } });
}

describe.skipIf(postgresUrl === null)("webhook processor on PostgreSQL", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "webhook_processor");
    db = created.db;
    // The app's environment (orders hash customer emails with a key derived from the app secret).
    useTestAppEnvironment(created.url, "test-secret");
  });
  afterAll(async () => db?.$disconnect());
  beforeEach(async () => {
    await db.webhookEvent.deleteMany({ where: { shop: { in: [SHOP, "other.myshopify.com"] } } });
  });

  it("runs the topic's handler once with the typed payload and marks the event processed", async () => {
    const event = await storeOrderPaid();
    const seen: string[] = [];
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: async (_tx, claimed) => {
        seen.push(`${claimed.payload.admin_graphql_api_id} ${claimed.payload.line_items.length}`);
        return { note: "counted" };
      },
    };
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers })).toMatchObject({ claimed: 1, processed: 1 });
    expect(seen).toEqual(["gid://shopify/Order/820982911946154508 2"]);
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } });
    expect(stored).toMatchObject({ status: "processed", attempts: 1, processedAt: NOW, nextAttemptAt: null, resultNote: "counted" });
    expect(await processDueWebhookEvents(db, new Date(NOW.getTime() + 60 * MINUTE), 10, { handlers })).toMatchObject({ claimed: 0 });
    expect(seen).toHaveLength(1);
  });

  it("hands back the claimed events it has not started when the process is stopping, due again with their attempt", async () => {
    const events = [];
    for (const msEarlier of [3, 2, 1]) events.push(await storeOrderPaid(SHOP, new Date(NOW.getTime() - msEarlier)));
    let handled = 0;
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: async () => {
        handled += 1;
        return { note: "handled" };
      },
    };
    const stopping = processDueWebhookEvents(db, NOW, 10, { handlers, shouldStop: () => handled >= 1 });
    expect(await stopping).toMatchObject({ claimed: 3, processed: 1, released: 2 });
    const rows = await db.webhookEvent.findMany({ where: { shop: SHOP, id: { in: events.map((event) => event.id) } } });
    // A claimed batch is handled in the order the claim returns it; whichever ran first, the other two were handed back.
    const summarized = rows
      .map((row) => [row.status, row.attempts, row.status === "processing" ? row.nextAttemptAt : null] as const)
      .sort((a, b) => a[0].localeCompare(b[0]));
    expect(summarized).toEqual([["processed", 1, null], ["processing", 0, NOW], ["processing", 0, NOW]]);
    // The next run, in this process or another, takes them at once rather than after the lease.
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers })).toMatchObject({ claimed: 2, processed: 2 });
    expect(handled).toBe(3);
  });

  it("leaves topics without a handler `received`, and processes their backlog once a handler is registered", async () => {
    const event = await storeOrderPaid();
    const withoutOrdersPaid: WebhookHandlerRegistry = { APP_UNINSTALLED: async () => undefined };
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers: withoutOrdersPaid })).toMatchObject({ claimed: 0 });
    expect((await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } })).status).toBe("received");
    const withOrdersPaid: WebhookHandlerRegistry = { ...withoutOrdersPaid, ORDERS_PAID: async () => ({ note: "handled" }) };
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers: withOrdersPaid })).toMatchObject({ claimed: 1, processed: 1 });
  });

  it("fails a permanent error at once, without retries, saying it was not retried", async () => {
    const event = await storeOrderPaid();
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: async () => {
        throw new PermanentWebhookError("The program's amounts are in EUR; the order is in USD.");
      },
    };
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers, maxAttempts: 5 })).toMatchObject({ claimed: 1, failed: 1 });
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } });
    expect(stored).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: null });
    expect(stored.lastError).toMatch(/^Not retried .*amounts are in EUR.*Replay it from Sync health/);
  });

  it("runs a handler's prepare step before the transaction and hands its result to the handler", async () => {
    const event = await storeOrderPaid();
    const seen: unknown[] = [];
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: definePreparedHandler<"ORDERS_PAID", { admin: string }>({
        prepare: async (claimed, _now, context) => {
          const admin = await context.admin(claimed.shop);
          return { admin: String((admin as unknown as { name: string }).name) };
        },
        handle: async (_tx, _claimed, _now, prepared) => {
          seen.push(prepared);
          return { note: `prepared by ${prepared.admin}` };
        },
      }),
    };
    const shopifyAdmin = async (shop: string) => ({ name: `admin for ${shop}`, graphql: async () => new Response("{}") });
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers, shopifyAdmin })).toMatchObject({ processed: 1 });
    expect(seen).toEqual([{ admin: `admin for ${SHOP}` }]);
    expect((await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } })).resultNote).toBe(`prepared by admin for ${SHOP}`);
  });

  it("counts a failing prepare step as a failed attempt and retries it", async () => {
    const event = await storeOrderPaid();
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: definePreparedHandler<"ORDERS_PAID", null>({
        prepare: async () => {
          throw new Error("Shopify did not answer the edited order query: timeout. Try again in a minute.");
        },
        handle: async () => ({ note: "never" }),
      }),
    };
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers })).toMatchObject({ claimed: 1, retrying: 1 });
    const stored = await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } });
    expect(stored).toMatchObject({ status: "failed", attempts: 1 });
    expect(stored.lastError).toContain("Shopify did not answer");
    expect(stored.nextAttemptAt?.getTime()).toBe(NOW.getTime() + webhookRetryDelayMs(1));
  });

  it("retries a failing handler with exponential backoff, then gives up; a replay (audited) runs it again", async () => {
    const event = await storeOrderPaid();
    let failing = true;
    let calls = 0;
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: async () => {
        calls += 1;
        if (failing) throw new Error("Admin API unavailable");
      },
    };
    const read = () => db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } });

    expect(await processDueWebhookEvents(db, NOW, 10, { handlers, maxAttempts: 3 })).toMatchObject({ claimed: 1, retrying: 1 });
    expect(await read()).toMatchObject({
      status: "failed",
      attempts: 1,
      nextAttemptAt: new Date(NOW.getTime() + webhookRetryDelayMs(1)),
      lastError: "Attempt 1 of 3: Admin API unavailable",
    });
    // Not due yet: nothing is claimed before the backoff has passed.
    expect(await processDueWebhookEvents(db, new Date(NOW.getTime() + 30_000), 10, { handlers, maxAttempts: 3 })).toMatchObject({ claimed: 0 });

    const second = new Date(NOW.getTime() + webhookRetryDelayMs(1));
    expect(await processDueWebhookEvents(db, second, 10, { handlers, maxAttempts: 3 })).toMatchObject({ retrying: 1 });
    expect(webhookRetryDelayMs(2)).toBe(2 * webhookRetryDelayMs(1));
    expect((await read()).nextAttemptAt).toEqual(new Date(second.getTime() + webhookRetryDelayMs(2)));

    const third = new Date(second.getTime() + webhookRetryDelayMs(2));
    expect(await processDueWebhookEvents(db, third, 10, { handlers, maxAttempts: 3 })).toMatchObject({ failed: 1 });
    expect(await read()).toMatchObject({ status: "failed", attempts: 3, nextAttemptAt: null, lastError: "Attempt 3 of 3: Admin API unavailable" });
    expect(await processDueWebhookEvents(db, new Date(third.getTime() + 24 * 60 * MINUTE), 10, { handlers, maxAttempts: 3 })).toMatchObject({ claimed: 0 });
    expect(calls).toBe(3);

    await expect(replayWebhookEvent(db, "other.myshopify.com", event.id, "staff:1", "fixed", third)).rejects.toThrow(/does not exist in this shop/);
    await expect(replayWebhookEvent(db, SHOP, event.id, "staff:1", "  ", third)).rejects.toThrow(/Say why/);
    await replayWebhookEvent(db, SHOP, event.id, "staff:1", "Admin API is back", third);
    expect(await read()).toMatchObject({ status: "received", attempts: 0, lastError: null });
    const [audit] = await db.auditEvent.findMany({ where: { shop: SHOP, subjectType: "webhook_event", subjectId: event.id } });
    expect(audit).toMatchObject({ actor: "staff:1", action: "webhook_event.replayed", reason: "Admin API is back" });
    expect(audit?.details).toMatchObject({ fromStatus: "failed", attempts: 3, lastError: "Attempt 3 of 3: Admin API unavailable" });

    failing = false;
    expect(await processDueWebhookEvents(db, third, 10, { handlers, maxAttempts: 3 })).toMatchObject({ processed: 1 });
    expect(await read()).toMatchObject({ status: "processed", attempts: 1 });
  });

  it("rolls back a handler's writes when its attempt fails", async () => {
    const event = await storeOrderPaid();
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: async (tx, claimed) => {
        await tx.auditEvent.create({ data: { shop: claimed.shop, actor: "webhook", action: "half.done", subjectType: "test", subjectId: claimed.id } });
        throw new Error("boom after writing");
      },
    };
    expect(await processDueWebhookEvents(db, NOW, 10, { handlers })).toMatchObject({ retrying: 1 });
    expect(await db.auditEvent.count({ where: { shop: SHOP, subjectId: event.id, action: "half.done" } })).toBe(0);
  });

  it("reclaims an event left `processing` by a crashed run once its lease has passed, and not before", async () => {
    const event = await storeOrderPaid();
    // A run claimed it (attempt 1, lease until NOW + 2 min) and died before finishing.
    await db.webhookEvent.updateMany({ where: { id: event.id, shop: SHOP }, data: { status: "processing", attempts: 1, nextAttemptAt: new Date(NOW.getTime() + 2 * MINUTE) } });
    let calls = 0;
    const handlers: WebhookHandlerRegistry = { ORDERS_PAID: async () => void (calls += 1) };

    expect(await processDueWebhookEvents(db, new Date(NOW.getTime() + MINUTE), 10, { handlers })).toMatchObject({ claimed: 0 });
    expect(await processDueWebhookEvents(db, new Date(NOW.getTime() + 2 * MINUTE + 1), 10, { handlers })).toMatchObject({ claimed: 1, processed: 1 });
    expect(calls).toBe(1);
    expect(await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } })).toMatchObject({ status: "processed", attempts: 2 });
  });

  it("fails an event whose every attempt died mid-way, instead of leaving it `processing` forever", async () => {
    const event = await storeOrderPaid();
    await db.webhookEvent.updateMany({ where: { id: event.id, shop: SHOP }, data: { status: "processing", attempts: 5, nextAttemptAt: NOW } });
    const handlers: WebhookHandlerRegistry = { ORDERS_PAID: async () => undefined };
    expect(await processDueWebhookEvents(db, new Date(NOW.getTime() + 1), 10, { handlers })).toMatchObject({ claimed: 0, abandoned: 1 });
    expect(await db.webhookEvent.findFirstOrThrow({ where: { id: event.id, shop: SHOP } })).toMatchObject({ status: "failed", nextAttemptAt: null });
  });

  it("never lets two processors running at once handle one event twice", async () => {
    const events = [];
    for (let index = 0; index < 30; index += 1) events.push(await storeOrderPaid(index % 2 === 0 ? SHOP : "other.myshopify.com"));
    const calls = new Map<string, number>();
    const handlers: WebhookHandlerRegistry = {
      ORDERS_PAID: async (_tx, claimed) => {
        calls.set(claimed.id, (calls.get(claimed.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    };
    const claimedBy: [number, number] = [0, 0];
    const drain = async (worker: 0 | 1) => {
      for (;;) {
        const summary = await processDueWebhookEvents(db, NOW, 4, { handlers });
        claimedBy[worker] += summary.claimed;
        if (summary.claimed === 0) return;
      }
    };
    await Promise.all([drain(0), drain(1)]);

    expect(calls.size).toBe(30);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(claimedBy[0] + claimedBy[1]).toBe(30);
    expect(claimedBy.every((count) => count > 0)).toBe(true);
    expect(await db.webhookEvent.count({ where: { shop: { in: [SHOP, "other.myshopify.com"] }, status: "processed", attempts: 1 } })).toBe(30);
  });
});
