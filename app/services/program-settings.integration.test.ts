import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../db.server";
import { createMigratedDatabase } from "../../tests/support/app-test-harness";
import { loadProgramSettings, ProgramSettingsError, updateProgramSettings, type ProgramSettingsInput } from "./program-settings.server";

const postgresUrl = inject("postgresUrl");
let db: Database;

describe.skipIf(postgresUrl === null)("program settings on PostgreSQL", () => {
  beforeAll(async () => {
    ({ db } = await createMigratedDatabase(postgresUrl ?? "", "settings"));
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
    const { shop: _shop, currency: _currency, version: _version, updatedAt: _updatedAt, ...current } = before;
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
});
