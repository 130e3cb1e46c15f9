import { describe, expect, it } from "vitest";
import {
  assertCreatorTransition,
  canTransitionCreator,
  CREATOR_STATUSES,
  CreatorStatusError,
  requiresReason,
} from "./creator-status-transitions";

// Written out independently of the table in the code: every allowed move, with the reason it exists.
const ALLOWED = [
  ["invited", "applied", "the invited creator applied"],
  ["invited", "approved", "approved directly"],
  ["invited", "rejected", "invitation withdrawn"],
  ["applied", "approved", "application accepted"],
  ["applied", "rejected", "application declined"],
  ["approved", "paused", "paused for a while"],
  ["paused", "approved", "resumed"],
  ["paused", "rejected", "partnership ended"],
  ["rejected", "invited", "invited again"],
  ["rejected", "approved", "merchant changed their mind"],
] as const;

const ROWS = CREATOR_STATUSES.flatMap((from) =>
  CREATOR_STATUSES.map((to) => {
    const allowed = ALLOWED.find(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to);
    return { from, to, allowed: allowed !== undefined, why: allowed?.[2] ?? "not in the table" };
  }),
);

describe("creator status transitions", () => {
  it.each(ROWS)("$from → $to: $allowed ($why)", ({ from, to, allowed }) => {
    expect(canTransitionCreator(from, to)).toBe(allowed);
    if (allowed) expect(() => assertCreatorTransition(from, to)).not.toThrow();
    else expect(() => assertCreatorTransition(from, to)).toThrow(CreatorStatusError);
  });

  it("says what the creator can become instead", () => {
    expect(() => assertCreatorTransition("approved", "invited")).toThrow(
      "A creator who is approved cannot become invited; from approved they can become paused.",
    );
  });

  it.each(CREATOR_STATUSES.map((status) => ({ status, required: status === "rejected" })))(
    "a reason is required to become $status: $required",
    ({ status, required }) => expect(requiresReason(status)).toBe(required),
  );
});
