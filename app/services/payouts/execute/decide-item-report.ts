/**
 * Which status changes a provider's report makes on an item, through THE item transition table. Pure, so the rules
 * that keep duplicate and out-of-order reports harmless are table-tested (decide-item-report.test.ts):
 * - a report of the status the item already has changes nothing (a webhook delivered twice, a lookUp after it);
 * - a report the table does not allow is stale and changes nothing: SUCCEEDED after RETURNED never un-fails an item,
 *   PENDING after SUCCEEDED never reopens it;
 * - an item the job put back to `approved` (the provider had no record yet) that the provider then reports on was
 *   handed over after all: it goes approved → submitting → <reported>.
 */
import { canItemTransition, type PayoutItemStatusName } from "../../../domain/payouts/payout-run-transitions";

export type ReportOutcome = "succeeded" | "submitted" | "failed" | "needs_review" | "unknown";

/** The statuses the item passes through, in order (empty: nothing changes). */
export function decideItemReport(current: PayoutItemStatusName, outcome: ReportOutcome): PayoutItemStatusName[] {
  if (outcome === "unknown" || current === outcome) return [];
  if (current === "approved" && canItemTransition("submitting", outcome)) return ["submitting", outcome];
  return canItemTransition(current, outcome) ? [outcome] : [];
}
