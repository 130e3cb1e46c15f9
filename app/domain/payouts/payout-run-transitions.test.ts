import { describe, expect, it } from "vitest";
import {
  assertItemTransition, assertRunTransition, canItemTransition, canRunTransition, PAYOUT_ITEM_STATUSES, PAYOUT_RUN_STATUSES,
  PayoutTransitionError, type PayoutItemStatusName, type PayoutRunStatusName,
} from "./payout-run-transitions";

const RUN_ALLOWED: ReadonlyArray<[PayoutRunStatusName, PayoutRunStatusName]> = [
  ["planned", "approved"], ["planned", "voided"], ["approved", "submitting"], ["approved", "voided"],
  ["submitting", "submitted"], ["submitted", "settled"], ["submitted", "partly_failed"], ["partly_failed", "settled"],
  ["settled", "partly_failed"],
];
const ITEM_ALLOWED: ReadonlyArray<[PayoutItemStatusName, PayoutItemStatusName]> = [
  ["planned", "approved"], ["planned", "voided"], ["approved", "submitting"], ["approved", "voided"],
  ["submitting", "submitted"], ["submitting", "succeeded"], ["submitting", "failed"], ["submitting", "needs_review"], ["submitting", "approved"],
  ["submitted", "succeeded"], ["submitted", "failed"], ["submitted", "needs_review"], ["succeeded", "failed"],
  ["needs_review", "succeeded"], ["needs_review", "failed"],
];

describe("payout run transitions", () => {
  const pairs = PAYOUT_RUN_STATUSES.flatMap((from) => PAYOUT_RUN_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)("%s → %s is allowed only when listed", (from, to) => {
    const listed = RUN_ALLOWED.some(([a, b]) => a === from && b === to);
    expect(canRunTransition(from, to)).toBe(listed);
    if (!listed) expect(() => assertRunTransition(from, to)).toThrow(PayoutTransitionError);
  });

  it("names what a status may become instead", () => {
    expect(() => assertRunTransition("submitted", "voided")).toThrow("A submitted payout run cannot become voided; from submitted it can only become settled, partly_failed.");
    expect(() => assertRunTransition("voided", "settled")).toThrow("nothing (final)");
  });
});

describe("payout item transitions", () => {
  const pairs = PAYOUT_ITEM_STATUSES.flatMap((from) => PAYOUT_ITEM_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)("%s → %s is allowed only when listed", (from, to) => {
    const listed = ITEM_ALLOWED.some(([a, b]) => a === from && b === to);
    expect(canItemTransition(from, to)).toBe(listed);
    if (!listed) expect(() => assertItemTransition(from, to)).toThrow(PayoutTransitionError);
  });

  it("a paid item is never sent again: submitted and succeeded cannot go back to approved or submitting", () => {
    for (const from of ["submitted", "succeeded"] as const) {
      expect(canItemTransition(from, "approved")).toBe(false);
      expect(canItemTransition(from, "submitting")).toBe(false);
    }
  });
});
