/**
 * Actions on a creator's discount codes, posted by CreatorCodesCard through a fetcher (`intent` picks the action).
 * Answers { ok, intent, message?, errors? } — errors carry the form field they belong to.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { parseDecimalAmount } from "../domain/money";
import { parsePercentText } from "../domain/program/percent-text";
import { createCreatorCode } from "../services/create-creator-code.server";
import type { CodeDiscountSettings, CodeError } from "../services/creator-code-support.server";
import { deactivateCreatorCode, deleteCreatorCode, linkExistingCode, reactivateCreatorCode, updateCreatorCode } from "../services/manage-creator-code.server";
import { loadProgramSettings } from "../services/program-settings.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

const optionalText = z.string().trim().optional().transform((value) => (value ? value : undefined));
const checkbox = z.string().optional().transform((value) => value === "on" || value === "true");

const discountFields = {
  valueType: z.enum(["percentage", "fixed_amount", ""]).optional(),
  valueText: optionalText,
  startsAt: optionalText,
  endsAt: optionalText,
  usageLimit: optionalText,
  oncePerCustomer: checkbox,
  combinesWithOrderDiscounts: checkbox,
  combinesWithProductDiscounts: checkbox,
  combinesWithShippingDiscounts: checkbox,
  /** Present when the form carried the discount fields (the create form's overrides are optional). */
  withDiscount: checkbox,
};

type DiscountForm = z.output<ReturnType<typeof z.object<typeof discountFields>>>;

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), code: optionalText, ...discountFields }),
  z.object({ intent: z.literal("update"), codeId: z.string().min(1), ...discountFields }),
  z.object({ intent: z.literal("deactivate"), codeId: z.string().min(1) }),
  z.object({ intent: z.literal("reactivate"), codeId: z.string().min(1) }),
  z.object({ intent: z.literal("delete"), codeId: z.string().min(1) }),
  z.object({ intent: z.literal("link"), code: z.string().trim().min(1, "Enter the code as it appears in Shopify › Discounts.") }),
]);


export type CodeActionData = { ok: true; intent: string; message: string } | { ok: false; intent: string; errors: CodeError[] };

function readDate(text: string | undefined, field: string, errors: CodeError[]): Date | null | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    errors.push({ field, message: "Enter a date such as 2026-12-31." });
    return undefined;
  }
  return date;
}

/** The discount fields of a form as settings overrides, in the shop's currency. */
function readDiscountOverrides(form: DiscountForm, currency: string, forUpdate: boolean): { overrides: Partial<CodeDiscountSettings>; errors: CodeError[] } {
  const errors: CodeError[] = [];
  const overrides: Partial<CodeDiscountSettings> = {};
  if (!form.withDiscount) return { overrides, errors };
  if (form.valueType && form.valueText !== undefined) {
    if (form.valueType === "percentage") {
      const basisPoints = parsePercentText(form.valueText);
      if (basisPoints === null || basisPoints === 0) errors.push({ field: "value", message: "Enter a percentage above 0 and up to 100, such as 15." });
      else overrides.value = { type: "percentage", basisPoints };
    } else {
      try {
        overrides.value = { type: "fixed_amount", amountMinor: parseDecimalAmount(form.valueText, currency).amountMinor };
      } catch {
        errors.push({ field: "value", message: `Enter an amount in ${currency}, such as 10.00.` });
      }
    }
  }
  const startsAt = readDate(form.startsAt, "startsAt", errors);
  if (startsAt) overrides.startsAt = startsAt;
  const endsAt = readDate(form.endsAt, "endsAt", errors);
  if (endsAt !== undefined || forUpdate) overrides.endsAt = endsAt ?? null;
  if (form.usageLimit !== undefined) {
    if (!/^\d+$/.test(form.usageLimit) || Number(form.usageLimit) < 1) errors.push({ field: "usageLimit", message: "Enter a whole number of uses, or leave empty for no limit." });
    else overrides.usageLimit = Number(form.usageLimit);
  } else if (forUpdate) overrides.usageLimit = null;
  overrides.oncePerCustomer = form.oncePerCustomer;
  overrides.combinesWith = {
    orderDiscounts: form.combinesWithOrderDiscounts,
    productDiscounts: form.combinesWithProductDiscounts,
    shippingDiscounts: form.combinesWithShippingDiscounts,
  };
  return { overrides, errors };
}

export const action = async ({ request, params }: ActionFunctionArgs): Promise<CodeActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const creatorId = z.string().min(1).parse(params.creatorId);
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
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
      const { overrides, errors } = readDiscountOverrides(input, settings.currency, false);
      if (errors.length > 0) return { ok: false, intent: input.intent, errors };
      const result = await createCreatorCode(deps, { shop, creatorId, actor, ...(input.code ? { code: input.code } : {}), discount: overrides });
      return answer(result, (code) => `Code ${code} created in Shopify`);
    }
    case "update": {
      const settings = await loadProgramSettings(db, shop);
      const { overrides, errors } = readDiscountOverrides({ ...input, withDiscount: true }, settings.currency, true);
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
