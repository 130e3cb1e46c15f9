/**
 * The creators endpoints and the request pipeline every endpoint shares (auth, scopes, shop isolation, body
 * limits, validation, idempotency, rate limits), through the real route modules and PostgreSQL, every response
 * checked against the served OpenAPI document.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createKey, seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
const SHOP_A = "api-a.myshopify.com";
const SHOP_B = "api-b.myshopify.com";
let context: ApiTestContext;
let keyA: string;
let readKeyA: string;
let keyB: string;

function newCreator(overrides: Record<string, unknown> = {}) {
  const id = randomUUID().slice(0, 8);
  return { name: `Maya ${id}`, email: `maya-${id}@example.com`, ...overrides };
}

describe.skipIf(postgresUrl === null)("public API: creators and the shared pipeline (PostgreSQL)", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_creators");
    keyA = await seedShopWithKey(context.db, SHOP_A);
    readKeyA = await createKey(context.db, SHOP_A, "read");
    keyB = await seedShopWithKey(context.db, SHOP_B);
    // The program does not create codes on approval here: these tests do not reach Shopify.
    for (const shop of [SHOP_A, SHOP_B]) {
      await context.db.programSettings.create({ data: { shop, currency: "USD", autoCreateCodeOnApproval: false } });
    }
  });
  afterAll(() => stopApiTest(context));

  it("creates a creator with the admin's rules and reads it back", async () => {
    const { client } = context;
    const created = await client.call("POST", "/creators", {
      key: keyA,
      body: newCreator({ status: "approved", socialHandles: { instagram: "@maya" }, commission: { type: "flat", amountMinor: 550 } }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "approved", socialHandles: { instagram: "maya" }, commission: { type: "flat", amountMinor: 550, currency: "USD" } });
    expect(created.body.approvedAt).not.toBeNull();
    const read = await client.call("GET", `/creators/${created.body.id}`, { key: readKeyA });
    expect(read.status).toBe(200);
    expect(read.body.email).toBe(created.body.email);
    const audit = await context.db.auditEvent.findFirstOrThrow({ where: { shop: SHOP_A, subjectId: created.body.id, action: "creator.created" } });
    expect(audit.actor).toMatch(/^api:/);
  });

  it("answers 422 naming each refused field, in the API's field names", async () => {
    const { client } = context;
    const wrongType = await client.call("POST", "/creators", { key: keyA, body: { name: 42, email: "x@example.com" } });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.errors).toEqual([expect.objectContaining({ field: "name" })]);
    const badDomain = await client.call("POST", "/creators", { key: keyA, body: newCreator({ email: "not-an-email", commission: { type: "percentage", basisPoints: 20_000 } }) });
    expect(badDomain.status).toBe(422);
    expect(badDomain.body.errors.map((error: { field: string }) => error.field)).toEqual(["commission.basisPoints"]);
    const domain = await client.call("POST", "/creators", { key: keyA, body: newCreator({ email: "not-an-email" }) });
    expect(domain.status).toBe(422);
    expect(domain.body.errors).toEqual([{ field: "email", message: "Enter a valid email address, like name@example.com." }]);
    const unknown = await client.call("POST", "/creators", { key: keyA, body: newCreator({ nickname: "m" }) });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("body");
  });

  it("refuses a duplicate email with 422 on email, as the admin does", async () => {
    const body = newCreator();
    expect((await context.client.call("POST", "/creators", { key: keyA, body })).status).toBe(201);
    const again = await context.client.call("POST", "/creators", { key: keyA, body: { ...body, name: "Someone else" } });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].field).toBe("email");
  });

  it("patches only the fields sent and moves status through the transition table", async () => {
    const { client } = context;
    const created = await client.call("POST", "/creators", { key: keyA, body: newCreator({ notes: "met at a fair", commission: { type: "percentage", basisPoints: 1250 } }) });
    const id = created.body.id as string;
    const patched = await client.call("PATCH", `/creators/${id}`, { key: keyA, body: { payoutEmail: "pay@example.com", status: "approved" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ payoutEmail: "pay@example.com", notes: "met at a fair", status: "approved", commission: { type: "percentage", basisPoints: 1250 } });
    const rejectWithoutReason = await client.call("PATCH", `/creators/${id}`, { key: keyA, body: { status: "rejected" } });
    expect(rejectWithoutReason.status).toBe(422);
    expect(rejectWithoutReason.body.errors[0].field).toBe("reason");
    const missing = await client.call("PATCH", "/creators/nope", { key: keyA, body: { name: "x" } });
    expect(missing.status).toBe(404);
  });

  it("lists creators newest first with a cursor, filtered by status", async () => {
    const { client } = context;
    for (let index = 0; index < 3; index += 1) await client.call("POST", "/creators", { key: keyB, body: newCreator({ status: "approved" }) });
    await client.call("POST", "/creators", { key: keyB, body: newCreator() });
    const first = await client.call("GET", "/creators?status=approved&limit=2", { key: keyB });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await client.call("GET", `/creators?status=approved&limit=2&cursor=${first.body.nextCursor}`, { key: keyB });
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.data, ...second.body.data].map((creator: { id: string }) => creator.id);
    expect(new Set(ids).size).toBe(3);
    const badLimit = await client.call("GET", "/creators?limit=500", { key: keyB });
    expect(badLimit.status).toBe(422);
    expect(badLimit.body.errors[0].field).toBe("limit");
    const badCursor = await client.call("GET", "/creators?cursor=zzz", { key: keyB });
    expect(badCursor.status).toBe(422);
  });

  it("never shows or changes another shop's creator: 404 for shop B's key", async () => {
    const { client } = context;
    const created = await client.call("POST", "/creators", { key: keyA, body: newCreator() });
    const id = created.body.id as string;
    expect((await client.call("GET", `/creators/${id}`, { key: keyB })).status).toBe(404);
    expect((await client.call("PATCH", `/creators/${id}`, { key: keyB, body: { name: "Hijacked" } })).status).toBe(404);
    expect((await client.call("GET", `/creators/${id}/stats`, { key: keyB })).status).toBe(404);
    const listB = await client.call("GET", `/creators?email=${encodeURIComponent(created.body.email)}`, { key: keyB });
    expect(listB.body.data).toEqual([]);
    expect((await context.db.creator.findFirstOrThrow({ where: { id } })).name).toBe(created.body.name);
  });

  it("answers 401 for a missing, malformed, unknown or revoked key, and 403 when a read key writes", async () => {
    const { client, db } = context;
    expect((await client.call("GET", "/creators", { key: null })).status).toBe(401);
    const malformed = await client.call("GET", "/creators", { key: "not-a-key" });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect((await client.call("GET", "/creators", { key: `afk_${"a".repeat(32)}` })).status).toBe(401);
    const revokable = await createKey(db, SHOP_A, "read_write");
    expect((await client.call("GET", "/creators", { key: revokable })).status).toBe(200);
    const { revokeApiKey } = await import("../../app/services/api/api-keys.server");
    const row = await db.apiKey.findFirstOrThrow({ where: { shop: SHOP_A, revokedAt: null }, orderBy: { createdAt: "desc" } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(await revokeApiKey(db, { shop: SHOP_B, keyId: row.id, actor: "staff:test", now: new Date() })).toBe(false);
    expect(await revokeApiKey(db, { shop: SHOP_A, keyId: row.id, actor: "staff:test", now: new Date() })).toBe(true);
    expect((await client.call("GET", "/creators", { key: revokable })).status).toBe(401);
    const forbidden = await client.call("POST", "/creators", { key: readKeyA, body: newCreator() });
    expect(forbidden.status).toBe(403);
    expect(await db.creator.count({ where: { shop: SHOP_A, email: "never@example.com" } })).toBe(0);
  });

  it("refuses bodies over 64 KB with 413, non-JSON with 415 and broken JSON with 400", async () => {
    const { client } = context;
    const huge = await client.call("POST", "/creators", { key: keyA, body: newCreator({ notes: "x".repeat(70 * 1024) }) });
    expect(huge.status).toBe(413);
    // Streamed without Content-Length: cut off as soon as it passes the limit.
    const chunk = new TextEncoder().encode("y".repeat(8 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const chunked = await client.call("POST", "/creators", { key: keyA, rawBody: stream });
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(100);
    expect((await client.call("POST", "/creators", { key: keyA, rawBody: "name=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    expect((await client.call("POST", "/creators", { key: keyA, rawBody: "{not json" })).status).toBe(400);
  });

  it("replays a POST with the same Idempotency-Key and body, and refuses the key with another body", async () => {
    const { client, db } = context;
    const key = randomUUID();
    const body = newCreator();
    const first = await client.call("POST", "/creators", { key: keyA, body, headers: { "Idempotency-Key": key } });
    expect(first.status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const replay = await client.call("POST", "/creators", { key: keyA, body: reordered, headers: { "Idempotency-Key": key } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(await db.creator.count({ where: { shop: SHOP_A, email: body.email } })).toBe(1);
    const different = await client.call("POST", "/creators", { key: keyA, body: newCreator(), headers: { "Idempotency-Key": key } });
    expect(different.status).toBe(422);
    expect(different.body.errors[0].field).toBe("Idempotency-Key");
    // The same key string under another shop's API key is a different key.
    const otherShop = await client.call("POST", "/creators", { key: keyB, body, headers: { "Idempotency-Key": key } });
    expect(otherShop.status).toBe(201);
    expect(otherShop.body.id).not.toBe(first.body.id);
  });

  it("answers 409 while the first request with a key is still running", async () => {
    const { db, client } = context;
    const key = randomUUID();
    const body = newCreator();
    const apiKey = await db.apiKey.findFirstOrThrow({ where: { shop: SHOP_A, scope: "read_write", revokedAt: null }, orderBy: { createdAt: "asc" } });
    const { hashRequest } = await import("../../app/api/idempotency.server");
    await db.apiIdempotencyKey.create({
      data: { shop: SHOP_A, apiKeyId: apiKey.id, key, method: "POST", path: "/api/v1/creators", requestHash: hashRequest("POST", "/api/v1/creators", body), responseStatus: 0, responseBody: {}, createdAt: new Date(), leaseUntil: new Date(Date.now() + 60_000) },
    });
    const busy = await client.call("POST", "/creators", { key: keyA, body, headers: { "Idempotency-Key": key } });
    expect(busy.status).toBe(409);
    expect(busy.headers.get("Retry-After")).toBe("1");
    expect(await db.creator.count({ where: { shop: SHOP_A, email: body.email } })).toBe(0);
  });

  it("does not remember a refused request, so the fixed one may reuse its key", async () => {
    const key = randomUUID();
    const refused = await context.client.call("POST", "/creators", { key: keyA, body: newCreator({ email: "bad" }), headers: { "Idempotency-Key": key } });
    expect(refused.status).toBe(422);
    const fixed = await context.client.call("POST", "/creators", { key: keyA, body: newCreator(), headers: { "Idempotency-Key": key } });
    expect(fixed.status).toBe(201);
  });

  it("sends RateLimit headers and answers 429 with Retry-After once a key's bucket is empty", async () => {
    const { client, db } = context;
    const key = await createKey(db, SHOP_B, "read");
    const first = await client.call("GET", "/creators?limit=1", { key });
    expect(first.headers.get("RateLimit-Policy")).toBe('"default";q=120;w=60');
    expect(first.headers.get("RateLimit")).toMatch(/^"default";r=119;t=0$/);
    let limited: Awaited<ReturnType<typeof client.call>> | null = null;
    for (let attempt = 0; attempt < 200 && limited === null; attempt += 1) {
      const response = await client.call("GET", "/creators?limit=1", { key });
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(limited?.headers.get("RateLimit")).toMatch(/^"default";r=0;t=[1-9]\d*$/);
    expect(limited?.body.type).toMatch(/rate-limited$/);
    // Another key of the same shop has its own bucket.
    expect((await client.call("GET", "/creators?limit=1", { key: keyB })).status).toBe(200);
  });

  it("reports a creator's orders, revenue and earnings over a date range", async () => {
    const { client, db } = context;
    const created = await client.call("POST", "/creators", { key: keyA, body: newCreator({ status: "approved" }) });
    const creatorId = created.body.id as string;
    const orders = [
      { id: "gid://shopify/Order/9001", at: "2026-11-05T10:00:00Z", base: 10_000n, status: "pending" as const, net: 1_000n, paid: 0n },
      { id: "gid://shopify/Order/9002", at: "2026-11-20T10:00:00Z", base: 5_000n, status: "approved" as const, net: 500n, paid: 200n },
      { id: "gid://shopify/Order/9003", at: "2026-10-01T10:00:00Z", base: 7_000n, status: "paid" as const, net: 700n, paid: 700n },
    ];
    for (const order of orders) {
      await db.attributedOrder.create({
        data: { shop: SHOP_A, shopifyOrderId: order.id, shopifyOrderLegacyId: order.id.split("/").at(-1) ?? "", orderCreatedAt: new Date(order.at), currency: "USD", presentmentCurrency: "USD", baseMinor: order.base, test: false, attribution: {}, creatorId, status: "attributed", sourceWebhookEventId: "seed", recordedAt: new Date() },
      });
      await db.commission.create({
        data: { shop: SHOP_A, shopifyOrderId: order.id, creatorId, status: order.status, currency: "USD", netMinor: order.net, paidMinor: order.paid, ruleVersionId: "seed", derivation: {}, ledgerState: {}, orderCreatedAt: new Date(order.at), createdAt: new Date() },
      });
    }
    // Two visits in November and one in October, as the storefront's click beacon records them.
    const clicks: Record<string, string> = {};
    for (const [clickId, at] of [["c1", "2026-11-02T09:00:00Z"], ["c2", "2026-11-19T09:00:00Z"], ["c3", "2026-10-03T09:00:00Z"]] as const) {
      clicks[clickId] = (await db.click.create({ data: { shop: SHOP_A, creatorId, clickId, landingPath: "/", ipHash: "ip", userAgentHash: "ua", createdAt: new Date(at) } })).id;
    }
    // Order 9002's cart named click c2, order 9003's named c3 (as recorded from _affable_click_id); 9001 had none.
    await db.attributedOrder.update({ where: { shop_shopifyOrderId: { shop: SHOP_A, shopifyOrderId: "gid://shopify/Order/9002" } }, data: { clickId: clicks.c2 } });
    await db.attributedOrder.update({ where: { shop_shopifyOrderId: { shop: SHOP_A, shopifyOrderId: "gid://shopify/Order/9003" } }, data: { clickId: clicks.c3 } });
    const november = await client.call("GET", `/creators/${creatorId}/stats?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`, { key: readKeyA });
    expect(november.status).toBe(200);
    expect(november.body).toEqual({
      creatorId,
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
      currency: "USD",
      clicks: 2,
      orders: 2,
      ordersFromClicks: 1,
      revenueMinor: 15_000,
      earnings: { pendingMinor: 1_000, approvedMinor: 300, paidMinor: 200 },
    });
    const allTime = await client.call("GET", `/creators/${creatorId}/stats`, { key: readKeyA });
    expect(allTime.body).toMatchObject({ clicks: 3, orders: 3, ordersFromClicks: 2, revenueMinor: 22_000, earnings: { pendingMinor: 1_000, approvedMinor: 300, paidMinor: 900 } });
    const badDate = await client.call("GET", `/creators/${creatorId}/stats?from=yesterday`, { key: readKeyA });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors[0].field).toBe("from");
  });

  it("answers 405 with Allow for a method the path does not serve", async () => {
    const response = await context.client.call("PATCH", "/creators", { key: keyA, body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, POST");
  });
});
