import { describe, expect, it } from "vitest";
import { parsePayoutSettingsForm, toPayoutSettingsFormValues } from "./parse-payout-settings-form";
import { describePayoutSchedule } from "./payout-settings-options";

const base = { schedule: "off", scheduleWeekday: "", scheduleMonthDay: "", autoApproveBelow: "", defaultMethod: "", storeCreditExpiryDays: "", giftCardExpiryDays: "" };

describe("parsePayoutSettingsForm", () => {
  it.each([
    { why: "weekly needs a weekday", form: { schedule: "weekly", scheduleWeekday: "" }, field: "scheduleWeekday" },
    { why: "weekday 8 is not one", form: { schedule: "weekly", scheduleWeekday: "8" }, field: "scheduleWeekday" },
    { why: "monthly on the 29th could skip February", form: { schedule: "monthly", scheduleMonthDay: "29" }, field: "scheduleMonthDay" },
    { why: "monthly on day 0", form: { schedule: "monthly", scheduleMonthDay: "0" }, field: "scheduleMonthDay" },
    { why: "an unknown schedule", form: { schedule: "daily" }, field: "schedule" },
    { why: "three decimals in USD", form: { autoApproveBelow: "10.005" }, field: "autoApproveBelow" },
    { why: "a negative amount", form: { autoApproveBelow: "-5" }, field: "autoApproveBelow" },
    { why: "zero auto-approves nothing: say leave it empty", form: { autoApproveBelow: "0" }, field: "autoApproveBelow" },
    { why: "words for an amount", form: { autoApproveBelow: "five hundred" }, field: "autoApproveBelow" },
    { why: "an unknown method", form: { defaultMethod: "bitcoin" }, field: "defaultMethod" },
    { why: "store credit expiring in 0 days", form: { storeCreditExpiryDays: "0" }, field: "storeCreditExpiryDays" },
    { why: "gift card expiry in fractions", form: { giftCardExpiryDays: "1.5" }, field: "giftCardExpiryDays" },
  ])("refuses $why on the field $field", ({ form, field }) => {
    const result = parsePayoutSettingsForm({ ...base, ...form }, "USD");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual([field]);
      expect(result.errors[field]).toMatch(/\w+/);
    }
  });

  it.each([
    { currency: "USD", text: "500", minor: 50_000n },
    { currency: "USD", text: "499.99", minor: 49_999n },
    { currency: "JPY", text: "50000", minor: 50_000n },
    { currency: "KWD", text: "12.345", minor: 12_345n },
  ])("auto-approve below $text $currency → $minor minor units", ({ currency, text, minor }) => {
    const result = parsePayoutSettingsForm({ ...base, autoApproveBelow: text }, currency);
    expect(result).toMatchObject({ ok: true, settings: { autoApproveBelowMinor: minor } });
  });

  it("JPY has no decimals: 10.5 yen is refused on its field", () => {
    expect(parsePayoutSettingsForm({ ...base, autoApproveBelow: "10.5" }, "JPY")).toMatchObject({ ok: false, errors: { autoApproveBelow: expect.stringContaining("JPY") as unknown } });
  });

  it("reads a full form; the weekday of a monthly schedule is dropped; round-trips to the form", () => {
    const result = parsePayoutSettingsForm(
      { schedule: "monthly", scheduleWeekday: "3", scheduleMonthDay: "5", autoApproveBelow: "250.00", requireTaxForm: "on", defaultMethod: "paypal", storeCreditExpiryDays: "365", giftCardExpiryDays: "" },
      "USD",
    );
    expect(result).toEqual({
      ok: true,
      settings: { schedule: "monthly", scheduleWeekday: null, scheduleMonthDay: 5, autoApproveBelowMinor: 25_000n, requireTaxForm: true, defaultMethod: "paypal", storeCreditExpiryDays: 365, giftCardExpiryDays: null },
    });
    if (result.ok) expect(toPayoutSettingsFormValues(result.settings, "USD")).toMatchObject({ autoApproveBelow: "250.00", scheduleMonthDay: "5", requireTaxForm: true, storeCreditExpiryDays: "365", giftCardExpiryDays: "" });
  });
});

describe("describePayoutSchedule", () => {
  it.each([
    ["off", null, null, /No scheduled runs/],
    ["weekly", 1, null, /every Monday \(America\/Los_Angeles time\)/],
    ["weekly", 7, null, /every Sunday/],
    ["twice_monthly", null, null, /1st and the 15th/],
    ["monthly", null, 2, /the 2nd of each month/],
    ["monthly", null, 11, /the 11th of each month/],
    ["monthly", null, 23, /the 23rd of each month/],
  ] as const)("%s %s %s", (schedule, weekday, day, expected) => {
    expect(describePayoutSchedule(schedule, weekday, day, "America/Los_Angeles")).toMatch(expected);
  });
});
