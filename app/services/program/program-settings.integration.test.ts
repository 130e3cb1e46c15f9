import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readProgramSettings } from "../../domain/program/read-program-settings";
import { readWebhookFixture, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { OrderPayload } from "../../webhooks/orders/read-order-payload";
import {
  loadEditableProgramSettings,
  loadProgramSettings,
  ProgramSettingsError,
  updateProgramSettings,
  type ProgramSettingsInput,
} from "./program-settings.server";
import { recordOrderWebhook } from "../orders-commissions/record-order-money.server";

const postgresUrl = inject("postgresUrl");
let db: Database;

describe.skipIf(postgresUrl === null)("program settings on PostgreSQL", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "settings");
    db = created.db;
    // The app's environment (orders hash customer emails with a key derived from the app secret).
    useTestAppEnvironment(created.url, "test-secret");
    await db.shop.create({ data: { shop: "yen.myshopify.com", name: "Yen", currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
    await db.shop.create({ data: { shop: "other.myshopify.com", name: "Other", currencyCode: "USD", ianaTimezone: "UTC" } });
  });
  afterAll(async () => db?.$disconnect());

  it("creates defaults once, in the shop's currency, even when first loads race", async () => {
    const loaded = await Promise.all([1, 2, 3, 4].map(() => loadProgramSettings(db, "yen.myshopify.com")));
    expect(new Set(loaded.map((settings) => settings.currency))).toEqual(new Set(["JPY"]));
    expect(await db.programSettings.count({ where: { shop: "yen.myshopify.com" } })).toBe(1);
    expect(loaded[0]).toMatchObject({ version: 1, codePattern: "{HANDLE}15", defaultCommissionBasisPoints: 1000 });
  });

  it("refuses a shop Affable has never seen", async () => {
    await expect(loadProgramSettings(db, "unknown.myshopify.com")).rejects.toBeInstanceOf(ProgramSettingsError);
  });

  it("bumps the version and audits exactly what changed, for this shop only", async () => {
    const before = await loadProgramSettings(db, "yen.myshopify.com");
    const current = readProgramSettings(before);
    const input: ProgramSettingsInput = { ...current, defaultCommissionBasisPoints: 1250, defaultCommissionFlatMinor: 500n, cookieWindowDays: 14 };
    const { settings, changed } = await updateProgramSettings(db, "yen.myshopify.com", "staff:7", input, before.version);
    expect(settings.version).toBe(before.version + 1);
    expect(changed.sort()).toEqual(["cookieWindowDays", "defaultCommissionBasisPoints", "defaultCommissionFlatMinor"]);
    const [event] = await db.auditEvent.findMany({ where: { shop: "yen.myshopify.com", action: "program_settings.updated" } });
    expect(event?.actor).toBe("staff:7");
    expect(event?.details).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      changes: { defaultCommissionBasisPoints: { from: 1000, to: 1250 }, defaultCommissionFlatMinor: { from: "0", to: "500" }, cookieWindowDays: { from: 30, to: 14 } },
    });
    expect((await loadProgramSettings(db, "other.myshopify.com")).version).toBe(1);

    // A save from a stale form (still at version 1) is refused rather than undoing the change above.
    await expect(updateProgramSettings(db, "yen.myshopify.com", "staff:8", { ...input, cookieWindowDays: 60 }, 1)).rejects.toThrow(/Reload the page/);
    // Saving the same values again changes nothing and writes no audit row.
    expect((await updateProgramSettings(db, "yen.myshopify.com", "staff:7", input, 2)).changed).toEqual([]);
    expect(await db.auditEvent.count({ where: { shop: "yen.myshopify.com" } })).toBe(1);
  });

  it("saves commission rules, audits JSON changes as values, and sees no change when they are saved again", async () => {
    const before = await loadProgramSettings(db, "other.myshopify.com");
    const input: ProgramSettingsInput = {
      ...readProgramSettings(before),
      defaultCommissionType: "tiered",
      tiers: [
        { minimumRevenueMinor: 0n, basisPoints: 1000 },
        { minimumRevenueMinor: 100_000n, basisPoints: 1500 },
      ],
      tierPeriod: "calendar_quarter",
      productRates: [{ productId: "gid://shopify/Product/1", title: "Hoodie", basisPoints: 2000 }],
      collectionRates: [{ collectionId: "gid://shopify/Collection/2", title: "Sale", basisPoints: 500 }],
      capPerOrderMinor: 5_000n,
      minimumPayoutMinor: 2_500n,
    };
    const { changed } = await updateProgramSettings(db, "other.myshopify.com", "staff:9", input, before.version);
    expect(changed.sort()).toEqual(["capPerOrderMinor", "collectionRates", "defaultCommissionType", "minimumPayoutMinor", "productRates", "tierPeriod", "tiers"]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { shop: "other.myshopify.com", action: "program_settings.updated" } });
    expect(event.details).toMatchObject({
      changes: {
        tiers: { from: [], to: [{ minimumRevenueMinor: "0", basisPoints: 1000 }, { minimumRevenueMinor: "100000", basisPoints: 1500 }] },
        productRates: { from: [], to: [{ productId: "gid://shopify/Product/1", title: "Hoodie", basisPoints: 2000 }] },
        capPerOrderMinor: { from: null, to: "5000" },
        minimumPayoutMinor: { from: "0", to: "2500" },
      },
    });
    const { values, problem } = await loadEditableProgramSettings(db, "other.myshopify.com");
    expect(problem).toBeNull();
    expect(values).toEqual(input);
    // jsonb stores keys in its own order: the same rules saved again must still compare equal.
    expect((await updateProgramSettings(db, "other.myshopify.com", "staff:9", input)).changed).toEqual([]);
  });

  it("opens settings whose stored rules are unreadable, saying so, so that saving can repair them", async () => {
    await db.shop.create({ data: { shop: "broken.myshopify.com", name: "Broken", currencyCode: "USD", ianaTimezone: "UTC" } });
    await db.programSettings.create({ data: { shop: "broken.myshopify.com", currency: "USD", productRates: [{ productId: 42, basisPoints: "lots" }] } });
    const { values, problem } = await loadEditableProgramSettings(db, "broken.myshopify.com");
    expect(problem).toMatch(/invalid productRates.*Open Settings/);
    expect(values.productRates).toEqual([]);
  });
});

describe.skipIf(postgresUrl === null)("commission rules applied to order webhooks (PostgreSQL)", () => {
  const SHOP = "rules.myshopify.com";
  let creatorId: string;
  let sequence = 0;

  /** The orders-paid-code fixture (AMELIA15; lines: product 8320982911 base 68.00, product 8320982912 base 21.25) as a new order. */
  async function recordOrder(createdAt: string): Promise<{ netMinor: bigint; ruleVersionId: string }> {
    sequence += 1;
    const legacyId = 7_000_000_000 + sequence;
    const payload = { ...readWebhookFixture("orders-paid-code"), id: legacyId, admin_graphql_api_id: `gid://shopify/Order/${legacyId}`, name: `#R${sequence}`, created_at: createdAt };
    const now = new Date(new Date(createdAt).getTime() + 60_000);
    await db.$transaction((tx) => recordOrderWebhook(tx, { shop: SHOP, webhookEventId: `rules-${sequence}` }, payload as unknown as OrderPayload, now));
    return db.commission.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: `gid://shopify/Order/${legacyId}` }, select: { netMinor: true, ruleVersionId: true } });
  }

  async function saveRules(changes: Partial<ProgramSettingsInput>) {
    const current = await loadProgramSettings(db, SHOP);
    await updateProgramSettings(db, SHOP, "staff:1", { ...readProgramSettings(current), ...changes }, current.version);
  }

  beforeAll(async () => {
    await db.shop.create({ data: { shop: SHOP, name: "Rules", currencyCode: "USD", ianaTimezone: "America/New_York" } });
    await db.programSettings.create({ data: { shop: SHOP, currency: "USD", defaultCommissionBasisPoints: 1000 } });
    const creator = await db.creator.create({
      data: { shop: SHOP, handle: "amelia", name: "Amelia", email: "amelia@example.com", refToken: "r_rules01", status: "approved" },
    });
    creatorId = creator.id;
    await db.discountCode.create({
      data: {
        shop: SHOP, creatorId, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/91",
        valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
  });

  it("pays a product rate on its line and the default on the rest, then caps the order", async () => {
    await saveRules({ productRates: [{ productId: "gid://shopify/Product/8320982912", title: "Linen shirt", basisPoints: 4000 }] });
    // 68.00 × 10 % + 21.25 × 40 % = 6.80 + 8.50
    expect(await recordOrder("2026-05-10T10:00:00-04:00")).toEqual({ netMinor: 1530n, ruleVersionId: "program-settings:v2" });
    await saveRules({ capPerOrderMinor: 1_200n });
    expect(await recordOrder("2026-05-11T10:00:00-04:00")).toEqual({ netMinor: 1200n, ruleVersionId: "program-settings:v3" });
  });

  it("picks the tier from the creator's revenue earlier in the month, in the shop's timezone", async () => {
    await saveRules({
      productRates: [],
      capPerOrderMinor: null,
      defaultCommissionType: "tiered",
      tierPeriod: "calendar_month",
      tiers: [
        { minimumRevenueMinor: 0n, basisPoints: 1000 },
        { minimumRevenueMinor: 10_000n, basisPoints: 2000 },
      ],
    });
    // Earlier months' orders (May, above) do not count in June. First June order: revenue before 0 → 10 % of 89.25.
    expect((await recordOrder("2026-06-02T10:00:00-04:00")).netMinor).toBe(892n);
    // 89.25 before → still below 100.00 → 10 %; this order takes June to 178.50.
    expect((await recordOrder("2026-06-03T10:00:00-04:00")).netMinor).toBe(892n);
    // 178.50 before → 20 %. 23:30 on 30 June in New York is already 1 July in UTC: still June for this shop.
    expect((await recordOrder("2026-06-30T23:30:00-04:00")).netMinor).toBe(1785n);
    // July starts from zero again (00:30 in New York).
    expect((await recordOrder("2026-07-01T00:30:00-04:00")).netMinor).toBe(892n);
  });

  it("counts only earlier orders: an order placed before the others is priced on what came before it", async () => {
    // A late-arriving webhook for 1 June: nothing earlier in June, so 10 %, although June already has 267.75.
    expect((await recordOrder("2026-06-01T00:05:00-04:00")).netMinor).toBe(892n);
  });
});
