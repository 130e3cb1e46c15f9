/**
 * The choices on Settings › Payouts, zod-free so the page's browser bundle can use them (the parser lives in
 * parse-payout-settings-form.ts and runs in the action only).
 */
export const PAYOUT_SCHEDULES = ["off", "weekly", "twice_monthly", "monthly"] as const;
export type PayoutSchedule = (typeof PAYOUT_SCHEDULES)[number];

export const PAYOUT_METHODS = ["paypal", "store_credit", "gift_card", "sepa_file", "wise_file", "csv_file", "manual"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

export const PAYOUT_METHOD_LABELS: Record<PayoutMethod, string> = {
  paypal: "PayPal",
  store_credit: "Shopify store credit",
  gift_card: "Shopify gift card",
  sepa_file: "SEPA bank file",
  wise_file: "Wise batch file",
  csv_file: "CSV file for your bank",
  manual: "Paid outside Affable (manual)",
};

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** Days 1–28 only: every month has them, so a monthly run never skips February. */
export const MAX_SCHEDULE_MONTH_DAY = 28;
export const MAX_EXPIRY_DAYS = 3650;

/** The form as the browser holds it (all strings, the checkbox a boolean). */
export interface PayoutSettingsFormValues {
  schedule: PayoutSchedule;
  scheduleWeekday: string;
  scheduleMonthDay: string;
  autoApproveBelow: string;
  requireTaxForm: boolean;
  defaultMethod: PayoutMethod | "";
  storeCreditExpiryDays: string;
  giftCardExpiryDays: string;
}

function ordinal(day: number): string {
  const suffix = day % 10 === 1 && day !== 11 ? "st" : day % 10 === 2 && day !== 12 ? "nd" : day % 10 === 3 && day !== 13 ? "rd" : "th";
  return `${day}${suffix}`;
}

/** "Every Monday", "On the 1st and the 15th", "On the 5th of each month", in the shop's time zone. */
export function describePayoutSchedule(schedule: PayoutSchedule, weekday: number | null, monthDay: number | null, timeZone: string): string {
  switch (schedule) {
    case "off":
      return "No scheduled runs: you plan each payout run yourself.";
    case "weekly":
      return `A run is planned every ${WEEKDAY_NAMES[(weekday ?? 1) - 1]} (${timeZone} time).`;
    case "twice_monthly":
      return `A run is planned on the 1st and the 15th of each month (${timeZone} time).`;
    case "monthly":
      return `A run is planned on the ${ordinal(monthDay ?? 1)} of each month (${timeZone} time).`;
  }
}
