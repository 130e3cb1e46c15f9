/**
 * Settings › Bank: the merchant's own account that SEPA files pay from (the debtor). The IBAN is checked with
 * ibantools before anything is saved (a field error otherwise), sealed at rest, and shown afterwards only as its
 * last four characters. Leaving the IBAN empty keeps the saved one (it is never sent back to the page).
 */
import { z } from "zod";
import type { Database } from "../../../db.server";
import { checkBic, checkIban, toSepaText } from "../../../domain/payouts/bank-files";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { lastFour, sealSecret } from "../../../security/secret-box.server";
import { sepaDebtorIbanContext } from "./sepa-debtor-secret";

export type SepaDebtorView = { name: string; ibanLast4: string | null; bic: string };

export type SaveSepaDebtorResult =
  | { ok: true; debtor: SepaDebtorView }
  | { ok: false; fieldErrors: Partial<Record<"name" | "iban" | "bic", string>> };

const formSchema = z.object({
  name: z.string().trim().min(1, "Enter the account holder name exactly as your bank has it.").max(70, "Keep the name to 70 characters (SEPA's limit)."),
  iban: z.string().trim().max(64, "An IBAN has at most 34 characters."),
  bic: z.string().trim().max(20, "A BIC has 8 or 11 characters."),
});

export async function readSepaDebtor(db: Database, shop: string): Promise<SepaDebtorView> {
  const settings = await db.payoutSettings.findUnique({ where: { shop }, select: { sepaDebtorName: true, sepaDebtorIbanLast4: true, sepaDebtorBic: true } });
  return { name: settings?.sepaDebtorName ?? "", ibanLast4: settings?.sepaDebtorIbanLast4 ?? null, bic: settings?.sepaDebtorBic ?? "" };
}

export async function saveSepaDebtor(request: { db: Database; shop: string; actor: string; form: { name: unknown; iban: unknown; bic: unknown } }): Promise<SaveSepaDebtorResult> {
  const { db, shop, actor } = request;
  // Every field is checked before answering, so the form shows all its errors at once.
  const parsed = formSchema.safeParse({ name: request.form.name ?? "", iban: request.form.iban ?? "", bic: request.form.bic ?? "" });
  const fieldErrors: Partial<Record<"name" | "iban" | "bic", string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "name" || field === "iban" || field === "bic") && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
  }
  const form = {
    name: typeof request.form.name === "string" ? request.form.name.trim() : "",
    iban: typeof request.form.iban === "string" && !fieldErrors.iban ? request.form.iban.trim() : "",
    bic: typeof request.form.bic === "string" && !fieldErrors.bic ? request.form.bic.trim() : "",
  };
  if (!fieldErrors.name && toSepaText(form.name) === "") fieldErrors.name = "Write the name in Latin letters: SEPA files carry only those.";
  const existing = await db.payoutSettings.findUnique({ where: { shop }, select: { sepaDebtorIbanSealed: true } });
  let iban: string | null = null;
  if (form.iban !== "") {
    const checked = checkIban(form.iban, { sepaOnly: true });
    if (checked.ok) iban = checked.iban;
    else fieldErrors.iban = checked.message;
  } else if (!fieldErrors.iban && !existing?.sepaDebtorIbanSealed) {
    fieldErrors.iban = "Enter the IBAN of the account the payouts are paid from.";
  }
  let bic: string | null = null;
  if (form.bic !== "") {
    const checked = checkBic(form.bic);
    if (checked.ok) bic = checked.bic;
    else fieldErrors.bic = checked.message;
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  const ibanData = iban === null ? {} : { sepaDebtorIbanSealed: sealSecret(iban, sepaDebtorIbanContext(shop)), sepaDebtorIbanLast4: lastFour(iban) };
  const data = { sepaDebtorName: form.name, sepaDebtorBic: bic, updatedBy: actor, ...ibanData };
  const saved = await db.$transaction(async (tx) => {
    const row = await tx.payoutSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    await recordAuditEvent(tx, {
      shop, actor, action: "payout_settings.sepa_debtor_saved", subjectType: "payout_settings", subjectId: shop,
      // Never the IBAN itself: only that it changed and its last four.
      details: { name: form.name, bic, ibanChanged: iban !== null, ibanLast4: row.sepaDebtorIbanLast4 },
    });
    return row;
  });
  return { ok: true, debtor: { name: saved.sepaDebtorName ?? "", ibanLast4: saved.sepaDebtorIbanLast4, bic: saved.sepaDebtorBic ?? "" } };
}
