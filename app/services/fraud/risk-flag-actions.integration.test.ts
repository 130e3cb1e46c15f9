/**
 * Actions on a risk flag against a real PostgreSQL and the local Shopify: rotating a leaked code (a new code in
 * Shopify from the program's code pattern, the old one deactivated there and here) and pausing the creator (their
 * codes switched off in Shopify). The flag stays open, the action is recorded on it and in the audit log.
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
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { createCreatorCode } from "../codes-links/create-creator-code.server";
import { loadRiskFlag } from "./load-risk-flag.server";
import { applyRiskVerdicts, RISK_SYSTEM_ACTOR, runRiskFlagAction } from "./risk-flags.server";

const postgresUrl = inject("postgresUrl");
const STAFF = "staff:77";

let db: Database;
let shopify: ShopifyHarness;
let admin: AdminGraphqlClient;

async function shopifyDiscount(code: string) {
  const answer = await shopify.inspect<{ discounts: Array<{ id: string; title: string; status: string; endsAt: string | null }> }>(
    `/__devstore/discounts?code=${encodeURIComponent(code)}`,
  );
  return answer.discounts[0];
}

async function creatorWithCodeAndFlag(handle: string, code: string, rule: "leaked_code" | "click_spam") {
  const creator = await db.creator.create({ data: { shop: TEST_SHOP, handle, name: handle, email: `${handle}@example.com`, refToken: `risk${handle}`, status: "approved" } });
  const created = await createCreatorCode({ db, admin }, { shop: TEST_SHOP, creatorId: creator.id, actor: STAFF, code });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: TEST_SHOP, now: new Date(), actor: RISK_SYSTEM_ACTOR }, [{
    action: "flag",
    verdict: {
      rule, creatorId: creator.id, severity: "medium", patternKey: `code:${code}`, summary: `${code} is on coupon sites.`,
      evidence: { facts: [{ label: "Code-only share", value: "86 %" }] }, orderIds: [], holdScope: "orders",
    },
  }]));
  return { creator, codeId: created.codeId, flagId: flag!.flagId! };
}

describe.skipIf(postgresUrl === null || !devstoreHasDiscounts())("risk flag actions on the local Shopify", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_actions");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    shopify = await startShopifyHarness();
    admin = shopify.admin;
    await db.shop.create({ data: { shop: TEST_SHOP, name: TEST_SHOP, currencyCode: "USD", ianaTimezone: "UTC" } });
    await db.programSettings.create({ data: { shop: TEST_SHOP, currency: "USD", defaultCommissionBasisPoints: 1000, codePattern: "{HANDLE}{RANDOM4}" } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await shopify?.close();
  });

  it("rotate code: a new code from the program's pattern in Shopify, the old one deactivated; the flag stays open with the action recorded", async () => {
    const { creator, codeId, flagId } = await creatorWithCodeAndFlag("rosa", "ROSALEAK", "leaked_code");
    const before = await db.riskFlag.findFirstOrThrow({ where: { id: flagId } });

    const result = await runRiskFlagAction(db, { admin, random4: () => "K7QX" }, {
      shop: TEST_SHOP, flagId, action: "rotate_code", reason: "Listed on retailmenot", actor: STAFF, now: new Date(),
    });
    expect(result).toMatchObject({ ok: true, action: "rotate_code", newCode: "ROSAK7QX", deactivatedCodes: ["ROSALEAK"], notices: [] });

    expect(await shopifyDiscount("ROSAK7QX")).toMatchObject({ status: "ACTIVE" });
    expect((await shopifyDiscount("ROSALEAK"))?.status).not.toBe("ACTIVE");
    expect(await db.discountCode.findFirstOrThrow({ where: { id: codeId } })).toMatchObject({ status: "inactive" });
    expect(await db.discountCode.findFirstOrThrow({ where: { shop: TEST_SHOP, code: "ROSAK7QX" } })).toMatchObject({ creatorId: creator.id, status: "active" });

    const after = await db.riskFlag.findFirstOrThrow({ where: { id: flagId } });
    expect(after).toMatchObject({ status: "open", openKey: `${creator.id}:leaked_code`, version: before.version + 1 });
    const detail = await loadRiskFlag(db, TEST_SHOP, flagId);
    expect(detail!.actionsTaken).toEqual([expect.objectContaining({ action: "rotate_code", actor: STAFF, reason: "Listed on retailmenot", note: expect.stringContaining("ROSAK7QX") })]);
    expect(detail!.evidence.facts).toEqual([{ label: "Code-only share", value: "86 %" }]);
    expect(detail!.history.at(-1)).toMatchObject({ action: "risk_flag.rotate_code", actor: STAFF, reason: "Listed on retailmenot" });
  });

  it("pause creator: the creator is paused and their code switched off in Shopify; the flag stays open", async () => {
    const { creator, flagId } = await creatorWithCodeAndFlag("pia", "PIASPAM", "click_spam");
    const result = await runRiskFlagAction(db, { admin }, { shop: TEST_SHOP, flagId, action: "pause_creator", reason: "Bot clicks", actor: STAFF, now: new Date() });
    expect(result).toMatchObject({ ok: true, action: "pause_creator", notices: [] });
    expect(await db.creator.findFirstOrThrow({ where: { id: creator.id } })).toMatchObject({ status: "paused", statusReason: "Risk review: Bot clicks" });
    expect((await shopifyDiscount("PIASPAM"))?.status).not.toBe("ACTIVE");
    expect(await db.riskFlag.findFirstOrThrow({ where: { id: flagId } })).toMatchObject({ status: "open" });
    expect(await db.auditEvent.findFirst({ where: { shop: TEST_SHOP, subjectId: flagId, action: "risk_flag.pause_creator" } })).toMatchObject({ actor: STAFF, reason: "Bot clicks" });

    // Pausing again is refused with the reason, and nothing more is recorded.
    const again = await runRiskFlagAction(db, { admin }, { shop: TEST_SHOP, flagId, action: "pause_creator", reason: "Again", actor: STAFF, now: new Date() });
    expect(again).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("already paused") });
    expect(await db.auditEvent.count({ where: { shop: TEST_SHOP, subjectId: flagId, action: "risk_flag.pause_creator" } })).toBe(1);
  });

  it("an action needs a reason, named as the field", async () => {
    const { flagId } = await creatorWithCodeAndFlag("noor", "NOORCODE", "leaked_code");
    expect(await runRiskFlagAction(db, { admin }, { shop: TEST_SHOP, flagId, action: "rotate_code", reason: "", actor: STAFF, now: new Date() }))
      .toEqual({ ok: false, status: 422, errors: [{ field: "reason", message: expect.stringContaining("Enter a reason") }] });
    expect(await db.discountCode.count({ where: { shop: TEST_SHOP, code: { startsWith: "NOOR" } } })).toBe(1);
  });
});
