/**
 * Settings › Staff: the owner names members, grants or takes back "Can approve payouts", and may hand ownership to
 * another member. Every change is checked against the acting member inside the transaction that makes it (so a
 * just-transferred owner cannot still grant) and leaves an AuditEvent with who, what and why.
 */
import type { Database } from "../../db.server";
import type { Prisma, StaffMember } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";

export type StaffChangeResult = { ok: true; member: StaffMember } | { ok: false; status: 400 | 403 | 404; field?: string; message: string };

export interface StaffChange {
  shop: string;
  /** The acting member's Shopify user id (session token `sub`). */
  actorUserId: string;
  memberId: string;
  reason: string;
  now: Date;
}

export async function listStaffMembers(db: Database, shop: string): Promise<StaffMember[]> {
  return db.staffMember.findMany({ where: { shop }, orderBy: [{ isOwner: "desc" }, { firstSeenAt: "asc" }] });
}

const NOT_OWNER = "Only the owner in Affable can change staff permissions. Ask them, or ask them to transfer ownership to you.";
const MAX_NAME = 80;
const MAX_REASON = 500;

type Tx = Prisma.TransactionClient;

/** Locks the owner row (FOR UPDATE) and checks the actor is it; concurrent transfers and grants queue behind it. */
async function lockOwner(tx: Tx, shop: string, actorUserId: string): Promise<StaffMember | null> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "StaffMember" WHERE shop = ${shop} AND "isOwner" FOR UPDATE`;
  const ownerId = rows[0]?.id;
  if (ownerId === undefined) return null;
  const owner = await tx.staffMember.findUniqueOrThrow({ where: { shop_id: { shop, id: ownerId } } });
  return owner.userId === actorUserId ? owner : null;
}

function readReason(reason: string): { ok: true; reason: string } | { ok: false; message: string } {
  const trimmed = reason.trim();
  if (trimmed === "") return { ok: false, message: "Say why (for the audit log), e.g. \"Runs payouts while I am away\"." };
  if (trimmed.length > MAX_REASON) return { ok: false, message: `Keep the reason under ${MAX_REASON} characters.` };
  return { ok: true, reason: trimmed };
}

async function change(
  db: Database,
  input: StaffChange,
  apply: (tx: Tx, owner: StaffMember, member: StaffMember) => Promise<{ member: StaffMember; action: string; details: Prisma.InputJsonValue } | StaffChangeResult>,
  reasonRequired = true,
): Promise<StaffChangeResult> {
  const reason = readReason(input.reason);
  if (reasonRequired && !reason.ok) return { ok: false, status: 400, field: "reason", message: reason.message };
  return db.$transaction(async (tx) => {
    const owner = await lockOwner(tx, input.shop, input.actorUserId);
    if (!owner) return { ok: false, status: 403, message: NOT_OWNER };
    const member = await tx.staffMember.findUnique({ where: { shop_id: { shop: input.shop, id: input.memberId } } });
    if (!member) return { ok: false, status: 404, message: "That staff member is not in this shop's list. Reload the page." };
    const outcome = await apply(tx, owner, member);
    if ("ok" in outcome) return outcome;
    await recordAuditEvent(tx, {
      shop: input.shop,
      actor: `staff:${input.actorUserId}`,
      action: outcome.action,
      subjectType: "staff_member",
      subjectId: member.id,
      reason: reason.ok ? reason.reason : null,
      details: outcome.details,
    });
    return { ok: true, member: outcome.member };
  });
}

/** The owner grants or takes back "Can approve payouts" (the owner always can). */
export function setCanApprovePayouts(db: Database, input: StaffChange & { allowed: boolean }): Promise<StaffChangeResult> {
  return change(db, input, async (tx, _owner, member) => {
    if (member.isOwner) return { ok: false, status: 400, field: "canApprovePayouts", message: "The owner can always approve payouts. Transfer ownership first to change that." };
    if (member.canApprovePayouts === input.allowed) return { ok: true, member };
    const updated = await tx.staffMember.update({ where: { id: member.id }, data: { canApprovePayouts: input.allowed, updatedBy: `staff:${input.actorUserId}` } });
    return {
      member: updated,
      action: input.allowed ? "staff.payout_approval_granted" : "staff.payout_approval_revoked",
      details: { userId: member.userId, canApprovePayouts: { from: member.canApprovePayouts, to: input.allowed } },
    };
  });
}

/** The owner names a member (the session token carries no name). No reason needed: it changes no permission. */
export function renameStaffMember(db: Database, input: StaffChange & { displayName: string }): Promise<StaffChangeResult> {
  const name = input.displayName.trim();
  if (name.length > MAX_NAME) return Promise.resolve({ ok: false, status: 400, field: "displayName", message: `Keep the name under ${MAX_NAME} characters.` });
  return change(
    db,
    input,
    async (tx, _owner, member) => {
      const displayName = name === "" ? null : name;
      if (member.displayName === displayName) return { ok: true, member };
      const updated = await tx.staffMember.update({ where: { id: member.id }, data: { displayName, updatedBy: `staff:${input.actorUserId}` } });
      return { member: updated, action: "staff.renamed", details: { userId: member.userId, displayName: { from: member.displayName, to: displayName } } };
    },
    false,
  );
}

/**
 * The owner hands ownership to another member, who can then approve payouts; the previous owner keeps "Can approve
 * payouts" until the new owner takes it back. Cleared before set in one transaction: the partial unique index
 * allows one owner per shop at every statement.
 */
export function transferOwnership(db: Database, input: StaffChange): Promise<StaffChangeResult> {
  return change(db, input, async (tx, owner, member) => {
    if (member.id === owner.id) return { ok: false, status: 400, field: "memberId", message: "You are already the owner. Choose another staff member." };
    await tx.staffMember.update({ where: { id: owner.id }, data: { isOwner: false, canApprovePayouts: true, updatedBy: `staff:${input.actorUserId}` } });
    const updated = await tx.staffMember.update({ where: { id: member.id }, data: { isOwner: true, canApprovePayouts: true, updatedBy: `staff:${input.actorUserId}` } });
    return { member: updated, action: "staff.ownership_transferred", details: { fromUserId: owner.userId, toUserId: member.userId } };
  });
}
