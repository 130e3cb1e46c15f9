/**
 * POST /creators/{id}/codes goes through the admin's createCreatorCode to the local Shopify (devstore) with the
 * real @shopify/shopify-api client: the discount exists in Shopify and in Affable, or in neither.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { devstoreHasDiscounts, startShopifyHarness, TEST_SHOP, type ShopifyHarness } from "../support/app-test-harness";
import { seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
let context: ApiTestContext;
let shopify: ShopifyHarness;
let key: string;
let creatorId: string;

describe.skipIf(postgresUrl === null || !devstoreHasDiscounts())("public API: creator codes through the local Shopify", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_codes");
    shopify = await startShopifyHarness();
    const { replaceShopAdminOpener } = await import("../../app/api/shop-admin-client.server");
    replaceShopAdminOpener(async () => shopify.admin);
    key = await seedShopWithKey(context.db, TEST_SHOP);
    await context.db.programSettings.create({ data: { shop: TEST_SHOP, currency: "USD", autoCreateCodeOnApproval: false } });
    const created = await context.client.call("POST", "/creators", { key, body: { name: "Maya Code", email: "maya-code@example.com", handle: "mayacode", status: "approved" } });
    creatorId = created.body.id;
  });
  afterAll(async () => {
    const { replaceShopAdminOpener } = await import("../../app/api/shop-admin-client.server");
    replaceShopAdminOpener(null);
    await shopify?.close();
    await stopApiTest(context);
  });

  it("creates the code in Shopify from the program's pattern, then lists it", async () => {
    const created = await context.client.call("POST", `/creators/${creatorId}/codes`, { key, body: { value: { type: "percentage", basisPoints: 2000 } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: "MAYACODE15", status: "active", valueType: "percentage", valueText: "20" });
    const inShopify = await shopify.inspect<{ discounts: Array<{ code: string | null }> }>(`/__devstore/discounts?code=MAYACODE15`);
    expect(inShopify.discounts).toHaveLength(1);
    const listed = await context.client.call("GET", `/creators/${creatorId}/codes`, { key });
    expect(listed.body.data.map((code: { code: string }) => code.code)).toEqual(["MAYACODE15"]);
  });

  it("answers 422 for a code that is already taken, and writes nothing", async () => {
    const taken = await context.client.call("POST", `/creators/${creatorId}/codes`, { key, body: { code: "MAYACODE15" } });
    expect(taken.status).toBe(422);
    expect(taken.body.detail).toContain("MAYACODE15");
    expect(await context.db.discountCode.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("answers 404 for another shop's creator without calling Shopify", async () => {
    const otherKey = await seedShopWithKey(context.db, "api-codes-other.myshopify.com");
    const response = await context.client.call("POST", `/creators/${creatorId}/codes`, { key: otherKey, body: {} });
    expect(response.status).toBe(404);
  });
});
