/**
 * PLACEHOLDER in branch wave2/h3-paypal: h2 writes the real applyItemReport (AREAS.md contract); the lead keeps h2's
 * file at merge. The PayPal webhook calls it with exactly this signature.
 */
import type { Database } from "../../../db.server";
import type { ProviderItemReport } from "../providers/payout-provider";

export async function applyItemReport(db: Database, shop: string, report: ProviderItemReport, now: Date, actor: string): Promise<void> {
  void db;
  void shop;
  void report;
  void now;
  void actor;
  throw new Error("applyItemReport: replaced at merge (h2-execute).");
}
