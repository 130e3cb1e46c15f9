/**
 * `DiscountCodeBasicInput` → the discount's new settings, with Shopify's validation as `DiscountUserError`s
 * (HTTP 200, `field` paths under `basicCodeDiscount`). Pure: the caller passes the existing discount (null when
 * creating), every other discount (for the shop-wide, case-insensitive code namespace) and the clock.
 */
import { z } from "zod";
import type { DiscountValue } from "../../state/state-schema.ts";
import type { DiscountView } from "../admin-api-context.ts";

export const MAX_CODE_LENGTH = 255;
export const MAX_TITLE_LENGTH = 255;

export const basicCodeDiscountInputSchema = z.object({
  title: z.string().nullish(),
  code: z.string().nullish(),
  startsAt: z.string().nullish(),
  /** undefined keeps the end date; null clears it (no end). */
  endsAt: z.string().nullish(),
  usageLimit: z.number().int().nullish(),
  appliesOncePerCustomer: z.boolean().nullish(),
  context: z.object({ all: z.literal("ALL").nullish() }).nullish(),
  customerSelection: z.object({ all: z.boolean().nullish() }).nullish(),
  customerGets: z
    .object({
      value: z
        .object({
          percentage: z.number().nullish(),
          discountAmount: z.object({ amount: z.string().nullish(), appliesOnEachItem: z.boolean().nullish() }).nullish(),
        })
        .nullish(),
      items: z.object({ all: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
  combinesWith: z
    .object({ orderDiscounts: z.boolean().nullish(), productDiscounts: z.boolean().nullish(), shippingDiscounts: z.boolean().nullish() })
    .nullish(),
});

export type BasicCodeDiscountInput = z.infer<typeof basicCodeDiscountInputSchema>;

export type DiscountErrorCode =
  | "BLANK"
  | "END_DATE_BEFORE_START_DATE"
  | "GREATER_THAN"
  | "INTERNAL_ERROR"
  | "INVALID"
  | "LESS_THAN_OR_EQUAL_TO"
  | "TAKEN"
  | "TOO_LONG"
  | "TOO_MANY_ARGUMENTS";

export interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: DiscountErrorCode | null;
  extraInfo: string | null;
}

export interface BasicCodeDiscountSettings {
  title: string;
  code: string;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  value: DiscountValue;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

export type ApplyResult = { ok: true; settings: BasicCodeDiscountSettings } | { ok: false; userErrors: DiscountUserError[] };

const ROOT = "basicCodeDiscount";

function userError(path: string[], message: string, code: DiscountErrorCode): DiscountUserError {
  return { field: [ROOT, ...path], message, code, extraInfo: null };
}

export function applyBasicCodeDiscountInput(
  input: BasicCodeDiscountInput,
  existing: DiscountView | null,
  others: readonly DiscountView[],
  now: Date,
): ApplyResult {
  const errors: DiscountUserError[] = [];
  const creating = existing === null;

  const title = input.title ?? existing?.title ?? "";
  if ((creating || input.title !== undefined) && title.trim().length === 0) errors.push(userError(["title"], "Title can't be blank", "BLANK"));
  else if (title.length > MAX_TITLE_LENGTH) errors.push(userError(["title"], `Title is too long (maximum is ${MAX_TITLE_LENGTH} characters)`, "TOO_LONG"));

  const code = (input.code ?? existing?.codes[0]?.code ?? "").trim();
  if ((creating || input.code !== undefined) && code.length === 0) errors.push(userError(["code"], "Code can't be blank", "BLANK"));
  else if (code.length > MAX_CODE_LENGTH) errors.push(userError(["code"], `Code is too long (maximum is ${MAX_CODE_LENGTH} characters)`, "TOO_LONG"));
  else if (/[\r\n]/.test(code)) errors.push(userError(["code"], "Code cannot contain newline characters.", "INVALID"));
  else if (code.length > 0 && isCodeTaken(code, others)) {
    // Shopify's code namespace is the whole shop and ignores case: "MAYA15" and "maya15" are the same code.
    errors.push(userError(["code"], "Code must be unique. Please try a different code.", "TAKEN"));
  }

  if (input.context && input.customerSelection) {
    errors.push(userError(["context"], "Only one of context or customerSelection can be provided.", "TOO_MANY_ARGUMENTS"));
  } else if (input.customerSelection && input.customerSelection.all !== true) {
    errors.push(userError(["customerSelection", "all"], "The devstore models only customerSelection { all: true }.", "INVALID"));
  } else if (input.context && input.context.all !== "ALL") {
    errors.push(userError(["context", "all"], "The devstore models only context { all: ALL }.", "INVALID"));
  }

  const value = readValue(input, existing, errors);

  if (input.customerGets?.items && input.customerGets.items.all !== true) {
    errors.push(userError(["customerGets", "items", "all"], "The devstore models only items { all: true }.", "INVALID"));
  }

  const usageLimit = input.usageLimit === undefined ? (existing?.usageLimit ?? null) : input.usageLimit;
  if (usageLimit !== null && usageLimit < 1) errors.push(userError(["usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN"));

  const startsAt = input.startsAt ?? existing?.startsAt ?? now.toISOString();
  const endsAt = input.endsAt === undefined ? (existing?.endsAt ?? null) : input.endsAt;
  if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.push(userError(["endsAt"], "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE"));
  }

  if (errors.length > 0 || value === null) return { ok: false, userErrors: errors };
  return {
    ok: true,
    settings: {
      title,
      code,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: endsAt === null ? null : new Date(endsAt).toISOString(),
      usageLimit,
      appliesOncePerCustomer: input.appliesOncePerCustomer ?? existing?.appliesOncePerCustomer ?? false,
      value,
      combinesWith: {
        orderDiscounts: input.combinesWith?.orderDiscounts ?? existing?.combinesWith.orderDiscounts ?? false,
        productDiscounts: input.combinesWith?.productDiscounts ?? existing?.combinesWith.productDiscounts ?? false,
        shippingDiscounts: input.combinesWith?.shippingDiscounts ?? existing?.combinesWith.shippingDiscounts ?? false,
      },
    },
  };
}

export function isCodeTaken(code: string, discounts: readonly DiscountView[]): boolean {
  const wanted = code.toLowerCase();
  return discounts.some((discount) => discount.codes.some((candidate) => candidate.code.toLowerCase() === wanted));
}

function readValue(input: BasicCodeDiscountInput, existing: DiscountView | null, errors: DiscountUserError[]): DiscountValue | null {
  const given = input.customerGets?.value;
  if (!given) {
    if (existing) return existing.value;
    errors.push(userError(["customerGets", "value"], "Value can't be blank", "BLANK"));
    return null;
  }
  const path = ["customerGets", "value"];
  const { percentage, discountAmount } = given;
  if (percentage != null && discountAmount != null) {
    errors.push(userError(path, "Only one of percentage or discountAmount can be provided.", "TOO_MANY_ARGUMENTS"));
    return null;
  }
  if (percentage != null) {
    // Shopify's percentage is a fraction of one: 0.15 is 15% off, and 15 is refused rather than read as 15%.
    if (percentage <= 0) errors.push(userError([...path, "percentage"], "Percentage must be greater than 0", "GREATER_THAN"));
    else if (percentage > 1) errors.push(userError([...path, "percentage"], "Percentage must be less than or equal to 1", "LESS_THAN_OR_EQUAL_TO"));
    return { kind: "percentage", percentage };
  }
  if (discountAmount?.amount != null) {
    const amount = discountAmount.amount;
    if (!/^\d+(\.\d+)?$/.test(amount) || !/[1-9]/.test(amount)) {
      errors.push(userError([...path, "discountAmount", "amount"], "Amount must be greater than 0", "GREATER_THAN"));
    }
    return { kind: "amount", amount, appliesOnEachItem: discountAmount.appliesOnEachItem ?? false };
  }
  errors.push(userError(path, "Value can't be blank", "BLANK"));
  return null;
}
