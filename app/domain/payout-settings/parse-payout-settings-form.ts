/**
 * Settings › Payouts as the browser posts it (all strings; the checkbox present only when ticked), read into typed
 * settings. Every problem is reported on its own field in the merchant's words. Money is parsed once here, with the
 * shop currency's exponent.
 */
import { z } from "zod";
import { formatDecimalAmount, getCurrencyExponent, parseDecimalAmount } from "../money";
import { MAX_EXPIRY_DAYS, MAX_SCHEDULE_MONTH_DAY, PAYOUT_METHODS, PAYOUT_SCHEDULES, type PayoutMethod, type PayoutSchedule, type PayoutSettingsFormValues } from "./payout-settings-options";

const formSchema = z.object({
  schedule: z.enum(PAYOUT_SCHEDULES, { error: "Choose how often payouts run: off, weekly, twice a month or monthly." }),
  scheduleWeekday: z.string().trim().default(""),
  scheduleMonthDay: z.string().trim().default(""),
  autoApproveBelow: z.string().trim().max(40, { error: "Enter an amount, such as 500.00." }).default(""),
  requireTaxForm: z.string().optional(),
  defaultMethod: z.union([z.literal(""), z.enum(PAYOUT_METHODS)], { error: "Choose one of the payout methods, or none." }).default(""),
  storeCreditExpiryDays: z.string().trim().default(""),
  giftCardExpiryDays: z.string().trim().default(""),
});

export interface ParsedPayoutSettings {
  schedule: PayoutSchedule;
  /** ISO weekday 1 (Monday) … 7; weekly runs only. */
  scheduleWeekday: number | null;
  /** 1 … 28; monthly runs only. */
  scheduleMonthDay: number | null;
  /** Minor units of the shop currency; null = scheduled runs always wait for a person. */
  autoApproveBelowMinor: bigint | null;
  requireTaxForm: boolean;
  defaultMethod: PayoutMethod | null;
  storeCreditExpiryDays: number | null;
  giftCardExpiryDays: number | null;
}

export type ParsePayoutSettingsResult = { ok: true; settings: ParsedPayoutSettings } | { ok: false; errors: Record<string, string> };

function readWholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

export function parsePayoutSettingsForm(raw: Record<string, unknown>, currency: string): ParsePayoutSettingsResult {
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const form = parsed.data;
  const errors: Record<string, string> = {};

  let scheduleWeekday: number | null = null;
  let scheduleMonthDay: number | null = null;
  if (form.schedule === "weekly") {
    scheduleWeekday = readWholeNumber(form.scheduleWeekday, 1, 7);
    if (scheduleWeekday === null) errors.scheduleWeekday = "Choose the weekday weekly runs are planned on.";
  } else if (form.schedule === "monthly") {
    scheduleMonthDay = readWholeNumber(form.scheduleMonthDay, 1, MAX_SCHEDULE_MONTH_DAY);
    if (scheduleMonthDay === null) errors.scheduleMonthDay = `Enter a day of the month from 1 to ${MAX_SCHEDULE_MONTH_DAY} (every month has it).`;
  }

  let autoApproveBelowMinor: bigint | null = null;
  if (form.autoApproveBelow !== "") {
    const example = formatDecimalAmount({ amountMinor: 500n * 10n ** BigInt(getCurrencyExponent(currency)), currency });
    try {
      const amount = parseDecimalAmount(form.autoApproveBelow, currency);
      if (amount.amountMinor <= 0n) errors.autoApproveBelow = `Enter an amount above zero in ${currency}, or leave it empty so every scheduled run waits for approval.`;
      else autoApproveBelowMinor = amount.amountMinor;
    } catch {
      errors.autoApproveBelow = `Enter an amount in ${currency} with at most the currency's decimals, such as ${example}, or leave it empty.`;
    }
  }

  const readExpiry = (field: "storeCreditExpiryDays" | "giftCardExpiryDays", what: string): number | null => {
    const text = form[field];
    if (text === "") return null;
    const days = readWholeNumber(text, 1, MAX_EXPIRY_DAYS);
    if (days === null) errors[field] = `Enter the days until ${what} expires, from 1 to ${MAX_EXPIRY_DAYS}, or leave it empty so it never expires.`;
    return days;
  };
  const storeCreditExpiryDays = readExpiry("storeCreditExpiryDays", "store credit");
  const giftCardExpiryDays = readExpiry("giftCardExpiryDays", "a gift card");

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      schedule: form.schedule,
      scheduleWeekday,
      scheduleMonthDay,
      autoApproveBelowMinor,
      requireTaxForm: form.requireTaxForm === "on" || form.requireTaxForm === "true",
      defaultMethod: form.defaultMethod === "" ? null : form.defaultMethod,
      storeCreditExpiryDays,
      giftCardExpiryDays,
    },
  };
}

/** Stored settings as the form shows them. */
export function toPayoutSettingsFormValues(settings: ParsedPayoutSettings, currency: string): PayoutSettingsFormValues {
  return {
    schedule: settings.schedule,
    scheduleWeekday: String(settings.scheduleWeekday ?? 1),
    scheduleMonthDay: String(settings.scheduleMonthDay ?? 1),
    autoApproveBelow: settings.autoApproveBelowMinor === null ? "" : formatDecimalAmount({ amountMinor: settings.autoApproveBelowMinor, currency }),
    requireTaxForm: settings.requireTaxForm,
    defaultMethod: settings.defaultMethod ?? "",
    storeCreditExpiryDays: settings.storeCreditExpiryDays === null ? "" : String(settings.storeCreditExpiryDays),
    giftCardExpiryDays: settings.giftCardExpiryDays === null ? "" : String(settings.giftCardExpiryDays),
  };
}
