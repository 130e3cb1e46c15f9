/**
 * Actions on a creator's discount codes, posted by CreatorCodesCard through a fetcher (`intent` picks the action).
 * Answers { ok, intent, message?, errors? } — errors carry the form field they belong to.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { createCreatorCode } from "../services/codes-links/create-creator-code.server";
import type { CodeError } from "../services/codes-links/creator-code-support.server";
import { deactivateCreatorCode, deleteCreatorCode, linkExistingCode, reactivateCreatorCode, updateCreatorCode } from "../services/codes-links/manage-creator-code.server";
import { loadProgramSettings } from "../services/program/program-settings.server";
import { codeIntentSchema, readDiscountOverrides, type CodeActionData } from "../services/codes-links/read-code-form.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export type { CodeActionData } from "../services/codes-links/read-code-form.server";

/** Dates typed in the code form are days in the shop's time zone (UTC until the shop has been synced once). */
async function readShopTimeZone(shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }))?.ianaTimezone ?? "UTC";
}

export const action = async ({ request, params }: ActionFunctionArgs): Promise<CodeActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const creatorId = z.string().min(1).parse(params.creatorId);
  const parsed = codeIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return { ok: false, intent: "unknown", errors: parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message })) };
  }
  const input = parsed.data;
  const deps = { db, admin: context.admin };
  const actor = readStaffActor(context);
  const answer = (result: { ok: true; code: string } | { ok: false; errors: CodeError[] }, message: (code: string) => string): CodeActionData =>
    result.ok ? { ok: true, intent: input.intent, message: message(result.code) } : { ok: false, intent: input.intent, errors: result.errors };

  switch (input.intent) {
    case "create": {
      const settings = await loadProgramSettings(db, shop);
      const { overrides, errors } = readDiscountOverrides(input, settings.currency, false, await readShopTimeZone(shop));
      if (errors.length > 0) return { ok: false, intent: input.intent, errors };
      const result = await createCreatorCode(deps, { shop, creatorId, actor, ...(input.code ? { code: input.code } : {}), discount: overrides });
      return answer(result, (code) => `Code ${code} created in Shopify`);
    }
    case "update": {
      const settings = await loadProgramSettings(db, shop);
      const { overrides, errors } = readDiscountOverrides({ ...input, withDiscount: true }, settings.currency, true, await readShopTimeZone(shop));
      if (errors.length > 0) return { ok: false, intent: input.intent, errors };
      return answer(await updateCreatorCode(deps, { shop, codeId: input.codeId, actor, changes: overrides }), (code) => `Code ${code} updated`);
    }
    case "deactivate":
      return answer(await deactivateCreatorCode(deps, { shop, codeId: input.codeId, actor }), (code) => `Code ${code} deactivated`);
    case "reactivate":
      return answer(await reactivateCreatorCode(deps, { shop, codeId: input.codeId, actor }), (code) => `Code ${code} reactivated`);
    case "delete":
      return answer(await deleteCreatorCode(deps, { shop, codeId: input.codeId, actor }), (code) => `Code ${code} deleted`);
    case "link":
      return answer(await linkExistingCode(deps, { shop, creatorId, actor, code: input.code }), (code) => `Code ${code} linked`);
  }
};
