/**
 * Creator codes end to end: our services against a real PostgreSQL and the local Shopify, through the real
 * @shopify/shopify-api client. What shoppers can use (the devstore's discounts) and what the merchant sees (our rows)
 * must always agree, whatever fails in between.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import {
  createMigratedDatabase,
  devstoreHasDiscounts,
  startShopifyHarness,
  TEST_SHOP,
  type ShopifyHarness,
} from "../../../tests/support/app-test-harness";
import { createCreatorCode } from "./create-creator-code.server";
import { loadCreatorCodesAndLinks } from "./load-creator-codes-and-links.server";
import { deactivateCreatorCode, deleteCreatorCode, linkExistingCode, reactivateCreatorCode, updateCreatorCode } from "./manage-creator-code.server";
import { createReferralLink, deleteReferralLink } from "./referral-links.server";

const postgresUrl = inject("postgresUrl");
const OTHER_SHOP = "other-shop.myshopify.com";

interface DevstoreDiscount {
  id: string;
  code: string | null;
  title: string;
  status: string;
  value: unknown;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

let db: Database;
let shopify: ShopifyHarness;
let admin: AdminGraphqlClient;
let creatorCount = 0;

async function addCreator(shop: string, name: string) {
  creatorCount += 1;
  const handle = `${name.toLowerCase().replace(/[^a-z]/g, "")}${creatorCount}`;
  return db.creator.create({
    data: { shop, handle, name, email: `${handle}@example.com`, refToken: `ref${creatorCount}x`, status: "approved" },
  });
}

async function shopifyDiscounts(code: string): Promise<DevstoreDiscount[]> {
  const answer = await shopify.inspect<{ discounts: DevstoreDiscount[] }>(`/__devstore/discounts?code=${encodeURIComponent(code)}`);
  return answer.discounts;
}

describe.skipIf(postgresUrl === null || !devstoreHasDiscounts())("creator codes against PostgreSQL and the local Shopify", () => {
  beforeAll(async () => {
    ({ db } = await createMigratedDatabase(postgresUrl ?? "", "codes"));
    shopify = await startShopifyHarness();
    admin = shopify.admin;
    for (const shop of [TEST_SHOP, OTHER_SHOP]) {
      await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "America/New_York" } });
    }
  });

  afterAll(async () => {
    await db?.$disconnect();
    await shopify?.close();
  });

  it("creates the code in Shopify with exactly the program's settings, then stores it", async () => {
    await db.programSettings.create({
      data: { shop: TEST_SHOP, currency: "USD", codePattern: "{HANDLE}15", defaultDiscountBasisPoints: 1250, defaultUsageLimit: 100, defaultOncePerCustomer: true },
    });
    const creator = await addCreator(TEST_SHOP, "Maya Lee");
    const result = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1" });
    expect(result).toMatchObject({ ok: true, code: `${creator.handle.toUpperCase()}15` });
    if (!result.ok) return;

    const [inShopify] = await shopifyDiscounts(result.code);
    expect(inShopify).toMatchObject({
      code: result.code,
      title: "Affable · Maya Lee",
      status: "ACTIVE",
      endsAt: null,
      usageLimit: 100,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
    expect(JSON.stringify(inShopify?.value)).toContain("0.125");

    const row = await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, id: result.codeId } });
    expect(row).toMatchObject({
      creatorId: creator.id,
      code: result.code,
      codeNormalized: result.code,
      shopifyDiscountId: inShopify?.id,
      status: "active",
      valueType: "percentage",
      valueBasisPoints: 1250,
      usageLimit: 100,
      oncePerCustomer: true,
      linkedExisting: false,
    });
    const audit = await db.auditEvent.findMany({ where: { shop: TEST_SHOP, subjectId: creator.id } });
    expect(audit.map((event) => event.action)).toEqual(["discount_code.created"]);
  });

  it("uses the code asked for in a CSV import when none is typed", async () => {
    const creator = await addCreator(TEST_SHOP, "Imported Ivy");
    await db.creator.update({ where: { id: creator.id }, data: { requestedCode: "IVY-IMPORT" } });
    const result = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1" });
    expect(result).toMatchObject({ ok: true, code: "IVY-IMPORT" });
    expect(await shopifyDiscounts("IVY-IMPORT")).toHaveLength(1);
  });

  it("adds a suffix when the pattern's code is taken, and refuses a custom code taken in Shopify in merchant words", async () => {
    const first = await addCreator(TEST_SHOP, "Sam");
    const taken = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: first.id, actor: "staff:1", code: "SUMMER15" });
    expect(taken).toMatchObject({ ok: true, code: "SUMMER15" });

    const second = await addCreator(TEST_SHOP, "Ana");
    const refused = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: second.id, actor: "staff:1", code: "summer15" });
    expect(refused).toEqual({ ok: false, errors: [{ field: "code", message: expect.stringContaining("SUMMER15 already belongs to Sam") }] });

    // Taken in Shopify only (a merchant's own discount): the lookup by code catches it, nothing is stored.
    await db.discountCode.deleteMany({ where: { shop: TEST_SHOP, code: "SUMMER15" } });
    const again = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: second.id, actor: "staff:1", code: "Summer15" });
    expect(again).toEqual({
      ok: false,
      errors: [{ field: "code", message: "The code SUMMER15 is already used by another discount in your store — pick another code." }],
    });
    expect(await db.discountCode.count({ where: { shop: TEST_SHOP, creatorId: second.id } })).toBe(0);

    // Pattern collisions: a creator whose {HANDLE}15 exists gets {HANDLE}152.
    const third = await addCreator(TEST_SHOP, "Zed");
    await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: second.id, actor: "staff:1", code: `${third.handle}15` });
    const suffixed = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: third.id, actor: "staff:1" });
    expect(suffixed).toMatchObject({ ok: true, code: `${third.handle.toUpperCase()}152` });
  });

  it("shows Shopify's own userError in merchant words and stores nothing", async () => {
    const creator = await addCreator(TEST_SHOP, "Uma");
    await shopify.control("/__devstore/fail-next", { operation: "discountCodeBasicCreate", mode: "userError" });
    const result = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "UMA-ERR" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/\w/);
    expect(await db.discountCode.count({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toBe(0);
    expect(await shopifyDiscounts("UMA-ERR")).toEqual([]);
  });

  it("turns Shopify's own TAKEN userError (a code created elsewhere in the meantime) into merchant words", async () => {
    const creator = await addCreator(TEST_SHOP, "Bea");
    // The merchant creates BEA-RACE in the Shopify admin between our lookup and our create.
    const racingAdmin: AdminGraphqlClient = {
      async graphql(query, options) {
        if (query.includes("discountCodeBasicCreate(")) await admin.graphql(query, options);
        return admin.graphql(query, options);
      },
    };
    const result = await createCreatorCode({ db, admin: racingAdmin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "BEA-RACE" });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "code", message: "The code BEA-RACE is already used by another discount in your store — pick another code." }],
    });
    expect(await db.discountCode.count({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toBe(0);
    expect(await shopifyDiscounts("BEA-RACE")).toHaveLength(1);
  });

  it("waits out THROTTLED and succeeds", async () => {
    const creator = await addCreator(TEST_SHOP, "Theo");
    await shopify.control("/__devstore/throttle", { available: 0 });
    const result = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "THEO-THROTTLED" });
    expect(result).toMatchObject({ ok: true, code: "THEO-THROTTLED" });
    expect(await shopifyDiscounts("THEO-THROTTLED")).toHaveLength(1);
  });

  it("stores nothing on either side when Shopify answers 500 to the create", async () => {
    const creator = await addCreator(TEST_SHOP, "Fay");
    await shopify.control("/__devstore/fail-next", { operation: "discountCodeBasicCreate", mode: "http500" });
    const result = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "FAY500" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/Shopify did not answer creating the discount code/);
    expect(await db.discountCode.count({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toBe(0);
    expect(await shopifyDiscounts("FAY500")).toEqual([]);
  });

  it("deletes the Shopify discount again when our insert loses a race (compensation)", async () => {
    const creator = await addCreator(TEST_SHOP, "Rae");
    const rival = await addCreator(TEST_SHOP, "Rival");
    // Another request stores the same code while Shopify is creating ours.
    const racingAdmin: AdminGraphqlClient = {
      async graphql(query, options) {
        if (query.includes("discountCodeBasicCreate(")) {
          await db.discountCode.create({
            data: {
              shop: TEST_SHOP, creatorId: rival.id, code: "RAERACE", codeNormalized: "RAERACE", shopifyDiscountId: "gid://shopify/DiscountCodeNode/999999",
              valueType: "percentage", valueBasisPoints: 1000, currency: "USD", startsAt: new Date(),
            },
          });
        }
        return admin.graphql(query, options);
      },
    };
    const result = await createCreatorCode({ db, admin: racingAdmin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "RAERACE" });
    expect(result).toEqual({ ok: false, errors: [{ field: "code", message: expect.stringContaining("was removed again") }] });
    expect(await shopifyDiscounts("RAERACE")).toEqual([]);
    expect(await db.discountCode.count({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toBe(0);
  });

  it("mirrors update, deactivate, reactivate and delete in Shopify first, with an audit trail", async () => {
    const creator = await addCreator(TEST_SHOP, "Lou");
    const created = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "LOU20" });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const target = { shop: TEST_SHOP, codeId: created.codeId, actor: "staff:2" };

    const updated = await updateCreatorCode({ db, admin }, { ...target, changes: { usageLimit: 5, value: { type: "fixed_amount", amountMinor: 1050n } } });
    expect(updated.ok).toBe(true);
    expect((await shopifyDiscounts("LOU20"))[0]).toMatchObject({ usageLimit: 5 });
    expect(JSON.stringify((await shopifyDiscounts("LOU20"))[0]?.value)).toContain("10.5");
    expect(await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, id: created.codeId } })).toMatchObject({
      usageLimit: 5, valueType: "fixed_amount", valueAmountMinor: 1050n, valueBasisPoints: null,
    });

    expect((await deactivateCreatorCode({ db, admin }, target)).ok).toBe(true);
    expect((await shopifyDiscounts("LOU20"))[0]?.status).toBe("EXPIRED");
    expect((await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, id: created.codeId } })).status).toBe("inactive");

    expect((await reactivateCreatorCode({ db, admin }, target)).ok).toBe(true);
    expect((await shopifyDiscounts("LOU20"))[0]).toMatchObject({ status: "ACTIVE", endsAt: null });
    expect((await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, id: created.codeId } })).status).toBe("active");

    expect((await deleteCreatorCode({ db, admin }, target)).ok).toBe(true);
    expect(await shopifyDiscounts("LOU20")).toEqual([]);
    expect((await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, id: created.codeId } })).status).toBe("deleted");

    const actions = (await db.auditEvent.findMany({ where: { shop: TEST_SHOP, subjectId: creator.id }, orderBy: { createdAt: "asc" } })).map((event) => event.action);
    expect(actions).toEqual(["discount_code.created", "discount_code.updated", "discount_code.deactivated", "discount_code.reactivated", "discount_code.deleted"]);
  });

  it("keeps our row unchanged when Shopify refuses an update", async () => {
    const creator = await addCreator(TEST_SHOP, "Kim");
    const created = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "KIM10" });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    await shopify.control("/__devstore/fail-next", { operation: "discountCodeBasicUpdate", mode: "userError" });
    const result = await updateCreatorCode({ db, admin }, { shop: TEST_SHOP, codeId: created.codeId, actor: "staff:1", changes: { usageLimit: 9 } });
    expect(result.ok).toBe(false);
    expect((await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, id: created.codeId } })).usageLimit).not.toBe(9);
  });

  it("links an existing Shopify code with its real settings and refuses one linked to another creator", async () => {
    // A discount the merchant made in Shopify themselves.
    const owner = await addCreator(TEST_SHOP, "Merchant Made");
    const made = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: owner.id, actor: "staff:1", code: "VIPFRIENDS", discount: { usageLimit: 7 } });
    if (!made.ok) throw new Error(JSON.stringify(made.errors));
    await db.discountCode.deleteMany({ where: { shop: TEST_SHOP, id: made.codeId } });

    const creator = await addCreator(TEST_SHOP, "Noor");
    const linked = await linkExistingCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "vipfriends" });
    expect(linked).toMatchObject({ ok: true, code: "VIPFRIENDS" });
    expect(await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toMatchObject({
      linkedExisting: true, usageLimit: 7, valueType: "percentage", shopifyDiscountId: (await shopifyDiscounts("VIPFRIENDS"))[0]?.id,
    });

    const other = await addCreator(TEST_SHOP, "Other");
    const refused = await linkExistingCode({ db, admin }, { shop: TEST_SHOP, creatorId: other.id, actor: "staff:1", code: "VIPFRIENDS" });
    expect(refused).toEqual({ ok: false, errors: [{ field: "code", message: "VIPFRIENDS is already linked to Noor. Unlink it there first." }] });
    const missing = await linkExistingCode({ db, admin }, { shop: TEST_SHOP, creatorId: other.id, actor: "staff:1", code: "NOPE404" });
    expect(missing).toMatchObject({ ok: false, errors: [{ field: "code", message: expect.stringContaining("No discount in your store uses the code NOPE404") }] });
  });

  it("refuses a creator or code from another shop, touching nothing", async () => {
    const foreign = await addCreator(OTHER_SHOP, "Foreign");
    const result = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: foreign.id, actor: "staff:1", code: "FOREIGN1" });
    expect(result).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining("does not exist in your shop") }] });
    expect(await shopifyDiscounts("FOREIGN1")).toEqual([]);

    const local = await addCreator(TEST_SHOP, "Local");
    const created = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: local.id, actor: "staff:1", code: "LOCAL1" });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const asOtherShop = { shop: OTHER_SHOP, codeId: created.codeId, actor: "staff:x" };
    expect((await deactivateCreatorCode({ db, admin }, asOtherShop)).ok).toBe(false);
    expect((await deleteCreatorCode({ db, admin }, asOtherShop)).ok).toBe(false);
    expect((await shopifyDiscounts("LOCAL1"))[0]?.status).toBe("ACTIVE");
    expect(await linkExistingCode({ db, admin }, { shop: TEST_SHOP, creatorId: foreign.id, actor: "staff:1", code: "LOCAL1" })).toMatchObject({ ok: false });
    expect(await loadCreatorCodesAndLinks(db, OTHER_SHOP, local.id)).toBeNull();
    expect(await createReferralLink(db, { shop: OTHER_SHOP, creatorId: local.id, actor: "staff:x", path: "/" })).toMatchObject({ ok: false });
  });

  it("creates unique referral links and shows them with the shareable discount link", async () => {
    const creator = await addCreator(TEST_SHOP, "Ivy");
    await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "IVY15" });
    const link = await createReferralLink(db, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", path: "products/linen-shirt", utmSource: "instagram" });
    expect(link.ok).toBe(true);
    const duplicate = await createReferralLink(db, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", path: "/products/linen-shirt/", utmSource: "instagram" });
    expect(duplicate).toMatchObject({ ok: false, errors: [{ field: "path" }] });
    const home = await createReferralLink(db, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", path: "/" });
    expect(home.ok).toBe(true);
    const homeAgain = await createReferralLink(db, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", path: "" });
    expect(homeAgain.ok).toBe(false);

    const view = await loadCreatorCodesAndLinks(db, TEST_SHOP, creator.id, "shop.example.com");
    expect(view?.codes.map((code) => [code.code, code.valueLabel, code.status])).toEqual([["IVY15", "12.5% off", "active"]]);
    expect(view?.links[0]).toMatchObject({
      path: "/products/linen-shirt",
      url: `https://shop.example.com/products/linen-shirt?ref=${creator.refToken}&utm_source=instagram`,
      discountUrl: `https://shop.example.com/discount/IVY15?redirect=%2Fproducts%2Flinen-shirt&ref=${creator.refToken}&utm_source=instagram`,
    });
    if (link.ok) expect((await deleteReferralLink(db, { shop: TEST_SHOP, linkId: link.linkId, actor: "staff:1" })).ok).toBe(true);
    expect((await loadCreatorCodesAndLinks(db, TEST_SHOP, creator.id))?.links).toHaveLength(1);
  });
});
