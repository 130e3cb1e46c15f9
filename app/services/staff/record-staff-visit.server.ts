/**
 * Every authenticated admin request tells Affable which staff member is looking (the session token's `sub`). The
 * owner in Affable (who grants "Can approve payouts") is the store's Shopify account owner when Shopify says who that
 * is (asked once per new member: `isAccountOwner`); otherwise the first member seen after install. When the account
 * owner arrives after someone became owner by being first, ownership moves to them (audited); an ownership a person
 * transferred is left alone. Settings › Staff says so and lets the owner hand ownership over.
 */
import type { Database } from "../../db.server";
import type { StaffMember } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";

/** lastSeenAt is refreshed at most this often per member: one write per member per few minutes, not per request. */
export const LAST_SEEN_REFRESH_MS = 5 * 60_000;

/** updatedBy of an owner made by the first-seen rule, and of one Shopify named as the account owner. */
export const FIRST_SEEN_OWNER = "system:first-staff-member";
export const ACCOUNT_OWNER = "system:shopify-account-owner";

export interface StaffVisitOptions {
  /** Asks Shopify whether this (new) member is the account owner, and their name; a failure falls back to the first-seen rule. */
  identify?: () => Promise<{ accountOwner: boolean; displayName: string | null }>;
  /** Told when asking Shopify failed (the caller logs it). */
  onLookupError?: (error: unknown) => void;
}

export async function recordStaffVisit(db: Database, shop: string, userId: string, now: Date, options: StaffVisitOptions = {}): Promise<StaffMember> {
  const existing = await db.staffMember.findUnique({ where: { shop_userId: { shop, userId } } });
  if (existing) {
    if (now.getTime() - existing.lastSeenAt.getTime() < LAST_SEEN_REFRESH_MS) return existing;
    // Guarded by the value read, so two requests at once write once; either way the row is current enough.
    await db.staffMember.updateMany({ where: { shop, userId, lastSeenAt: existing.lastSeenAt }, data: { lastSeenAt: now } });
    return { ...existing, lastSeenAt: now };
  }
  let isAccountOwner = false;
  let displayName: string | null = null;
  if (options.identify) {
    try {
      ({ accountOwner: isAccountOwner, displayName } = await options.identify());
    } catch (error) {
      options.onLookupError?.(error);
    }
  }
  const findOwner = () => db.staffMember.findFirst({ where: { shop, isOwner: true }, select: { id: true } });
  let owner = await findOwner();
  if (!owner) {
    // Two first requests at once (two staff, or one staff in two tabs): the partial unique index
    // "StaffMember_one_owner_per_shop" lets exactly one insert with isOwner = true succeed.
    try {
      return await db.staffMember.create({
        data: { shop, userId, displayName, isOwner: true, canApprovePayouts: true, firstSeenAt: now, lastSeenAt: now, updatedBy: isAccountOwner ? ACCOUNT_OWNER : FIRST_SEEN_OWNER },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Someone else's first request won (or this member's own other request): the account owner still takes over.
      owner = await findOwner();
    }
  }
  if (owner && isAccountOwner) {
    const promoted = await promoteAccountOwner(db, shop, userId, displayName, owner.id, now);
    if (promoted) return promoted;
  }
  try {
    return await db.staffMember.create({ data: { shop, userId, displayName, firstSeenAt: now, lastSeenAt: now } });
  } catch (error) {
    // The same member's other request created the row first.
    if (!isUniqueViolation(error)) throw error;
    return db.staffMember.findUniqueOrThrow({ where: { shop_userId: { shop, userId } } });
  }
}

/**
 * The Shopify account owner arrives after someone became owner only by being first: ownership moves to them, in one
 * transaction (the old owner's row locked and re-checked, cleared before set). The previous owner keeps "Can approve
 * payouts" until the account owner decides. Null when a person ever transferred ownership in this shop (their
 * decision stands) or the owner changed meanwhile.
 */
async function promoteAccountOwner(db: Database, shop: string, userId: string, displayName: string | null, ownerId: string, now: Date): Promise<StaffMember | null> {
  try {
    return await db.$transaction(async (tx) => {
      // Locks the owner row: a transfer by a person (which locks it too) runs wholly before or after this.
      const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "StaffMember" WHERE shop = ${shop} AND id = ${ownerId} AND "isOwner" FOR UPDATE`;
      if (locked.length !== 1) return null;
      if ((await tx.auditEvent.count({ where: { shop, action: "staff.ownership_transferred" } })) > 0) return null;
      await tx.staffMember.update({ where: { id: ownerId }, data: { isOwner: false, updatedBy: ACCOUNT_OWNER } });
      const member = await tx.staffMember.create({ data: { shop, userId, displayName, isOwner: true, canApprovePayouts: true, firstSeenAt: now, lastSeenAt: now, updatedBy: ACCOUNT_OWNER } });
      await recordAuditEvent(tx, {
        shop,
        actor: ACCOUNT_OWNER,
        action: "staff.ownership_transferred",
        subjectType: "staff_member",
        subjectId: member.id,
        reason: "Shopify says this staff member is the store's account owner; the previous owner was only the first to open Affable.",
        details: { fromMemberId: ownerId, toUserId: userId },
      });
      return member;
    });
  } catch (error) {
    // Their other request recorded them first: read what it wrote below.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
