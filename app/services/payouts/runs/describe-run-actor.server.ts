import type { Database } from "../../../db.server";
import { describeActor } from "../../../components/merchant-words";

/**
 * Names who planned, approved or voided a run: the staff member's name when the owner gave one (Settings › Staff),
 * "You" for the viewer, the rule or the schedule for the system.
 */
export async function buildRunActorNames(db: Database, shop: string, actors: ReadonlyArray<string | null>, viewer: string): Promise<(actor: string | null) => string | null> {
  const userIds = [...new Set(actors.filter((actor): actor is string => actor?.startsWith("staff:") === true).map((actor) => actor.slice("staff:".length)))];
  const members = userIds.length === 0 ? [] : await db.staffMember.findMany({ where: { shop, userId: { in: userIds } }, select: { userId: true, displayName: true } });
  const names = new Map(members.filter((member) => member.displayName).map((member) => [`staff:${member.userId}`, member.displayName ?? ""]));
  return (actor) => {
    if (actor === null) return null;
    if (actor === "system:auto-approve") return "Affable (auto-approve rule)";
    if (actor === "system:schedule") return "Affable (payout schedule)";
    if (actor === viewer && actor !== "staff:unknown") return "You";
    return names.get(actor) ?? describeActor(actor, { viewer });
  };
}
