/**
 * The settings form, as the browser posts it (all strings; a checkbox is present only when ticked), read into the
 * program's settings. Every problem is reported on its own field in the merchant's words.
 */
import { z } from "zod";
import { renderCodePattern } from "../codes";
import { formatDecimalAmount } from "../money";
import { commissionRulesFormShape, parseCommissionRulesForm, toCommissionRulesFormValues, type ParsedCommissionRules } from "./parse-commission-rules-form";
import { formatPercentText, parsePercentText } from "./percent-text";
import type { TierPeriod } from "./program-rules";
import { readFormAmount } from "./read-form-amount";
import { PREVIEW_CREATOR, PREVIEW_RANDOM } from "./settings-form-preview";

export const ATTRIBUTION_PRECEDENCES = ["code_first", "link_first", "last_touch"] as const;

export const settingsFormSchema = z.object({
  version: z.coerce.number().int().positive(),
  defaultCommissionType: z.enum(["percentage", "flat", "tiered"]),
  commissionPercent: z.string().trim().default(""),
  commissionFlat: z.string().trim().default(""),
  cookieWindowDays: z.string().trim(),
  attributionPrecedence: z.enum(ATTRIBUTION_PRECEDENCES),
  holdingPeriodDays: z.string().trim(),
  newCustomersOnly: z.string().optional(),
  includeTestOrders: z.string().optional(),
  defaultDiscountType: z.enum(["percentage", "fixed_amount"]),
  discountPercent: z.string().trim().default(""),
  discountAmount: z.string().trim().default(""),
  codePattern: z.string().trim(),
  defaultUsageLimit: z.string().trim().default(""),
  defaultOncePerCustomer: z.string().optional(),
  combinesWithOrderDiscounts: z.string().optional(),
  combinesWithProductDiscounts: z.string().optional(),
  combinesWithShippingDiscounts: z.string().optional(),
  autoCreateCodeOnApproval: z.string().optional(),
  /** Empty keeps the current maximum (20 % for a new program). */
  maxCodeDiscountPercent: z.string().trim().default(""),
  /** Empty: fixed-amount codes are not capped. */
  maxCodeDiscountAmount: z.string().trim().default(""),
  replyToEmail: z.string().trim().max(254).default(""),
  ...commissionRulesFormShape,
});

export type SettingsFormValues = z.input<typeof settingsFormSchema>;

/** Every merchant-editable program setting, typed (the JSON columns already read; see program-rules.ts). */
export interface ParsedProgramSettings extends ParsedCommissionRules {
  defaultCommissionType: "percentage" | "flat" | "tiered";
  tierPeriod: TierPeriod;
  defaultCommissionBasisPoints: number;
  defaultCommissionFlatMinor: bigint;
  cookieWindowDays: number;
  attributionPrecedence: (typeof ATTRIBUTION_PRECEDENCES)[number];
  holdingPeriodDays: number;
  newCustomersOnly: boolean;
  includeTestOrders: boolean;
  defaultDiscountType: "percentage" | "fixed_amount";
  defaultDiscountBasisPoints: number;
  defaultDiscountAmountMinor: bigint;
  codePattern: string;
  defaultUsageLimit: number | null;
  defaultOncePerCustomer: boolean;
  combinesWithOrderDiscounts: boolean;
  combinesWithProductDiscounts: boolean;
  combinesWithShippingDiscounts: boolean;
  autoCreateCodeOnApproval: boolean;
  /** The most any creator code may give (admin and API): percentage codes, in basis points. */
  maxCodeDiscountBasisPoints: number;
  /** ...fixed-amount codes, in minor units; null = not capped. */
  maxCodeDiscountAmountMinor: bigint | null;
  /** Reply-To of the emails creators get (the merchant's inbox); null = none. Optional: older callers omit it. */
  replyToEmail?: string | null;
}

export const DEFAULT_MAX_CODE_DISCOUNT_BASIS_POINTS = 2000;

export type ParseSettingsResult =
  | { ok: true; version: number; settings: ParsedProgramSettings }
  | { ok: false; errors: Record<string, string> };

/** The sample creator the pattern preview and validation use. */
export { PREVIEW_CREATOR, PREVIEW_RANDOM };

function readWholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

export function parseProgramSettingsForm(
  raw: Record<string, unknown>,
  currency: string,
  current: Pick<ParsedProgramSettings, "defaultCommissionBasisPoints" | "defaultCommissionFlatMinor" | "defaultDiscountBasisPoints" | "defaultDiscountAmountMinor" | "tiers"> &
    Partial<Pick<ParsedProgramSettings, "maxCodeDiscountBasisPoints">>,
): ParseSettingsResult {
  const parsed = settingsFormSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      errors[field] = issue.code === "custom" || issue.code === "too_big" ? issue.message : "Choose one of the options.";
    }
    return { ok: false, errors };
  }
  const form = parsed.data;
  const errors: Record<string, string> = {};

  let commissionBasisPoints = current.defaultCommissionBasisPoints;
  let commissionFlatMinor = current.defaultCommissionFlatMinor;
  if (form.defaultCommissionType === "percentage") {
    const value = parsePercentText(form.commissionPercent);
    if (value === null) errors.commissionPercent = "Enter a percentage between 0 and 100 with at most two decimals, such as 12.5.";
    else commissionBasisPoints = value;
  } else if (form.defaultCommissionType === "flat") {
    const value = readFormAmount(form.commissionFlat, currency);
    if (value === null) errors.commissionFlat = `Enter an amount in ${currency}, such as ${formatDecimalAmount({ amountMinor: 500n, currency })}.`;
    else commissionFlatMinor = value;
  }

  const cookieWindowDays = readWholeNumber(form.cookieWindowDays, 1, 365);
  if (cookieWindowDays === null) errors.cookieWindowDays = "Enter a whole number of days from 1 to 365.";
  const holdingPeriodDays = readWholeNumber(form.holdingPeriodDays, 0, 365);
  if (holdingPeriodDays === null) errors.holdingPeriodDays = "Enter a whole number of days from 0 to 365.";

  let discountBasisPoints = current.defaultDiscountBasisPoints;
  let discountAmountMinor = current.defaultDiscountAmountMinor;
  if (form.defaultDiscountType === "percentage") {
    const value = parsePercentText(form.discountPercent);
    if (value === null || value === 0) errors.discountPercent = "Enter a percentage above 0 and up to 100, such as 15.";
    else discountBasisPoints = value;
  } else {
    const value = readFormAmount(form.discountAmount, currency);
    if (value === null || value === 0n) errors.discountAmount = `Enter an amount in ${currency} above zero, such as ${formatDecimalAmount({ amountMinor: 1000n, currency })}.`;
    else discountAmountMinor = value;
  }

  // The ceiling on every creator code (a leaked API key or a slip in the admin cannot give 100 % off).
  let maxCodeDiscountBasisPoints = current.maxCodeDiscountBasisPoints ?? DEFAULT_MAX_CODE_DISCOUNT_BASIS_POINTS;
  if (form.maxCodeDiscountPercent !== "") {
    const value = parsePercentText(form.maxCodeDiscountPercent);
    if (value === null || value === 0) errors.maxCodeDiscountPercent = "Enter a percentage above 0 and up to 100, such as 20.";
    else maxCodeDiscountBasisPoints = value;
  }
  let maxCodeDiscountAmountMinor: bigint | null = null;
  if (form.maxCodeDiscountAmount !== "") {
    const value = readFormAmount(form.maxCodeDiscountAmount, currency);
    if (value === null || value === 0n) errors.maxCodeDiscountAmount = `Enter an amount in ${currency} above zero, such as ${formatDecimalAmount({ amountMinor: 2000n, currency })}, or leave empty for no cap.`;
    else maxCodeDiscountAmountMinor = value;
  }
  if (form.defaultDiscountType === "percentage" && !errors.discountPercent && discountBasisPoints > maxCodeDiscountBasisPoints) {
    errors.discountPercent = `The default discount is above the most a code may give (${formatPercentText(maxCodeDiscountBasisPoints)}%). Lower it or raise the maximum.`;
  }
  if (form.defaultDiscountType === "fixed_amount" && !errors.discountAmount && maxCodeDiscountAmountMinor !== null && discountAmountMinor > maxCodeDiscountAmountMinor) {
    errors.discountAmount = `The default discount is above the most a code may give (${formatDecimalAmount({ amountMinor: maxCodeDiscountAmountMinor, currency })} ${currency}). Lower it or raise the maximum.`;
  }

  const preview = renderCodePattern(form.codePattern, PREVIEW_CREATOR, PREVIEW_RANDOM);
  if (!preview.ok) errors.codePattern = preview.message;
  else if (!/\{(HANDLE|NAME|RANDOM4)\}/i.test(form.codePattern)) {
    errors.codePattern = "Include {HANDLE}, {NAME} or {RANDOM4}, or every creator would get the same code.";
  }

  const rules = parseCommissionRulesForm(form, currency, current, errors);

  let defaultUsageLimit: number | null = null;
  if (form.defaultUsageLimit !== "") {
    defaultUsageLimit = readWholeNumber(form.defaultUsageLimit, 1, 99_999_999);
    if (defaultUsageLimit === null) errors.defaultUsageLimit = "Enter a whole number of uses, or leave empty for no limit.";
  }

  if (form.replyToEmail !== "" && !z.email().safeParse(form.replyToEmail).success) {
    errors.replyToEmail = "Enter an email address such as team@yourshop.com for creators' replies, or leave it empty.";
  }

  if (Object.keys(errors).length > 0 || cookieWindowDays === null || holdingPeriodDays === null) return { ok: false, errors };
  return {
    ok: true,
    version: form.version,
    settings: {
      defaultCommissionType: form.defaultCommissionType,
      defaultCommissionBasisPoints: commissionBasisPoints,
      defaultCommissionFlatMinor: commissionFlatMinor,
      cookieWindowDays,
      attributionPrecedence: form.attributionPrecedence,
      holdingPeriodDays,
      newCustomersOnly: form.newCustomersOnly !== undefined,
      includeTestOrders: form.includeTestOrders !== undefined,
      defaultDiscountType: form.defaultDiscountType,
      defaultDiscountBasisPoints: discountBasisPoints,
      defaultDiscountAmountMinor: discountAmountMinor,
      codePattern: form.codePattern,
      defaultUsageLimit,
      defaultOncePerCustomer: form.defaultOncePerCustomer !== undefined,
      combinesWithOrderDiscounts: form.combinesWithOrderDiscounts !== undefined,
      combinesWithProductDiscounts: form.combinesWithProductDiscounts !== undefined,
      combinesWithShippingDiscounts: form.combinesWithShippingDiscounts !== undefined,
      autoCreateCodeOnApproval: form.autoCreateCodeOnApproval !== undefined,
      maxCodeDiscountBasisPoints,
      maxCodeDiscountAmountMinor,
      replyToEmail: form.replyToEmail === "" ? null : form.replyToEmail,
      tierPeriod: form.tierPeriod,
      ...rules,
    },
  };
}

/** The stored settings as the form shows them. */
export function toSettingsFormValues(settings: ParsedProgramSettings & { currency: string; version: number }) {
  return {
    version: String(settings.version),
    defaultCommissionType: settings.defaultCommissionType,
    commissionPercent: formatPercentText(settings.defaultCommissionBasisPoints),
    commissionFlat: formatDecimalAmount({ amountMinor: settings.defaultCommissionFlatMinor, currency: settings.currency }),
    cookieWindowDays: String(settings.cookieWindowDays),
    attributionPrecedence: settings.attributionPrecedence,
    holdingPeriodDays: String(settings.holdingPeriodDays),
    newCustomersOnly: settings.newCustomersOnly,
    includeTestOrders: settings.includeTestOrders,
    defaultDiscountType: settings.defaultDiscountType,
    discountPercent: formatPercentText(settings.defaultDiscountBasisPoints),
    discountAmount: formatDecimalAmount({ amountMinor: settings.defaultDiscountAmountMinor, currency: settings.currency }),
    codePattern: settings.codePattern,
    defaultUsageLimit: settings.defaultUsageLimit === null ? "" : String(settings.defaultUsageLimit),
    defaultOncePerCustomer: settings.defaultOncePerCustomer,
    combinesWithOrderDiscounts: settings.combinesWithOrderDiscounts,
    combinesWithProductDiscounts: settings.combinesWithProductDiscounts,
    combinesWithShippingDiscounts: settings.combinesWithShippingDiscounts,
    autoCreateCodeOnApproval: settings.autoCreateCodeOnApproval,
    maxCodeDiscountPercent: formatPercentText(settings.maxCodeDiscountBasisPoints),
    maxCodeDiscountAmount: settings.maxCodeDiscountAmountMinor === null ? "" : formatDecimalAmount({ amountMinor: settings.maxCodeDiscountAmountMinor, currency: settings.currency }),
    replyToEmail: settings.replyToEmail ?? "",
    tierPeriod: settings.tierPeriod,
    ...toCommissionRulesFormValues(settings),
  };
}

export type SettingsFormState = ReturnType<typeof toSettingsFormValues>;
