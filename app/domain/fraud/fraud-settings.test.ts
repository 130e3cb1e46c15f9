import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS, describeRule, FRAUD_RULE_IDS, parseFraudSettings, resolveFraudSettings, scanRequirements } from "./fraud-settings";

describe("parseFraudSettings", () => {
  it("an empty object is the defaults", () => {
    expect(parseFraudSettings({})).toEqual({ ok: true, settings: DEFAULT_FRAUD_SETTINGS });
  });

  it("a partial rule is merged over its defaults", () => {
    const result = parseFraudSettings({ velocity: { threshold: 8, action: "hold" } });
    expect(result).toEqual({ ok: true, settings: { ...DEFAULT_FRAUD_SETTINGS, velocity: { ...DEFAULT_FRAUD_SETTINGS.velocity, threshold: 8, action: "hold" } } });
  });

  it.each([
    { label: "not an object", raw: "on", errors: [{ field: "rules", message: expect.stringContaining("object") }] },
    { label: "an array", raw: [], errors: [{ field: "rules", message: expect.stringContaining("object") }] },
    { label: "an unknown rule", raw: { typo_rule: {} }, errors: [{ field: "typo_rule", message: expect.stringContaining("Unknown rule") }] },
    { label: "a rule that is not an object", raw: { velocity: true }, errors: [{ field: "velocity", message: expect.stringContaining("object") }] },
    { label: "a threshold of the wrong type", raw: { velocity: { threshold: "high" } }, errors: [{ field: "velocity.threshold", message: expect.any(String) }] },
    { label: "a share above 1", raw: { leaked_code: { threshold: 1.5 } }, errors: [{ field: "leaked_code.threshold", message: expect.any(String) }] },
    { label: "an unknown action", raw: { self_referral: { action: "block" } }, errors: [{ field: "self_referral.action", message: expect.any(String) }] },
    { label: "a fractional count", raw: { refund_abuse: { minOrders: 2.5 } }, errors: [{ field: "refund_abuse.minOrders", message: expect.any(String) }] },
    { label: "an unknown field", raw: { click_spam: { burst: 5 } }, errors: [{ field: "click_spam.burst", message: "Unknown setting: burst." }] },
  ])("$label → refused, field named", ({ raw, errors }) => {
    expect(parseFraudSettings(raw)).toEqual({ ok: false, errors });
  });

  it("reports every bad field at once", () => {
    const result = parseFraudSettings({ velocity: { threshold: -1, enabled: "yes" }, refund_abuse: { minRate: 2 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field).sort()).toEqual(["refund_abuse.minRate", "velocity.enabled", "velocity.threshold"]);
  });
});

describe("resolveFraudSettings: never throws, bad parts fall back to defaults", () => {
  it.each([
    { label: "null", stored: null },
    { label: "a string", stored: "garbage" },
    { label: "an array", stored: [1, 2] },
    { label: "a rule that is a number", stored: { velocity: 3 } },
  ])("$label → defaults", ({ stored }) => {
    expect(resolveFraudSettings(stored)).toEqual(DEFAULT_FRAUD_SETTINGS);
  });

  it("keeps valid fields and drops invalid ones, field by field", () => {
    const resolved = resolveFraudSettings({ velocity: { threshold: 9, minDayOrders: "lots", unknown: 1 }, paid_traffic: { enabled: false } });
    expect(resolved.velocity).toEqual({ ...DEFAULT_FRAUD_SETTINGS.velocity, threshold: 9 });
    expect(resolved.paid_traffic).toEqual({ ...DEFAULT_FRAUD_SETTINGS.paid_traffic, enabled: false });
    expect(resolved.refund_abuse).toEqual(DEFAULT_FRAUD_SETTINGS.refund_abuse);
  });
});

describe("describeRule: one line a merchant reads", () => {
  it.each([
    {
      rule: "self_referral" as const,
      line: "Hold an order when its customer matches the creator by customer account, email, phone or shipping address, or it came from the creator's own device (portal sign-ins of the last 180 days).",
    },
    {
      rule: "leaked_code" as const,
      line: "Hold a code's orders without a click when over 30 days more than 60 % of its orders (at least 20, from 8+ customers) had no click or link from the creator, 25 % above their usual share and the program's; and any order with a code that arrives from a coupon site.",
    },
    {
      rule: "refund_abuse" as const,
      line: "Hold a creator's orders when over 60 days their refunds and cancellations exceed 3× the program's rate and 30 % (at least 15 orders).",
    },
    {
      rule: "velocity" as const,
      line: "Flag a day whose orders or revenue are more than 6 robust deviations above the creator's usual for that weekday (at least 10 orders, 28+ days of history), and a new creator whose first 14 days bring over 3× what 99 % of new creators bring.",
    },
  ])("$rule default", ({ rule, line }) => {
    expect(describeRule(rule, DEFAULT_FRAUD_SETTINGS[rule])).toBe(line);
  });

  it("every rule has a line; the line follows the settings", () => {
    for (const rule of FRAUD_RULE_IDS) expect(describeRule(rule, DEFAULT_FRAUD_SETTINGS[rule]).length).toBeGreaterThan(40);
    expect(describeRule("paid_traffic", { ...DEFAULT_FRAUD_SETTINGS.paid_traffic, socialIdsAlone: "flag" })).toBe(
      "When creators may not run paid search: hold an order that has the creator's link and a landing page with a search-ad click id (gclid, gbraid, wbraid, msclkid); social click ids (fbclid, ttclid, twclid, li_fat_id) are only flagged, never held, unless utm_medium says paid, because those sites add them to ordinary posts too.",
    );
    expect(describeRule("paid_traffic", DEFAULT_FRAUD_SETTINGS.paid_traffic)).toBe(
      "When creators may not run paid search: hold an order that has the creator's link and a landing page with a search-ad click id (gclid, gbraid, wbraid, msclkid); social click ids count only when utm_medium says paid.",
    );
    expect(describeRule("velocity", { ...DEFAULT_FRAUD_SETTINGS.velocity, enabled: false })).toMatch(/^Off\. Flag a day/);
    expect(describeRule("duplicate_identity", { ...DEFAULT_FRAUD_SETTINGS.duplicate_identity, matchDevice: false, matchEmailDomain: false, flagDisposableEmail: false })).toBe(
      "Flag creators when 2+ of them share a payout account or tax id.",
    );
  });
});

describe("scanRequirements", () => {
  it("the longest window and history of the rules that are on", () => {
    expect(scanRequirements(DEFAULT_FRAUD_SETTINGS)).toEqual({ historyDays: 120, windowDays: 60, clickWindowDays: 14, burstMinutes: 10 });
    const fewer = { ...DEFAULT_FRAUD_SETTINGS, leaked_code: { ...DEFAULT_FRAUD_SETTINGS.leaked_code, enabled: false }, click_spam: { ...DEFAULT_FRAUD_SETTINGS.click_spam, enabled: false } };
    expect(scanRequirements(fewer)).toEqual({ historyDays: 60, windowDays: 60, clickWindowDays: 14, burstMinutes: 10 });
  });
});
