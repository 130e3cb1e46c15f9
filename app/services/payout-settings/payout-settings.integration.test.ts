/**
 * Settings › Payouts on a real PostgreSQL database: the form parsed once (field errors), saved with an audit of what
 * changed, auto-approval guarded by the payout-approval permission, a stale tab told to reload, other columns of
 * the row (PayPal, bank) left alone, shops kept apart.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { parsePayoutSettingsForm } from "../../domain/payout-settings/parse-payout-settings-form";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { recordStaffVisit } from "../staff/record-staff-visit.server";
import { setCanApprovePayouts } from "../staff/manage-staff-members.server";
import { loadPayoutSettings, updatePayoutSettings } from "./payout-settings.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "payout-settings.myshopify.com";
const OTHER_SHOP = "payout-settings-other.myshopify.com";
const NOW = new Date("2026-12-07T18:00:00.000Z");
let db: Database;

const FORM = { schedule: "weekly", scheduleWeekday: "5", scheduleMonthDay: "", autoApproveBelow: "", defaultMethod: "paypal", storeCreditExpiryDays: "365", giftCardExpiryDays: "" };

function parsed(form: Record<string, string>, currency = "USD") {
  const result = parsePayoutSettingsForm(form, currency);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.settings;
}

describe.skipIf(postgresUrl === null)("payout settings (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "payout_settings")).db;
    await recordStaffVisit(db, SHOP, "owner-1", NOW);
    await recordStaffVisit(db, SHOP, "clerk-2", NOW);
    await recordStaffVisit(db, SHOP, "approver-3", NOW);
    const approver = await db.staffMember.findFirstOrThrow({ where: { shop: SHOP, userId: "approver-3" } });
    await setCanApprovePayouts(db, { shop: SHOP, actorUserId: "owner-1", memberId: approver.id, allowed: true, reason: "Finance", now: NOW });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("validation errors name the field (nothing saved)", async () => {
    expect(parsePayoutSettingsForm({ ...FORM, schedule: "monthly", scheduleMonthDay: "31", autoApproveBelow: "1.999" }, "USD")).toEqual({
      ok: false,
      errors: { scheduleMonthDay: expect.stringContaining("1 to 28") as unknown, autoApproveBelow: expect.stringContaining("USD") as unknown },
    });
    expect(await db.payoutSettings.findUnique({ where: { shop: SHOP } })).toBeNull();
  });

  it("a staff member without payout approval saves the schedule but not auto-approval; an approver can; each save audited", async () => {
    const first = await loadPayoutSettings(db, SHOP);
    expect(first.updatedAt).toBeNull();
    expect(await updatePayoutSettings(db, { shop: SHOP, actorUserId: "clerk-2", settings: parsed(FORM), expectedUpdatedAt: first.updatedAt })).toEqual({
      ok: true,
      changed: ["schedule", "scheduleWeekday", "defaultMethod", "storeCreditExpiryDays"],
    });

    const second = await loadPayoutSettings(db, SHOP);
    expect(second.settings).toMatchObject({ schedule: "weekly", scheduleWeekday: 5, defaultMethod: "paypal", storeCreditExpiryDays: 365, autoApproveBelowMinor: null });
    const refused = await updatePayoutSettings(db, { shop: SHOP, actorUserId: "clerk-2", settings: parsed({ ...FORM, autoApproveBelow: "500" }), expectedUpdatedAt: second.updatedAt });
    expect(refused).toMatchObject({ ok: false, status: 403, errors: { autoApproveBelow: expect.stringMatching(/owner or staff who can approve payouts/) as unknown } });
    expect((await loadPayoutSettings(db, SHOP)).settings.autoApproveBelowMinor).toBeNull();

    expect(await updatePayoutSettings(db, { shop: SHOP, actorUserId: "approver-3", settings: parsed({ ...FORM, autoApproveBelow: "500" }), expectedUpdatedAt: second.updatedAt })).toEqual({ ok: true, changed: ["autoApproveBelowMinor"] });
    const third = await loadPayoutSettings(db, SHOP);
    expect(third).toMatchObject({ settings: { autoApproveBelowMinor: 50_000n }, updatedBy: "staff:approver-3" });

    // The clerk may still change other fields while leaving auto-approval as it is.
    expect(await updatePayoutSettings(db, { shop: SHOP, actorUserId: "clerk-2", settings: parsed({ ...FORM, autoApproveBelow: "500.00", requireTaxForm: "on" }), expectedUpdatedAt: third.updatedAt })).toEqual({ ok: true, changed: ["requireTaxForm"] });

    const audit = await db.auditEvent.findMany({ where: { shop: SHOP, action: "payout_settings.updated" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => [event.actor, Object.keys((event.details as { changes: object }).changes).sort()])).toEqual([
      ["staff:clerk-2", ["defaultMethod", "schedule", "scheduleWeekday", "storeCreditExpiryDays"]],
      ["staff:approver-3", ["autoApproveBelowMinor"]],
      ["staff:clerk-2", ["requireTaxForm"]],
    ]);
    expect(audit[1]?.details).toEqual({ changes: { autoApproveBelowMinor: { from: null, to: "50000" } } });
  });

  it("a save from a stale tab is refused; PayPal and bank columns are left alone; other shops unaffected", async () => {
    await db.payoutSettings.update({ where: { shop: SHOP }, data: { paypalClientId: "client-abc", sepaDebtorName: "Shop GmbH" } });
    const stale = new Date("2020-01-01T00:00:00Z");
    expect(await updatePayoutSettings(db, { shop: SHOP, actorUserId: "owner-1", settings: parsed({ ...FORM, schedule: "off" }), expectedUpdatedAt: stale })).toMatchObject({ ok: false, status: 409 });
    const current = await loadPayoutSettings(db, SHOP);
    expect(await updatePayoutSettings(db, { shop: SHOP, actorUserId: "owner-1", settings: parsed({ ...FORM, schedule: "off" }), expectedUpdatedAt: current.updatedAt })).toMatchObject({ ok: true });
    expect(await db.payoutSettings.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ schedule: "off", scheduleWeekday: null, paypalClientId: "client-abc", sepaDebtorName: "Shop GmbH" });
    expect((await loadPayoutSettings(db, OTHER_SHOP)).updatedAt).toBeNull();
  });
});
