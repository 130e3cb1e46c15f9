/**
 * Staff identity and payout-approval permissions on a real PostgreSQL database: the first member seen becomes the
 * owner exactly once even when two first requests race, only the owner grants, and every change is audited.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { renameStaffMember, setCanApprovePayouts, transferOwnership } from "./manage-staff-members.server";
import { canApprovePayouts } from "./payout-approvers.server";
import { LAST_SEEN_REFRESH_MS, recordStaffVisit } from "./record-staff-visit.server";

const postgresUrl = inject("postgresUrl");
const NOW = new Date("2026-12-07T18:00:00.000Z");
let db: Database;
let secondDb: Database;

describe.skipIf(postgresUrl === null)("staff members (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "staff_members");
    db = created.db;
    // A second client (its own connection pool) so the racing requests really run on two connections.
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { PrismaClient } = await import("../../generated/prisma/client");
    secondDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: created.url }) });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await secondDb?.$disconnect();
  });

  it("two first requests at once (two staff members): exactly one becomes the owner, both are recorded", async () => {
    for (let round = 0; round < 8; round++) {
      const shop = `race-${round}.myshopify.com`;
      const results = await Promise.all([recordStaffVisit(db, shop, "1001", NOW), recordStaffVisit(secondDb, shop, "1002", NOW)]);
      expect(results.filter((member) => member.isOwner)).toHaveLength(1);
      const rows = await db.staffMember.findMany({ where: { shop } });
      expect(rows).toHaveLength(2);
      expect(rows.filter((member) => member.isOwner)).toHaveLength(1);
      const owner = rows.find((member) => member.isOwner);
      expect(owner?.canApprovePayouts).toBe(true);
      expect(rows.find((member) => !member.isOwner)?.canApprovePayouts).toBe(false);
    }
  });

  it("one staff member's two first requests at once: one row, the owner", async () => {
    const shop = "same-user.myshopify.com";
    const [a, b] = await Promise.all([recordStaffVisit(db, shop, "2001", NOW), recordStaffVisit(secondDb, shop, "2001", NOW)]);
    expect(a.id).toBe(b.id);
    expect(await db.staffMember.findMany({ where: { shop }, select: { userId: true, isOwner: true } })).toEqual([{ userId: "2001", isOwner: true }]);
  });

  it("lastSeenAt is written at most once per few minutes per member", async () => {
    const shop = "last-seen.myshopify.com";
    await recordStaffVisit(db, shop, "3001", NOW);
    await recordStaffVisit(db, shop, "3001", new Date(NOW.getTime() + 60_000));
    expect((await db.staffMember.findFirstOrThrow({ where: { shop } })).lastSeenAt).toEqual(NOW);
    const later = new Date(NOW.getTime() + LAST_SEEN_REFRESH_MS + 1);
    await recordStaffVisit(db, shop, "3001", later);
    expect((await db.staffMember.findFirstOrThrow({ where: { shop } })).lastSeenAt).toEqual(later);
  });

  it("only the owner grants; a grant is audited with who, what and why; canApprovePayouts follows", async () => {
    const shop = "grants.myshopify.com";
    const other = "grants-other.myshopify.com";
    await recordStaffVisit(db, shop, "4001", NOW);
    const clerk = await recordStaffVisit(db, shop, "4002", NOW);
    const intern = await recordStaffVisit(db, shop, "4003", NOW);
    await recordStaffVisit(db, other, "4002", NOW);

    expect(await canApprovePayouts(db, shop, "4001")).toBe(true);
    expect(await canApprovePayouts(db, shop, "4002")).toBe(false);
    expect(await canApprovePayouts(db, shop, "nobody")).toBe(false);

    // A non-owner cannot grant, not even to themselves; nothing changes, nothing is audited.
    const refused = await setCanApprovePayouts(db, { shop, actorUserId: "4002", memberId: clerk.id, allowed: true, reason: "me", now: NOW });
    expect(refused).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/only the owner/i) as unknown });
    expect(await canApprovePayouts(db, shop, "4002")).toBe(false);
    // A reason is required.
    expect(await setCanApprovePayouts(db, { shop, actorUserId: "4001", memberId: clerk.id, allowed: true, reason: "  ", now: NOW })).toMatchObject({ ok: false, status: 400, field: "reason" });

    expect(await setCanApprovePayouts(db, { shop, actorUserId: "4001", memberId: clerk.id, allowed: true, reason: "Runs payouts on Fridays", now: NOW })).toMatchObject({ ok: true });
    expect(await canApprovePayouts(db, shop, "4002")).toBe(true);
    expect(await canApprovePayouts(db, shop, "staff:4002")).toBe(true);
    // The grant is per shop: the same user in another shop is not an approver there.
    expect(await canApprovePayouts(db, other, "4002")).toBe(true); // they are that shop's first member, so its owner
    expect(await canApprovePayouts(db, other, "4001")).toBe(false);
    // Another shop's owner cannot change this shop's members.
    expect(await setCanApprovePayouts(db, { shop: other, actorUserId: "4002", memberId: intern.id, allowed: true, reason: "x", now: NOW })).toMatchObject({ ok: false, status: 404 });

    const audit = await db.auditEvent.findMany({ where: { shop, subjectType: "staff_member" } });
    expect(audit.map((event) => [event.actor, event.action, event.subjectId, event.reason])).toEqual([["staff:4001", "staff.payout_approval_granted", clerk.id, "Runs payouts on Fridays"]]);

    // A non-owner cannot rename either; the owner can.
    expect(await renameStaffMember(db, { shop, actorUserId: "4003", memberId: intern.id, displayName: "Boss", reason: "", now: NOW })).toMatchObject({ ok: false, status: 403 });
    expect(await renameStaffMember(db, { shop, actorUserId: "4001", memberId: intern.id, displayName: " Sam Intern ", reason: "", now: NOW })).toMatchObject({ ok: true, member: { displayName: "Sam Intern" } });
  });

  it("the owner transfers ownership: the new owner grants, the old one no longer can; one owner throughout", async () => {
    const shop = "transfer.myshopify.com";
    await recordStaffVisit(db, shop, "5001", NOW);
    const next = await recordStaffVisit(db, shop, "5002", NOW);
    const third = await recordStaffVisit(db, shop, "5003", NOW);
    expect(await transferOwnership(db, { shop, actorUserId: "5002", memberId: next.id, reason: "take over", now: NOW })).toMatchObject({ ok: false, status: 403 });
    expect(await transferOwnership(db, { shop, actorUserId: "5001", memberId: next.id, reason: "Leaving the company", now: NOW })).toMatchObject({ ok: true, member: { isOwner: true } });
    expect((await db.staffMember.findMany({ where: { shop, isOwner: true } })).map((member) => member.userId)).toEqual(["5002"]);
    expect(await setCanApprovePayouts(db, { shop, actorUserId: "5001", memberId: third.id, allowed: true, reason: "old owner", now: NOW })).toMatchObject({ ok: false, status: 403 });
    expect(await setCanApprovePayouts(db, { shop, actorUserId: "5002", memberId: third.id, allowed: true, reason: "Backup approver", now: NOW })).toMatchObject({ ok: true });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { shop, action: "staff.ownership_transferred" } });
    expect(audit).toMatchObject({ actor: "staff:5001", reason: "Leaving the company", details: { fromUserId: "5001", toUserId: "5002" } });
  });
});
