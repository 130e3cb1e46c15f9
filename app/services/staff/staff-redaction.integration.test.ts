/**
 * shop/redact erases staff names (Shopify's first/last name, or what the owner typed) from StaffMember and from the
 * audit trail of renames; the user ids and permissions stay (they say who approved money).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { redactShop } from "../compliance/redact-shop.server";
import { renameStaffMember } from "./manage-staff-members.server";
import { recordStaffVisit } from "./record-staff-visit.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "staff-redact.myshopify.com";
const OTHER_SHOP = "staff-redact-other.myshopify.com";
const NOW = new Date("2026-12-07T18:00:00.000Z");
let db: Database;

describe.skipIf(postgresUrl === null)("shop/redact and staff names (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "staff_redact")).db;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("staff names are erased, ids and permissions kept; other shops untouched", async () => {
    await db.shop.create({ data: { shop: SHOP, name: SHOP, currencyCode: "USD", ianaTimezone: "UTC" } });
    await recordStaffVisit(db, SHOP, "1", NOW, { identify: () => Promise.resolve({ accountOwner: true, displayName: "Ada Lovelace" }) });
    const clerk = await recordStaffVisit(db, SHOP, "2", NOW);
    expect(await renameStaffMember(db, { shop: SHOP, actorUserId: "1", memberId: clerk.id, displayName: "Grace Hopper", reason: "", now: NOW })).toMatchObject({ ok: true });
    await recordStaffVisit(db, OTHER_SHOP, "1", NOW, { identify: () => Promise.resolve({ accountOwner: true, displayName: "Ada Lovelace" }) });

    await db.$transaction((tx) => redactShop(tx, SHOP, "redaction-key", "event-1", NOW));

    expect(await db.staffMember.findMany({ where: { shop: SHOP }, orderBy: { userId: "asc" }, select: { userId: true, displayName: true, isOwner: true } })).toEqual([
      { userId: "1", displayName: null, isOwner: true },
      { userId: "2", displayName: null, isOwner: false },
    ]);
    const audit = await db.auditEvent.findMany({ where: { shop: SHOP, action: "staff.renamed" } });
    expect(JSON.stringify(audit)).not.toMatch(/Grace|Hopper/);
    expect((await db.staffMember.findFirstOrThrow({ where: { shop: OTHER_SHOP } })).displayName).toBe("Ada Lovelace");
  });
});
