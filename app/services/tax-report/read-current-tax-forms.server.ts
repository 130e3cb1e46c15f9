import type { Database } from "../../db.server";
import type { TaxReportCreator } from "../../domain/tax";

type CurrentTaxForm = NonNullable<TaxReportCreator["taxForm"]>;

/**
 * Each creator's current tax form (not superseded), newest signed first; a W-9 wins over a W-8BEN if both are
 * current (the creator certified being a US person). Creators without one are absent from the map.
 */
export async function readCurrentTaxForms(db: Database, shop: string, creatorIds: readonly string[]): Promise<Map<string, CurrentTaxForm>> {
  const forms = new Map<string, CurrentTaxForm>();
  if (creatorIds.length === 0) return forms;
  const rows = await db.creatorTaxForm.findMany({
    where: { shop, creatorId: { in: [...new Set(creatorIds)] }, supersededAt: null, kind: { in: ["w9", "w8ben"] } },
    orderBy: { signedAt: "desc" },
    select: { creatorId: true, kind: true, country: true, tinLast4: true },
  });
  for (const row of rows) {
    const kind = row.kind === "w9" ? "w9" : "w8ben";
    const known = forms.get(row.creatorId);
    if (known === undefined || (known.kind === "w8ben" && kind === "w9")) forms.set(row.creatorId, { kind, country: row.country, tinLast4: row.tinLast4 });
  }
  return forms;
}
