/**
 * Whether a creator portal session (after an email sign-in) still lets its holder in. Pure: the caller passes `now`.
 * A session ends when it has not been used for PORTAL_SESSION_IDLE_DAYS, at its absolute expiry
 * (PORTAL_SESSION_ABSOLUTE_DAYS after sign-in, however active), or when revoked by "Sign out" / "Sign out everywhere".
 */
export const PORTAL_SESSION_IDLE_DAYS = 7;
export const PORTAL_SESSION_ABSOLUTE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface PortalSessionTimes {
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export type PortalSessionVerdict = "active" | "idle" | "expired" | "revoked";

export function judgePortalSession(session: PortalSessionTimes, now: Date): PortalSessionVerdict {
  if (session.revokedAt !== null) return "revoked";
  if (now.getTime() >= session.expiresAt.getTime()) return "expired";
  if (now.getTime() >= session.lastSeenAt.getTime() + PORTAL_SESSION_IDLE_DAYS * DAY_MS) return "idle";
  return "active";
}

/** When a session started at `now` ends at the latest. */
export function portalSessionExpiry(now: Date): Date {
  return new Date(now.getTime() + PORTAL_SESSION_ABSOLUTE_DAYS * DAY_MS);
}
