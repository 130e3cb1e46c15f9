/** The creator statuses, in the merchant's words (mirrors the CreatorStatus enum in prisma/schema.prisma). */
export const CREATOR_STATUSES = ["invited", "applied", "approved", "paused", "rejected"] as const;
export type CreatorStatus = (typeof CREATOR_STATUSES)[number];

/**
 * THE table of allowed creator status changes. Anything not listed is refused by assertCreatorTransition().
 *
 * - invited  → applied   the invited creator filled in the application form
 * - invited  → approved  the merchant approves an invited creator directly
 * - invited  → rejected  the merchant withdraws the invitation
 * - applied  → approved  application accepted
 * - applied  → rejected  application declined (a reason is required)
 * - approved → paused    stop new commissions for a while (codes and links stop earning)
 * - paused   → approved  resume
 * - paused   → rejected  end the partnership
 * - rejected → invited   invite again later
 * - rejected → approved  the merchant changed their mind
 */
export const CREATOR_STATUS_TRANSITIONS: Readonly<Record<CreatorStatus, readonly CreatorStatus[]>> = {
  invited: ["applied", "approved", "rejected"],
  applied: ["approved", "rejected"],
  approved: ["paused"],
  paused: ["approved", "rejected"],
  rejected: ["invited", "approved"],
};

export class CreatorStatusError extends Error {
  override name = "CreatorStatusError";
}

export function canTransitionCreator(from: CreatorStatus, to: CreatorStatus): boolean {
  return CREATOR_STATUS_TRANSITIONS[from].includes(to);
}

/** Throws a CreatorStatusError naming both statuses and what `from` may become instead. */
export function assertCreatorTransition(from: CreatorStatus, to: CreatorStatus): void {
  if (canTransitionCreator(from, to)) return;
  throw new CreatorStatusError(
    `A creator who is ${from} cannot become ${to}; from ${from} they can become ` +
      `${CREATOR_STATUS_TRANSITIONS[from].join(" or ")}.`,
  );
}

/** Rejecting is the one move whose reason the creator (and the audit trail) must have. */
export function requiresReason(to: CreatorStatus): boolean {
  return to === "rejected";
}
