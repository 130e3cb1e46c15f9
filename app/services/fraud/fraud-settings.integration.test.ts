/**
 * Settings › Fraud on PostgreSQL, through the service its loader and action call: the form's fields validated by the
 * domain's parseFraudSettings with errors named by field ("velocity.threshold"), coupon sites as valid domains, the
 * version lock (a stale tab gets 409), an audit of what changed, shops kept apart.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { DEFAULT_FRAUD_SETTINGS } from "../../domain/fraud";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { buildFraudRuleViews, loadFraudSettings, parseCouponSites, saveFraudSettings } from "./fraud-settings.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "fraud-settings.myshopify.com";
const OTHER_SHOP = "fraud-settings-other.myshopify.com";
const STAFF = "staff:31";
let db: Database;

describe("coupon site list", () => {
  it("keeps domains (lower-cased, without scheme, www. or path), refuses anything else naming the entry", () => {
    expect(parseCouponSites("https://www.DealSite.com/codes?x=1\n deals.example.co.uk, dealsite.com\n\nbücher.de")).toEqual({ ok: true, sites: ["dealsite.com", "deals.example.co.uk", "xn--bcher-kva.de"] });
    for (const bad of ["localhost", "1.2.3.4", "not-a-domain", "exa_mple.com", "dealsite.com:8080", "deals..com", "dealsite.123"]) {
      expect(parseCouponSites(bad).ok, bad).toBe(false);
    }
    expect(parseCouponSites("good.com\nlocalhost")).toEqual({ ok: false, message: "“localhost” is not a website domain. Enter domains like dealsite.com, one per line." });
  });
});

describe.skipIf(postgresUrl === null)("fraud settings (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "fraud_settings")).db;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("reads Affable's defaults before the first save, one line per rule", async () => {
    const loaded = await loadFraudSettings(db, SHOP);
    expect(loaded).toMatchObject({ version: 0, paidSearchForbidden: true, extraCouponSites: [], rules: DEFAULT_FRAUD_SETTINGS });
    const views = buildFraudRuleViews(loaded.rules);
    const velocity = views.find((view) => view.id === "velocity");
    expect(velocity).toMatchObject({ enabled: true, action: "flag", threshold: { name: "velocity.threshold", value: "6", min: 1, max: 100 } });
    expect(velocity?.description).toMatch(/^Flag a day whose orders or revenue are more than 6 robust deviations/);
    expect(velocity?.fields.find((field) => field.key === "windowDays")).toMatchObject({ kind: "number", name: "velocity.windowDays", label: "Window (days)", value: "3", min: 1, max: 31, step: 1 });
    expect(views.find((view) => view.id === "paid_traffic")?.fields.find((field) => field.key === "socialIdsAlone")).toMatchObject({ kind: "choice", value: "ignore" });
    expect(views.find((view) => view.id === "duplicate_identity")?.fields.find((field) => field.key === "matchDevice")).toMatchObject({ kind: "boolean", value: true });
  });

  it("refuses a bad threshold with 400 naming the field, and a bad coupon site naming it; nothing is saved", async () => {
    const refused = await saveFraudSettings(db, { shop: SHOP, actor: STAFF, form: { version: "0", "velocity.threshold": "0.5", "leaked_code.windowDays": "many", couponSites: "dealsite.com\nnope" } });
    expect(refused).toEqual({
      ok: false,
      status: 400,
      errors: {
        "velocity.threshold": "Enter a number from 1 to 100.",
        "leaked_code.windowDays": "Enter a whole number from 1 to 365.",
        couponSites: "“nope” is not a website domain. Enter domains like dealsite.com, one per line.",
      },
    });
    expect(await saveFraudSettings(db, { shop: SHOP, actor: STAFF, form: { version: "0", "refund_abuse.action": "block" } })).toMatchObject({ status: 400, errors: { "refund_abuse.action": expect.any(String) as unknown } });
    expect(await saveFraudSettings(db, { shop: SHOP, actor: STAFF, form: {} })).toMatchObject({ status: 400, errors: { form: expect.stringContaining("Reload") as unknown } });
    expect(await db.fraudSettings.findUnique({ where: { shop: SHOP } })).toBeNull();
  });

  it("saves, audits what changed, refuses a stale tab with 409, and leaves other shops alone", async () => {
    const form = {
      version: "0",
      "velocity.threshold": "8",
      "leaked_code.enabled": "false",
      "self_referral.action": "flag",
      couponSites: "https://www.DealSite.com/x\nfoo.example.org",
      paidSearchForbidden: "false",
    };
    expect(await saveFraudSettings(db, { shop: SHOP, actor: STAFF, form })).toEqual({
      ok: true,
      version: 1,
      changed: ["self_referral.action", "leaked_code.enabled", "velocity.threshold", "couponSites", "paidSearchForbidden"],
    });
    const saved = await loadFraudSettings(db, SHOP);
    expect(saved).toMatchObject({ version: 1, updatedBy: STAFF, paidSearchForbidden: false, extraCouponSites: ["dealsite.com", "foo.example.org"] });
    expect(saved.rules.velocity.threshold).toBe(8);
    expect(saved.rules.leaked_code.enabled).toBe(false);
    expect(saved.rules.self_referral.action).toBe("flag");
    expect(saved.rules.refund_abuse).toEqual(DEFAULT_FRAUD_SETTINGS.refund_abuse);
    expect(buildFraudRuleViews(saved.rules).find((view) => view.id === "leaked_code")?.description).toMatch(/^Off\. /);

    const audit = await db.auditEvent.findMany({ where: { shop: SHOP, action: "fraud_settings.updated" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: STAFF, subjectType: "fraud_settings", subjectId: SHOP });
    expect((audit[0]?.details as { changes: Record<string, unknown> }).changes["velocity.threshold"]).toEqual({ from: 6, to: 8 });

    // The other tab still holds version 0.
    expect(await saveFraudSettings(db, { shop: SHOP, actor: "staff:99", form: { ...form, "velocity.threshold": "9" } })).toEqual({
      ok: false,
      status: 409,
      errors: { form: "Someone saved the fraud settings while you were editing. Reload the page to see their changes, then make yours again." },
    });
    expect((await loadFraudSettings(db, SHOP)).rules.velocity.threshold).toBe(8);
    // Saving what is already there changes nothing and is not audited.
    expect(await saveFraudSettings(db, { shop: SHOP, actor: STAFF, form: { ...form, version: "1" } })).toEqual({ ok: true, changed: [], version: 1 });
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "fraud_settings.updated" } })).toBe(1);

    expect((await loadFraudSettings(db, OTHER_SHOP)).version).toBe(0);
    expect(await db.auditEvent.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });

  it("two tabs saving at once: one wins, the other is told to reload", async () => {
    const save = (threshold: string) => saveFraudSettings(db, { shop: OTHER_SHOP, actor: STAFF, form: { version: "0", "click_spam.threshold": threshold } });
    const results = await Promise.all([save("40"), save("50")]);
    expect(results.map((result) => (result.ok ? 200 : result.status)).sort()).toEqual([200, 409]);
    expect([40, 50]).toContain((await loadFraudSettings(db, OTHER_SHOP)).rules.click_spam.threshold);
  });
});
