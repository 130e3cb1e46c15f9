import type { Database } from "../../db.server";
import { readCurrentTaxForms } from "./read-current-tax-forms.server";

/**
 * The creators among `creatorIds` with no current W-9 or W-8BEN on file: a payout run's preview flags (or, with
 * Settings › Payouts "Require a tax form", leaves out) them before anyone approves. One query for the whole list.
 */
export async function listMissingTaxForms(db: Database, shop: string, creatorIds: readonly string[]): Promise<Set<string>> {
  const forms = await readCurrentTaxForms(db, shop, creatorIds);
  return new Set(creatorIds.filter((creatorId) => !forms.has(creatorId)));
}
