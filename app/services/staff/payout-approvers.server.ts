import type { Database } from "../../db.server";

/**
 * Whether this staff member may approve (and void) payout runs and change auto-approval: the shop's owner in Affable,
 * or someone the owner marked "Can approve payouts" in Settings › Staff. `userId` is the session token's `sub`
 * (readStaffUserId); the audit actor form "staff:<sub>" is read the same way. Unknown members cannot.
 */
export async function canApprovePayouts(db: Database, shop: string, userId: string): Promise<boolean> {
  const id = userId.startsWith("staff:") ? userId.slice("staff:".length) : userId;
  if (id === "" || id === "unknown") return false;
  const member = await db.staffMember.findUnique({ where: { shop_userId: { shop, userId: id } }, select: { isOwner: true, canApprovePayouts: true } });
  return member !== null && (member.isOwner || member.canApprovePayouts);
}
