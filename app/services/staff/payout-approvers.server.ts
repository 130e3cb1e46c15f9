import type { Database } from "../../db.server";

/** Whether this staff member (the session token's `sub`) may approve and void payout runs: the owner, or one the owner marked. */
export async function canApprovePayouts(db: Database, shop: string, userId: string): Promise<boolean> {
  const member = await db.staffMember.findUnique({ where: { shop_userId: { shop, userId } }, select: { isOwner: true, canApprovePayouts: true } });
  return member !== null && (member.isOwner || member.canApprovePayouts);
}
