/**
 * Every authenticated admin request tells Affable which staff member is looking (the session token's `sub`). The
 * first one seen for a shop becomes its owner in Affable (who grants "Can approve payouts"); the others are listed
 * for the owner to grant. The offline token Affable uses does not say who the Shopify account owner is, so "first
 * seen after install" is the rule (Settings › Staff says so and lets the owner hand ownership over).
 */
import type { Database } from "../../db.server";
import type { StaffMember } from "../../generated/prisma/client";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";

/** lastSeenAt is refreshed at most this often per member: one write per member per few minutes, not per request. */
export const LAST_SEEN_REFRESH_MS = 5 * 60_000;

export async function recordStaffVisit(db: Database, shop: string, userId: string, now: Date): Promise<StaffMember> {
  const existing = await db.staffMember.findUnique({ where: { shop_userId: { shop, userId } } });
  if (existing) {
    if (now.getTime() - existing.lastSeenAt.getTime() < LAST_SEEN_REFRESH_MS) return existing;
    // Guarded by the value read, so two requests at once write once; either way the row is current enough.
    await db.staffMember.updateMany({ where: { shop, userId, lastSeenAt: existing.lastSeenAt }, data: { lastSeenAt: now } });
    return { ...existing, lastSeenAt: now };
  }
  const hasOwner = (await db.staffMember.count({ where: { shop, isOwner: true } })) > 0;
  if (!hasOwner) {
    // Two first requests at once (two staff, or one staff in two tabs): the partial unique index
    // "StaffMember_one_owner_per_shop" lets exactly one insert with isOwner = true succeed.
    try {
      return await db.staffMember.create({ data: { shop, userId, isOwner: true, canApprovePayouts: true, firstSeenAt: now, lastSeenAt: now, updatedBy: "system:first-staff-member" } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  try {
    return await db.staffMember.create({ data: { shop, userId, firstSeenAt: now, lastSeenAt: now } });
  } catch (error) {
    // The same member's other request created the row first.
    if (!isUniqueViolation(error)) throw error;
    return db.staffMember.findUniqueOrThrow({ where: { shop_userId: { shop, userId } } });
  }
}
