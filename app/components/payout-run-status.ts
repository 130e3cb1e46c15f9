/** Payout run and item statuses in the merchant's words (badges on the Payouts page and a run's page). */
const RUN_WORDS: Readonly<Record<string, string>> = {
  planned: "Awaiting approval",
  approved: "Approved",
  submitting: "Sending",
  submitted: "Sent",
  settled: "Paid",
  partly_failed: "Partly failed",
  voided: "Voided",
};

const ITEM_WORDS: Readonly<Record<string, string>> = {
  planned: "To be paid",
  excluded: "Left out",
  approved: "Approved",
  submitting: "Sending",
  submitted: "Sent",
  succeeded: "Paid",
  failed: "Failed",
  needs_review: "Needs review",
  voided: "Voided",
};

export function describeRunStatus(status: string, approving = false): string {
  return approving ? "Being approved" : (RUN_WORDS[status] ?? status);
}

export function describeRunItemStatus(status: string): string {
  return ITEM_WORDS[status] ?? status;
}
