/**
 * A creator code over its life, against a real PostgreSQL and the local Shopify: what its status means for
 * attribution (issue #12 A5), pausing or rejecting the creator switching it off in Shopify and re-approval switching
 * it back on (A6), a rename reaching the discount's title, and a deleted code's text becoming free again.
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
import { readWebhookFixture, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { OrderPayload } from "../../webhooks/orders/read-order-payload";
import { changeCreatorStatus } from "../creators/change-creator-status.server";
import { createCreatorCode } from "./create-creator-code.server";
import type { CreatorServiceDeps } from "../creators/creator-service-deps.server";
import { deactivateCreatorCode, deleteCreatorCode, reactivateCreatorCode, setCreatorCodesLive, retitleCreatorCodes } from "./manage-creator-code.server";
import { recordOrderWebhook } from "../orders-commissions/record-order-money.server";
import { updateCreator } from "../creators/update-creator.server";

const postgresUrl = inject("postgresUrl");
const HOUR = 3_600_000;

let db: Database;
let shopify: ShopifyHarness;
let admin: AdminGraphqlClient;
let count = 0;
let orderNumber = 7_000_000_000;

async function addCreator(name: string) {
  count += 1;
  const handle = `${name.toLowerCase().replace(/[^a-z]/g, "")}${count}`;
  return db.creator.create({ data: { shop: TEST_SHOP, handle, name, email: `${handle}@example.com`, refToken: `life${count}x`, status: "approved" } });
}

async function codeFor(creatorId: string, code: string, createdAt: Date) {
  const created = await createCreatorCode({ db, admin, now: () => createdAt }, { shop: TEST_SHOP, creatorId, actor: "staff:1", code });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return { shop: TEST_SHOP, codeId: created.codeId, actor: "staff:1" };
}

/** A real-shaped orders/paid payload placed at `placedAt` with `code`, recorded like the webhook worker does. */
async function recordOrder(code: string, placedAt: Date) {
  orderNumber += 1;
  const payload = {
    ...readWebhookFixture("orders-paid-code"),
    id: orderNumber,
    admin_graphql_api_id: `gid://shopify/Order/${orderNumber}`,
    name: `#L${orderNumber}`,
    created_at: placedAt.toISOString(),
    note_attributes: [],
    landing_site: null,
    discount_codes: [{ code: code.toLowerCase(), amount: "15.75", type: "percentage" }],
  } as unknown as OrderPayload;
  await db.$transaction((tx) => recordOrderWebhook(tx, { shop: TEST_SHOP, webhookEventId: `evt-${orderNumber}` }, payload, new Date()));
  return db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: TEST_SHOP, shopifyOrderId: `gid://shopify/Order/${orderNumber}` } } });
}

async function shopifyDiscount(code: string) {
  const answer = await shopify.inspect<{ discounts: Array<{ id: string; title: string; status: string; endsAt: string | null }> }>(
    `/__devstore/discounts?code=${encodeURIComponent(code)}`,
  );
  return answer.discounts[0];
}

function creatorDeps(): CreatorServiceDeps {
  return {
    db,
    mailer: null,
    createCodeOnApproval: null,
    shopifyCodes: {
      setLive: (input) => setCreatorCodesLive({ db, admin }, input),
      retitle: (input) => retitleCreatorCodes({ db, admin }, input),
    },
  };
}

describe.skipIf(postgresUrl === null || !devstoreHasDiscounts())("a creator code's life: status, attribution and Shopify", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "code_life");
    db = created.db;
    // Recording orders hashes customer emails with a key derived from the app secret.
    useTestAppEnvironment(created.url, "test-secret");
    shopify = await startShopifyHarness();
    admin = shopify.admin;
    await db.shop.create({ data: { shop: TEST_SHOP, name: TEST_SHOP, currencyCode: "USD", ianaTimezone: "UTC" } });
    await db.programSettings.create({ data: { shop: TEST_SHOP, currency: "USD", defaultCommissionBasisPoints: 1000 } });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await shopify?.close();
  });

  describe("A5: a code attributes an order by its status when the order was placed", () => {
    it("an order placed while the code was active still attributes when it arrives after the code was deactivated", async () => {
      const creator = await addCreator("Late Lena");
      const target = await codeFor(creator.id, "LATELENA", new Date(Date.now() - 3 * HOUR));
      expect((await deactivateCreatorCode({ db, admin }, target)).ok).toBe(true);

      const order = await recordOrder("LATELENA", new Date(Date.now() - HOUR));
      expect(order).toMatchObject({ status: "attributed", creatorId: creator.id });
    });

    it("an order placed after the code was deactivated does not attribute via that code", async () => {
      const creator = await addCreator("Stale Sam");
      const target = await codeFor(creator.id, "STALESAM", new Date(Date.now() - 3 * HOUR));
      expect((await deactivateCreatorCode({ db, admin }, target)).ok).toBe(true);

      const order = await recordOrder("STALESAM", new Date(Date.now() + 60_000));
      expect(order).toMatchObject({ status: "unattributed", creatorId: null });
      expect(JSON.stringify(order.attribution)).toContain("deactivated");
    });

    it("an order placed after the code was deleted does not attribute; one placed before still does", async () => {
      const creator = await addCreator("Gone Gia");
      const target = await codeFor(creator.id, "GONEGIA", new Date(Date.now() - 3 * HOUR));
      expect((await deleteCreatorCode({ db, admin }, target)).ok).toBe(true);

      expect(await recordOrder("GONEGIA", new Date(Date.now() + 60_000))).toMatchObject({ status: "unattributed", creatorId: null });
      expect(await recordOrder("GONEGIA", new Date(Date.now() - HOUR))).toMatchObject({ status: "attributed", creatorId: creator.id });
    });

    it("a code deactivated and reactivated attributes orders from both active periods, not from the gap", async () => {
      const creator = await addCreator("Gap Gus");
      const target = await codeFor(creator.id, "GAPGUS", new Date(Date.now() - 3 * HOUR));
      const off = new Date(Date.now() - 2 * HOUR);
      const on = new Date(Date.now() - HOUR);
      expect((await deactivateCreatorCode({ db, admin }, { ...target, now: off })).ok).toBe(true);
      expect((await reactivateCreatorCode({ db, admin }, { ...target, now: on })).ok).toBe(true);

      expect(await recordOrder("GAPGUS", new Date(off.getTime() - 60_000))).toMatchObject({ status: "attributed", creatorId: creator.id });
      expect(await recordOrder("GAPGUS", new Date(off.getTime() + 60_000))).toMatchObject({ status: "unattributed" });
      expect(await recordOrder("GAPGUS", new Date(on.getTime() + 60_000))).toMatchObject({ status: "attributed", creatorId: creator.id });
    });
  });

  describe("A6: pausing or rejecting a creator switches their code off in Shopify", () => {
    it("pausing deactivates the creator's live codes in Shopify by default, and re-approving reactivates them", async () => {
      const creator = await addCreator("Paused Pia");
      await codeFor(creator.id, "PAUSEDPIA", new Date(Date.now() - HOUR));

      const paused = await changeCreatorStatus(creatorDeps(), { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "paused" });
      expect(paused).toMatchObject({ ok: true, changed: [{ id: creator.id }], notices: [] });
      expect((await shopifyDiscount("PAUSEDPIA"))?.status).toBe("EXPIRED");
      expect(await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toMatchObject({ status: "inactive" });

      // Codes are created on approval here: the creator gets their code back, not a second one.
      const withCodeOnApproval = { ...creatorDeps(), createCodeOnApproval: (input: { shop: string; creatorId: string; actor: string }) => createCreatorCode({ db, admin }, input) };
      const approved = await changeCreatorStatus(withCodeOnApproval, { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "approved" });
      expect(approved).toMatchObject({ ok: true, changed: [{ id: creator.id }] });
      expect(approved.ok && approved.notices.filter((notice) => notice.kind === "code")).toEqual([]);
      expect(await shopifyDiscount("PAUSEDPIA")).toMatchObject({ status: "ACTIVE", endsAt: null });
      expect(await db.discountCode.findMany({ where: { shop: TEST_SHOP, creatorId: creator.id } })).toMatchObject([{ code: "PAUSEDPIA", status: "active" }]);
    });

    it("rejecting deactivates too; re-approval leaves alone a code the merchant had switched off themselves", async () => {
      const creator = await addCreator("Rejected Rui");
      await codeFor(creator.id, "REJRUI", new Date(Date.now() - HOUR));
      const ownChoice = await codeFor(creator.id, "REJRUIOLD", new Date(Date.now() - HOUR));
      expect((await deactivateCreatorCode({ db, admin }, ownChoice)).ok).toBe(true);
      await changeCreatorStatus(creatorDeps(), { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "paused" });
      await changeCreatorStatus(creatorDeps(), { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "rejected", reason: "Off brand" });
      expect((await shopifyDiscount("REJRUI"))?.status).toBe("EXPIRED");

      await changeCreatorStatus(creatorDeps(), { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "approved" });
      expect((await shopifyDiscount("REJRUI"))?.status).toBe("ACTIVE");
      expect((await shopifyDiscount("REJRUIOLD"))?.status).toBe("EXPIRED");
    });

    it("the merchant can keep the code live when pausing", async () => {
      const creator = await addCreator("Kept Kai");
      await codeFor(creator.id, "KEPTKAI", new Date(Date.now() - HOUR));
      await changeCreatorStatus(creatorDeps(), { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "paused", syncCodes: false });
      expect((await shopifyDiscount("KEPTKAI"))?.status).toBe("ACTIVE");
    });

    it("a Shopify failure while deactivating is a notice, and the pause still holds", async () => {
      const creator = await addCreator("Flaky Flo");
      await codeFor(creator.id, "FLAKYFLO", new Date(Date.now() - HOUR));
      await shopify.control("/__devstore/fail-next", { operation: "discountCodeDeactivate", mode: "userError" });
      const paused = await changeCreatorStatus(creatorDeps(), { shop: TEST_SHOP, actor: "staff:1", creatorIds: [creator.id], to: "paused" });
      expect(paused).toMatchObject({ ok: true, changed: [{ id: creator.id }], notices: [{ creatorId: creator.id, kind: "code", message: expect.stringContaining("FLAKYFLO") }] });
      expect((await db.creator.findFirstOrThrow({ where: { shop: TEST_SHOP, id: creator.id } })).status).toBe("paused");
    });
  });

  it("B7: refuses a code value above the program's maximum in the admin too, on create and on edit", async () => {
    await db.programSettings.update({ where: { shop: TEST_SHOP }, data: { maxCodeDiscountBasisPoints: 3000, maxCodeDiscountAmountMinor: 5000n } });
    try {
      const creator = await addCreator("Greedy Gil");
      const tooMuch = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: "staff:1", code: "GREEDY100", discount: { value: { type: "percentage", basisPoints: 10_000 } } });
      expect(tooMuch).toEqual({ ok: false, errors: [{ field: "value", message: expect.stringContaining("30%") }] });
      expect(await shopifyDiscount("GREEDY100")).toBeUndefined();

      const target = await codeFor(creator.id, "GREEDY30", new Date(Date.now() - HOUR));
      const { updateCreatorCode } = await import("./manage-creator-code.server");
      const edited = await updateCreatorCode({ db, admin }, { ...target, changes: { value: { type: "fixed_amount", amountMinor: 5001n } } });
      expect(edited).toEqual({ ok: false, errors: [{ field: "value", message: expect.stringContaining("50.00") }] });
    } finally {
      await db.programSettings.update({ where: { shop: TEST_SHOP }, data: { maxCodeDiscountBasisPoints: 2000, maxCodeDiscountAmountMinor: null } });
    }
  });

  it("renaming a creator renames their discounts' titles in Shopify", async () => {
    const creator = await addCreator("Old Name");
    await codeFor(creator.id, "RENAMEME", new Date(Date.now() - HOUR));
    const result = await updateCreator(creatorDeps(), {
      shop: TEST_SHOP,
      actor: "staff:1",
      creatorId: creator.id,
      fields: { name: "New Name", email: creator.email, handle: creator.handle, status: "approved", commissionType: "none" },
      currency: "USD",
    });
    expect(result).toMatchObject({ ok: true });
    expect((await shopifyDiscount("RENAMEME"))?.title).toBe("Affable · New Name");
  });

  it("a deleted code's text can be given to another creator, and late orders still go to the first", async () => {
    const first = await addCreator("First Fay");
    const firstCode = await codeFor(first.id, "REUSEME", new Date(Date.now() - 3 * HOUR));
    const placedWhileFirst = new Date(Date.now() - 2 * HOUR);
    expect((await deleteCreatorCode({ db, admin }, firstCode)).ok).toBe(true);

    const second = await addCreator("Second Sid");
    const again = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: second.id, actor: "staff:1", code: "reuseme" });
    expect(again).toMatchObject({ ok: true, code: "REUSEME" });

    expect(await recordOrder("REUSEME", new Date(Date.now() + 60_000))).toMatchObject({ status: "attributed", creatorId: second.id });
    expect(await recordOrder("REUSEME", placedWhileFirst)).toMatchObject({ status: "attributed", creatorId: first.id });
  });
});
