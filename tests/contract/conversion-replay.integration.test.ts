/**
 * A retried POST /conversions (same Idempotency-Key, same body) answers the way the API's idempotency design says
 * (app/api/idempotency.server.ts, docs/api.md): the first response again — same status, same commission — with
 * `Idempotent-Replayed: true`, and `replayed: true` in the body as reversals already say. The OpenAPI document
 * declares both, and the response is checked against it by the contract client.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
const SHOP = "api-replay.myshopify.com";
let context: ApiTestContext;
let key: string;
let creatorId: string;

describe.skipIf(postgresUrl === null)("replayed conversions (PostgreSQL)", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_replay");
    key = await seedShopWithKey(context.db, SHOP);
    await context.db.programSettings.create({ data: { shop: SHOP, currency: "USD", autoCreateCodeOnApproval: false, defaultCommissionBasisPoints: 1000 } });
    creatorId = (await context.client.call("POST", "/creators", { key, body: { name: "Replay Creator", email: "replay@example.com", status: "approved" } })).body.id;
  });
  afterAll(() => stopApiTest(context));

  it("answers a retried conversion with the first response, marked replayed in the header and the body", async () => {
    const body = { externalOrderId: "RP-1", amountMinor: 5_000, currency: "USD", creatorId };
    const first = await context.client.call("POST", "/conversions", { key, body, headers: { "Idempotency-Key": "order-RP-1" } });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(first.body.replayed).toBe(false);

    const again = await context.client.call("POST", "/conversions", { key, body, headers: { "Idempotency-Key": "order-RP-1" } });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await context.db.attributedOrder.count({ where: { shop: SHOP, shopifyOrderId: "api:RP-1" } })).toBe(1);
  });

  it("replays a reversal with replayed: true too", async () => {
    const sale = await context.client.call("POST", "/conversions", { key, body: { externalOrderId: "RP-2", amountMinor: 5_000, currency: "USD", creatorId }, headers: { "Idempotency-Key": "order-RP-2" } });
    const reversal = { amountMinor: 100, reason: "Partial return" };
    const path = `/commissions/${sale.body.commission.id}/reversals`;
    const first = await context.client.call("POST", path, { key, body: reversal, headers: { "Idempotency-Key": "return-RP-2" } });
    expect(first.body.replayed).toBe(false);
    const again = await context.client.call("POST", path, { key, body: reversal, headers: { "Idempotency-Key": "return-RP-2" } });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body).toEqual({ ...first.body, replayed: true });
  });

  it("declares the Idempotent-Replayed header and the replayed field in the OpenAPI document", async () => {
    const document = (await context.client.loadOpenApi()) as { paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    const created = document.paths["/conversions"]?.post?.responses["201"];
    expect(Object.keys(created?.headers ?? {})).toContain("Idempotent-Replayed");
    expect(JSON.stringify(created)).toContain("replayed");
  });
});
