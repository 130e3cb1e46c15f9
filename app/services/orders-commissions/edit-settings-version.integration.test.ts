/**
 * An order edit is re-priced with the program settings version its commission accrued under, not with today's
 * (issue #12, A4). Every settings change appends a ProgramSettingsVersion row; the commission stores the id of
 * the version it accrued under.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { readProgramSettings } from "../../domain/program/read-program-settings";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { readOrderPayload, type OrderPayload } from "../../webhooks/orders/read-order-payload";
import { loadProgramSettings, updateProgramSettings } from "../program/program-settings.server";
import { recordOrderWebhook } from "./record-order-money.server";
import { recordOrderEdit } from "./record-order-edit.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "versions.myshopify.com";
const NOW = new Date("2026-11-25T00:00:00Z");
let db: Database;

/** orders-paid-ref (JPY, referred by r_kenji01) with one line of ¥5,000 × `quantity`. */
function buildOrder(quantity: number): OrderPayload {
  const fixture = readWebhookFixture("orders-paid-ref") as Record<string, unknown> & { line_items: Record<string, unknown>[] };
  const money = { shop_money: { amount: "5000", currency_code: "JPY" }, presentment_money: { amount: "5000", currency_code: "JPY" } };
  return {
    ...fixture,
    note_attributes: [{ name: "_affable_ref", value: "r_kenji01" }, { name: "_affable_ref_at", value: "2026-11-18T03:00:00Z" }],
    line_items: [{ ...fixture.line_items[0], quantity, price: "5000", price_set: money, discount_allocations: [], tax_lines: [] }],
  } as unknown as OrderPayload;
}

describe.skipIf(postgresUrl === null)("order edits use the settings version the commission accrued under (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "settings_versions");
    db = created.db;
    // Recording orders hashes customer emails with a key derived from the app secret.
    useTestAppEnvironment(created.url, "test-secret");
    await db.shop.create({ data: { shop: SHOP, name: SHOP, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
    await db.creator.create({ data: { shop: SHOP, handle: "kenji", name: "Kenji", email: "kenji@example.jp", refToken: "r_kenji01", status: "approved" } });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("accrue an order under 10 %, change settings to 20 %, edit the order → the edit uses 10 %", async () => {
    const v1 = await loadProgramSettings(db, SHOP);
    expect(v1.defaultCommissionBasisPoints).toBe(1000);
    const order = buildOrder(1);
    await db.$transaction((tx) => recordOrderWebhook(tx, { shop: SHOP, webhookEventId: "wh-order" }, order, NOW));

    await updateProgramSettings(db, SHOP, "staff:1", { ...readProgramSettings(v1), defaultCommissionBasisPoints: 2000 }, v1.version);
    const edited = readOrderPayload(buildOrder(2)).commission;
    await db.$transaction((tx) =>
      recordOrderEdit(tx, { shop: SHOP, webhookEventId: "wh-edit" }, { editId: "900", orderLegacyId: String(order.id), editedAt: new Date("2026-11-21T00:00:00Z") }, edited, NOW));

    const commission = await db.commission.findFirstOrThrow({ where: { shop: SHOP }, include: { entries: { orderBy: { createdAt: "asc" } } } });
    // ¥5,000 × 10 % = ¥500 at accrual; the edit adds a second ¥5,000 unit, still at 10 %: +¥500 (not +¥1,500).
    expect(commission.entries.map((entry) => [entry.kind, entry.amountMinor])).toEqual([["accrual", 500n], ["edit_adjustment", 500n]]);
    expect(commission.netMinor).toBe(1000n);

    // Every version is kept: v1 (10 %) and v2 (20 %), and the commission names the one it accrued under.
    const versions = await db.programSettingsVersion.findMany({ where: { shop: SHOP }, orderBy: { version: "asc" } });
    expect(versions.map((version) => [version.version, version.defaultCommissionBasisPoints])).toEqual([[1, 1000], [2, 2000]]);
    expect(commission.settingsVersionId).toBe(versions[0]!.id);
  });

  it("a new order after the change accrues under the newest version (20 %)", async () => {
    const order = { ...buildOrder(1), id: 5820982922999, admin_graphql_api_id: "gid://shopify/Order/5820982922999" } as OrderPayload;
    await db.$transaction((tx) => recordOrderWebhook(tx, { shop: SHOP, webhookEventId: "wh-order-2" }, order, NOW));
    const commission = await db.commission.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: order.admin_graphql_api_id } });
    expect(commission.netMinor).toBe(1000n);
    const newest = await db.programSettingsVersion.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { version: "desc" } });
    expect(commission.settingsVersionId).toBe(newest.id);
  });
});
