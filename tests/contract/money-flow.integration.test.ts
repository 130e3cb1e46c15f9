/**
 * Customers, conversions, commissions, reversals and payouts through the real routes and PostgreSQL, every
 * response checked against the served OpenAPI document; plus the document itself and the reference page.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createKey, ROUTE_FILES, seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
const SHOP = "api-money.myshopify.com";
const OTHER = "api-money-other.myshopify.com";
let context: ApiTestContext;
let key: string;
let readKey: string;
let otherKey: string;
let creatorId: string;
let refToken: string;

const idempotent = () => ({ "Idempotency-Key": randomUUID() });

async function recordSale(body: Record<string, unknown>, headers: Record<string, string> = idempotent()) {
  return context.client.call("POST", "/conversions", { key, body: { currency: "USD", creatorId, ...body }, headers });
}

describe.skipIf(postgresUrl === null)("public API: customers, conversions, commissions, payouts (PostgreSQL)", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_money");
    key = await seedShopWithKey(context.db, SHOP);
    readKey = await createKey(context.db, SHOP, "read");
    otherKey = await seedShopWithKey(context.db, OTHER);
    for (const shop of [SHOP, OTHER]) {
      await context.db.programSettings.create({ data: { shop, currency: "USD", autoCreateCodeOnApproval: false, defaultCommissionBasisPoints: 1000 } });
    }
    const created = await context.client.call("POST", "/creators", { key, body: { name: "Ana Ruiz", email: "ana@example.com", status: "approved" } });
    creatorId = created.body.id;
    refToken = created.body.refToken;
  });
  afterAll(() => stopApiTest(context));

  it("serves an OpenAPI 3.1 document with every route, and a readable reference page", async () => {
    const document = await context.client.loadOpenApi();
    expect(document.openapi).toBe("3.1.0");
    const paths = Object.keys(document.paths as object).sort();
    expect(paths).toEqual(Object.keys(ROUTE_FILES).sort());
    for (const file of Object.values(ROUTE_FILES)) expect(existsSync(path.join(import.meta.dirname, `../../app/routes/${file}.tsx`))).toBe(true);
    const { loader } = await import("../../app/routes/api.v1.docs");
    const page = await loader({ request: new Request("https://affable.test/api/v1/docs"), params: {}, context: {} });
    expect(page.headers.get("Content-Type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("POST /conversions");
    expect(html).toContain("curl -sS -X POST &quot;https://affable.test/api/v1/conversions&quot;");
    expect(html).not.toMatch(/<script/i);
  });

  it("records a conversion as an api-sourced order with a pending commission from the program's rules", async () => {
    const sale = await recordSale({ externalOrderId: "HL-1", amountMinor: 12_000 });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ orderId: "api:HL-1", currency: "USD", baseMinor: 12_000, commission: { status: "pending", amountMinor: 1_200 } });
    const order = await context.db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: "api:HL-1" } });
    expect(order).toMatchObject({ source: "api", status: "attributed", creatorId, baseMinor: 12_000n });
    const entries = await context.db.ledgerEntry.findMany({ where: { shop: SHOP, commissionId: sale.body.commission.id } });
    expect(entries).toEqual([expect.objectContaining({ kind: "accrual", amountMinor: 1_200n, actor: expect.stringMatching(/^api:/) })]);
  });

  it("requires an Idempotency-Key, replays the same request, refuses the key with another body, and a second conversion per order", async () => {
    const missing = await context.client.call("POST", "/conversions", { key, body: { externalOrderId: "HL-2", amountMinor: 100, currency: "USD", creatorId } });
    expect(missing.status).toBe(400);
    const headers = idempotent();
    const first = await recordSale({ externalOrderId: "HL-2", amountMinor: 5_000 }, headers);
    const replay = await recordSale({ externalOrderId: "HL-2", amountMinor: 5_000 }, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.body).toEqual({ ...first.body, replayed: true });
    const changed = await recordSale({ externalOrderId: "HL-2", amountMinor: 9_000 }, headers);
    expect(changed.status).toBe(422);
    const again = await recordSale({ externalOrderId: "HL-2", amountMinor: 5_000 });
    expect(again.status).toBe(409);
    expect(await context.db.commission.count({ where: { shop: SHOP, shopifyOrderId: "api:HL-2" } })).toBe(1);
  });

  it("converts another currency only with an explicit exchange rate (integer math, half-even)", async () => {
    const refused = await recordSale({ externalOrderId: "EU-1", amountMinor: 10_000, currency: "EUR" });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe("exchangeRate");
    const badRate = await recordSale({ externalOrderId: "EU-1", amountMinor: 10_000, currency: "EUR", exchangeRate: 1.08 });
    expect(badRate.status).toBe(422);
    expect(badRate.body.errors[0].field).toBe("exchangeRate");
    const zero = await recordSale({ externalOrderId: "EU-1", amountMinor: 10_000, currency: "EUR", exchangeRate: "0.000" });
    expect(zero.body.errors[0]).toMatchObject({ field: "exchangeRate", message: expect.stringContaining("zero") });
    const rateOnShopCurrency = await recordSale({ externalOrderId: "EU-1", amountMinor: 10_000, exchangeRate: "10" });
    expect(rateOnShopCurrency.status).toBe(422);
    expect(rateOnShopCurrency.body.errors[0].field).toBe("exchangeRate");
    const unknownCurrency = await recordSale({ externalOrderId: "EU-1", amountMinor: 10_000, currency: "ZZZ", exchangeRate: "1" });
    expect(unknownCurrency.body.errors[0].field).toBe("currency");
    const converted = await recordSale({ externalOrderId: "EU-1", amountMinor: 10_001, currency: "EUR", exchangeRate: "1.5" });
    expect(converted.status).toBe(201);
    // 10001 × 1.5 = 15001.5 → 15002 (half-even); 10% of 150.02 = 15.002 → 15.00.
    expect(converted.body).toMatchObject({ presentmentCurrency: "EUR", presentmentBaseMinor: 10_001, currency: "USD", baseMinor: 15_002, commission: { amountMinor: 1_500 } });
  });

  it("answers 409 naming what to change when the program's amounts are in another currency than the shop (not a 500)", async () => {
    const eurProgramShop = "api-money-eur.myshopify.com";
    const eurKey = await seedShopWithKey(context.db, eurProgramShop);
    await context.db.programSettings.create({ data: { shop: eurProgramShop, currency: "EUR", autoCreateCodeOnApproval: false, capPerOrderMinor: 500n } });
    const creator = await context.client.call("POST", "/creators", { key: eurKey, body: { name: "Eve Ortiz", email: "eve@example.com", status: "approved" } });
    const sale = await context.client.call("POST", "/conversions", {
      key: eurKey,
      body: { externalOrderId: "EUR-PROGRAM-1", amountMinor: 10_000, currency: "USD", creatorId: creator.body.id },
      headers: idempotent(),
    });
    expect(sale.status).toBe(409);
    expect(sale.body.type).toBe("https://affable.app/problems/conflict");
    expect(sale.body.detail).toMatch(/program's amounts are in EUR.*Open Settings/);
    expect(await context.db.attributedOrder.count({ where: { shop: eurProgramShop } })).toBe(0);
  });

  it("checks line items against the amount, and names wrong fields", async () => {
    const mismatch = await recordSale({ externalOrderId: "LI-1", amountMinor: 1_000, lineItems: [{ id: "a", quantity: 2, unitPriceMinor: 400 }] });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors[0].field).toBe("amountMinor");
    const wrongType = await recordSale({ externalOrderId: "LI-1", amountMinor: "10.00" });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.errors[0].field).toBe("amountMinor");
    const lines = await recordSale({ externalOrderId: "LI-1", amountMinor: 900, lineItems: [{ id: "a", quantity: 2, unitPriceMinor: 400 }, { id: "b", quantity: 1, unitPriceMinor: 150, discountMinor: 50 }] });
    expect(lines.status).toBe(201);
    expect(lines.body.commission.amountMinor).toBe(90);
  });

  it("links a customer to a creator once (409 for another creator) and attributes a conversion through it", async () => {
    const linked = await context.client.call("POST", "/customers", { key, body: { customerId: "cus-1", refToken } });
    expect(linked.status).toBe(201);
    const again = await context.client.call("POST", "/customers", { key, body: { customerId: "cus-1", creatorId } });
    expect(again.status).toBe(200);
    const rival = await context.client.call("POST", "/creators", { key, body: { name: "Rival", email: "rival@example.com", status: "approved" } });
    const conflict = await context.client.call("POST", "/customers", { key, body: { customerId: "cus-1", creatorId: rival.body.id } });
    expect(conflict.status).toBe(409);
    const both = await context.client.call("POST", "/customers", { key, body: { customerId: "cus-2", creatorId, refToken } });
    expect(both.status).toBe(422);
    const sale = await context.client.call("POST", "/conversions", { key, body: { externalOrderId: "CUS-1", amountMinor: 2_000, currency: "USD", customerId: "cus-1" }, headers: idempotent() });
    expect(sale.status).toBe(201);
    expect(sale.body.creatorId).toBe(creatorId);
    // Another shop cannot name this shop's creator.
    const foreign = await context.client.call("POST", "/customers", { key: otherKey, body: { customerId: "cus-9", creatorId } });
    expect(foreign.status).toBe(422);
  });

  it("lists commissions with filters, reverses half of one with a reason, and replays the reversal", async () => {
    const sale = await recordSale({ externalOrderId: "REV-1", amountMinor: 20_000, occurredAt: "2026-11-10T12:00:00Z" });
    const commissionId = sale.body.commission.id as string;
    const listed = await context.client.call("GET", `/commissions?creatorId=${creatorId}&status=pending&from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z`, { key: readKey });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([commissionId]);
    const headers = idempotent();
    const reversal = await context.client.call("POST", `/commissions/${commissionId}/reversals`, { key, body: { amountMinor: 1_000, reason: "Half returned" }, headers });
    expect(reversal.status).toBe(201);
    expect(reversal.body.commission).toMatchObject({ netMinor: 1_000, status: "pending" });
    expect(reversal.body.entries).toEqual([expect.objectContaining({ kind: "manual_reversal", amountMinor: -1_000 })]);
    const replay = await context.client.call("POST", `/commissions/${commissionId}/reversals`, { key, body: { amountMinor: 1_000, reason: "Half returned" }, headers });
    expect(replay.body).toEqual({ ...reversal.body, replayed: true });
    const row = await context.db.ledgerEntry.findFirstOrThrow({ where: { shop: SHOP, commissionId, kind: "manual_reversal" } });
    expect(row.actor).toMatch(/^api:/);
    const tooMuch = await context.client.call("POST", `/commissions/${commissionId}/reversals`, { key, body: { amountMinor: 5_000, reason: "Oops" }, headers: idempotent() });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe("amountMinor");
    const noReason = await context.client.call("POST", `/commissions/${commissionId}/reversals`, { key, body: { reason: " " }, headers: idempotent() });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe("reason");
    const foreign = await context.client.call("POST", `/commissions/${commissionId}/reversals`, { key: otherKey, body: { reason: "Not mine" }, headers: idempotent() });
    expect(foreign.status).toBe(404);
    const readOnly = await context.client.call("POST", `/commissions/${commissionId}/reversals`, { key: readKey, body: { reason: "Read key" }, headers: idempotent() });
    expect(readOnly.status).toBe(403);
    expect((await context.client.call("GET", "/commissions", { key: otherKey })).body.data).toEqual([]);
  });

  it("lists payouts of this shop only, newest first", async () => {
    for (const [shop, reference] of [[SHOP, "PP-1"], [SHOP, "PP-2"], [OTHER, "PP-X"]] as const) {
      await context.db.payout.create({
        data: { shop, creatorId, currency: "USD", amountMinor: 4_200n, commissionCount: 2, method: "paypal", reference, createdBy: "staff:1", requestKey: randomUUID(), createdAt: new Date(`2026-11-${reference === "PP-1" ? "01" : "02"}T00:00:00Z`) },
      });
    }
    const page = await context.client.call("GET", "/payouts?limit=1", { key: readKey });
    expect(page.status).toBe(200);
    expect(page.body.data).toEqual([expect.objectContaining({ reference: "PP-2", amountMinor: 4_200, method: "paypal" })]);
    const next = await context.client.call("GET", `/payouts?limit=1&cursor=${page.body.nextCursor}`, { key: readKey });
    expect(next.body.data.map((payout: { reference: string }) => payout.reference)).toEqual(["PP-1"]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("adds referral links and lists them with their URLs", async () => {
    const link = await context.client.call("POST", `/creators/${creatorId}/links`, { key, body: { path: "/collections/summer", utmSource: "instagram" } });
    expect(link.status).toBe(201);
    expect(link.body.url).toContain(`ref=${refToken}`);
    const duplicate = await context.client.call("POST", `/creators/${creatorId}/links`, { key, body: { path: "/collections/summer", utmSource: "instagram" } });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors[0].field).toBe("path");
    const listed = await context.client.call("GET", `/creators/${creatorId}/links`, { key: readKey });
    expect(listed.body.data).toHaveLength(1);
    expect((await context.client.call("GET", `/creators/${creatorId}/links`, { key: otherKey })).status).toBe(404);
    const codes = await context.client.call("GET", `/creators/${creatorId}/codes`, { key: readKey });
    expect(codes.body).toEqual({ data: [] });
  });
});
