import type { CommissionLedgerState } from "./ledger-types";

const DAY_MS = 86_400_000;

export type Approvability = {
  readonly approvable: boolean;
  readonly reason: string;
  /** When the holding period ends (or ended). */
  readonly eligibleAt: Date;
};

type ApprovalFacts = Pick<CommissionLedgerState, "status" | "orderCreatedAt" | "netMinor" | "holdReason">;

/**
 * Whether a commission may be approved now, and why (not). Rules:
 * - only a `pending` commission can be approved (on_hold must be released first);
 * - there must be something to pay (net > 0);
 * - the holding period has passed, counted in whole 24-hour days FROM THE ORDER'S CREATION, not from the last
 *   refund. The holding period mirrors the shop's return window, which starts at purchase; restarting it on each
 *   partial refund would let a merchant delay payment indefinitely, and any refund that arrives after payout is
 *   still recovered as a clawback.
 */
export function checkApprovability(commission: ApprovalFacts, now: Date, holdingDays: number): Approvability {
  if (!Number.isInteger(holdingDays) || holdingDays < 0) {
    throw new RangeError(`The holding period must be a whole number of days (0 or more), got ${holdingDays}.`);
  }
  const eligibleAt = new Date(commission.orderCreatedAt.getTime() + holdingDays * DAY_MS);
  if (commission.status === "on_hold") {
    return { approvable: false, reason: `on hold: ${commission.holdReason ?? "no reason recorded"}`, eligibleAt };
  }
  if (commission.status !== "pending") {
    return { approvable: false, reason: `already ${commission.status}`, eligibleAt };
  }
  if (commission.netMinor <= 0n) {
    return { approvable: false, reason: "nothing to approve: the commission is zero", eligibleAt };
  }
  if (now.getTime() < eligibleAt.getTime()) {
    return { approvable: false, reason: `in the ${holdingDays}-day holding period until ${eligibleAt.toISOString()}`, eligibleAt };
  }
  return { approvable: true, reason: `the ${holdingDays}-day holding period has passed and nothing is on hold`, eligibleAt };
}

/** Shorthand for checkApprovability(...).approvable. */
export function isApprovable(commission: ApprovalFacts, now: Date, holdingDays: number): boolean {
  return checkApprovability(commission, now, holdingDays).approvable;
}
