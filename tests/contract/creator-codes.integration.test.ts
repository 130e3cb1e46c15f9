/**
 * POST /creators/{id}/codes goes through the admin's createCreatorCode to the local Shopify (devstore) with the
 * real @shopify/shopify-api client: the discount exists in Shopify and in Affable, or in neither.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { devstoreHasDiscounts, startShopifyHarness, TEST_SHOP, type ShopifyHarness } from "../support/app-test-harness";
import { createKey, seedShopWithKey, startApiTest, stopApiTest, type ApiTestContext } from "./api-test-client";

const postgresUrl = inject("postgresUrl");
let context: ApiTestContext;
let shopify: ShopifyHarness;
/** A key with the `codes:write` scope (read_write_codes); `writeKey` is an ordinary read-and-write key. */
let key: string;
let writeKey: string;
let creatorId: string;

describe.skipIf(postgresUrl === null || !devstoreHasDiscounts())("public API: creator codes through the local Shopify", () => {
  beforeAll(async () => {
    context = await startApiTest(postgresUrl ?? "", "api_codes");
    shopify = await startShopifyHarness();
    const { replaceShopAdminOpener } = await import("../../app/api/shop-admin-client.server");
    replaceShopAdminOpener(async () => shopify.admin);
    key = await seedShopWithKey(context.db, TEST_SHOP, "read_write_codes");
    writeKey = await createKey(context.db, TEST_SHOP, "read_write");
    await context.db.programSettings.create({ data: { shop: TEST_SHOP, currency: "USD", autoCreateCodeOnApproval: false, maxCodeDiscountBasisPoints: 2500, maxCodeDiscountAmountMinor: 2000n } });
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

  it("answers 403 when an ordinary read-and-write key mints a code: minting needs the codes:write scope", async () => {
    const before = await context.db.discountCode.count({ where: { shop: TEST_SHOP } });
    const refused = await context.client.call("POST", `/creators/${creatorId}/codes`, { key: writeKey, body: { code: "LEAKED100", value: { type: "percentage", basisPoints: 10_000 } } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.detail).toContain("codes:write");
    expect(await context.db.discountCode.count({ where: { shop: TEST_SHOP } })).toBe(before);
    // The same key still reads codes.
    expect((await context.client.call("GET", `/creators/${creatorId}/codes`, { key: writeKey })).status).toBe(200);
  });

  it.each([
    { label: "a percentage above the program's maximum", value: { type: "percentage", basisPoints: 2600 }, field: "value.basisPoints", says: "25%" },
    { label: "a fixed amount above the program's maximum", value: { type: "fixed_amount", amountMinor: 2001 }, field: "value.amountMinor", says: "20.00" },
  ])("answers 422 naming the field for $label, and creates nothing", async ({ value, field, says }) => {
    const before = await context.db.discountCode.count({ where: { shop: TEST_SHOP } });
    const refused = await context.client.call("POST", `/creators/${creatorId}/codes`, { key, body: { code: "TOOMUCH", value } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.errors).toEqual([{ field, message: expect.stringContaining(says) }]);
    expect(await shopify.inspect<{ discounts: unknown[] }>(`/__devstore/discounts?code=TOOMUCH`)).toEqual({ discounts: [] });
    expect(await context.db.discountCode.count({ where: { shop: TEST_SHOP } })).toBe(before);
  });

  it("answers 422 to a fixed-amount code while the program sets no fixed-amount maximum: an API key cannot mint an uncapped amount", async () => {
    await context.db.programSettings.update({ where: { shop: TEST_SHOP }, data: { maxCodeDiscountAmountMinor: null } });
    try {
      const before = await context.db.discountCode.count({ where: { shop: TEST_SHOP } });
      const refused = await context.client.call("POST", `/creators/${creatorId}/codes`, { key, body: { code: "NOCAP", value: { type: "fixed_amount", amountMinor: 500 } } });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: "value.amountMinor", message: expect.stringContaining("Settings") }]);
      expect(await shopify.inspect<{ discounts: unknown[] }>(`/__devstore/discounts?code=NOCAP`)).toEqual({ discounts: [] });
      expect(await context.db.discountCode.count({ where: { shop: TEST_SHOP } })).toBe(before);
    } finally {
      await context.db.programSettings.update({ where: { shop: TEST_SHOP }, data: { maxCodeDiscountAmountMinor: 2000n } });
    }
  });

  it("answers 404 for another shop's creator without calling Shopify", async () => {
    const otherKey = await seedShopWithKey(context.db, "api-codes-other.myshopify.com", "read_write_codes");
    const response = await context.client.call("POST", `/creators/${creatorId}/codes`, { key: otherKey, body: {} });
    expect(response.status).toBe(404);
  });
});
