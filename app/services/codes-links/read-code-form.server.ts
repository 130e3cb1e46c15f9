/**
 * The creator code form (CreatorCodesCard) as the browser posts it, read into the code services' inputs. Dates are
 * calendar days in the shop's time zone (see app/domain/codes/read-code-day-bounds.ts).
 */
import { z } from "zod";
import { readCodeEndsAt, readCodeStartsAt } from "../../domain/codes/read-code-day-bounds";
import { parseDecimalAmount } from "../../domain/money";
import { parsePercentText } from "../../domain/program/percent-text";
import type { CodeDiscountSettings, CodeError } from "./creator-code-support.server";

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

export const codeIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), code: optionalText, ...discountFields }),
  z.object({ intent: z.literal("update"), codeId: z.string().min(1), ...discountFields }),
  z.object({ intent: z.literal("deactivate"), codeId: z.string().min(1) }),
  z.object({ intent: z.literal("reactivate"), codeId: z.string().min(1) }),
  z.object({ intent: z.literal("delete"), codeId: z.string().min(1) }),
  z.object({ intent: z.literal("link"), code: z.string().trim().min(1, "Enter the code as it appears in Shopify › Discounts.") }),
]);


export type CodeActionData = { ok: true; intent: string; message: string } | { ok: false; intent: string; errors: CodeError[] };

/** A "YYYY-MM-DD" day from the form as an instant in the shop's time zone (start of the day, or the end bound). */
function readDay(text: string | undefined, field: string, errors: CodeError[], toInstant: (day: string) => Date): Date | null | undefined {
  if (text === undefined) return undefined;
  try {
    return toInstant(text);
  } catch {
    errors.push({ field, message: "Enter a date such as 2026-12-31." });
    return undefined;
  }
}

/** The discount fields of a form as settings overrides, in the shop's currency. */
export function readDiscountOverrides(
  form: DiscountForm,
  currency: string,
  forUpdate: boolean,
  timeZone: string,
): { overrides: Partial<CodeDiscountSettings>; errors: CodeError[] } {
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
  const startsAt = readDay(form.startsAt, "startsAt", errors, (day) => readCodeStartsAt(day, timeZone));
  if (startsAt) overrides.startsAt = startsAt;
  // "Ends on Dec 31" keeps the code working all of Dec 31 in the shop's time zone.
  const endsAt = readDay(form.endsAt, "endsAt", errors, (day) => readCodeEndsAt(day, timeZone));
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

