import { describe, expect, it } from "vitest";
import type { PayoutItemStatusName } from "../../../domain/payouts/payout-run-transitions";
import { decideItemReport, type ReportOutcome } from "./decide-item-report";

describe("decideItemReport", () => {
  it.each<[PayoutItemStatusName, ReportOutcome, PayoutItemStatusName[]]>([
    // The ordinary path.
    ["submitting", "submitted", ["submitted"]],
    ["submitting", "succeeded", ["succeeded"]],
    ["submitting", "failed", ["failed"]],
    ["submitting", "needs_review", ["needs_review"]],
    ["submitted", "succeeded", ["succeeded"]],
    ["submitted", "failed", ["failed"]],
    // PayPal RETURNED / REVERSED after success: the item fails (and its payout is voided by the caller).
    ["succeeded", "failed", ["failed"]],
    // A person-only item the provider later settles.
    ["needs_review", "succeeded", ["succeeded"]],
    ["needs_review", "failed", ["failed"]],
    // Put back to approved after an "unknown" look-up, then the provider reports it after all.
    ["approved", "succeeded", ["submitting", "succeeded"]],
    ["approved", "submitted", ["submitting", "submitted"]],
    ["approved", "failed", ["submitting", "failed"]],
    // Duplicates change nothing.
    ["succeeded", "succeeded", []],
    ["failed", "failed", []],
    ["submitted", "submitted", []],
    // Out of order changes nothing: never un-fail, never reopen a final item.
    ["failed", "succeeded", []],
    ["failed", "submitted", []],
    ["succeeded", "submitted", []],
    ["succeeded", "needs_review", []],
    ["needs_review", "submitted", []],
    // Items that were never handed over (or were voided / left out) are not changed by a provider.
    ["voided", "succeeded", []],
    ["excluded", "failed", []],
    ["planned", "succeeded", []],
    // "unknown" is for the job's resume decision only.
    ["submitting", "unknown", []],
    ["submitted", "unknown", []],
  ])("%s + %s report → %j", (current, outcome, expected) => {
    expect(decideItemReport(current, outcome)).toEqual(expected);
  });
});
