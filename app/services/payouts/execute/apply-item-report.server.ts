/**
 * Placeholder for h2's applyItemReport (the cross-helper contract in Part 7): h5's "mark paid / mark failed" calls
 * it with exactly this signature. Replaced at merge by h2's implementation (item transitions; failed → void Payout →
 * commissions owed again).
 */
import type { Database } from "../../../db.server";
import type { ProviderItemReport } from "../providers/payout-provider";

export async function applyItemReport(_db: Database, _shop: string, _report: ProviderItemReport, _now: Date, _actor: string): Promise<void> {
  throw new Error("applyItemReport: replaced at merge");
}
