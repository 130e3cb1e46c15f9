/*
 * The shop's fraud rule settings: per rule on/off, hold or flag only, its main threshold and its own fields, with
 * defaults a merchant reads in one line (describeRule). Stored as FraudSettings.rules JSON (partial: defaults fill
 * the rest), validated here with zod.
 *
 * The defaults are chosen so an honest program sees (almost) nothing: the thresholds sit well past the normal
 * spread, and every history rule also needs a minimum count before it judges at all. Each rule's test file has a
 * "near miss" row just under its default threshold.
 */
import { z } from "zod";
import type { RiskAction, RiskRuleId } from "./fraud-types";

const action = z.enum(["flag", "hold"]);
const days = (max: number) => z.number().int().min(1).max(max);
const count = z.number().int().min(1).max(1_000_000);
const share = z.number().min(0).max(1);

export const FRAUD_RULE_SETTINGS_SCHEMAS = {
  self_referral: z.object({
    enabled: z.boolean(),
    action,
    /** How many of the creator's identity signals (customer, email, phone, address, device) must match. */
    threshold: z.number().int().min(1).max(5),
    /** Compare the order's and the click's IP / browser with the creator's own portal sign-ins. */
    matchDevices: z.boolean(),
    /** Portal sign-ins older than this are not compared. */
    deviceLookbackDays: days(730),
  }),
  paid_traffic: z.object({
    enabled: z.boolean(),
    action,
    /** How many different ad click ids the landing page must carry (1: any). */
    threshold: z.number().int().min(1).max(8),
    /** Social click ids (fbclid, ttclid, twclid, li_fat_id) without a paid utm_medium: flag them (low, never held) or ignore. */
    socialIdsAlone: z.enum(["flag", "ignore"]),
  }),
  leaked_code: z.object({
    enabled: z.boolean(),
    action,
    /** Code-only share (orders with the code and no link, ref or click of the creator) above which a code counts as leaked. */
    threshold: share,
    windowDays: days(365),
    baselineDays: days(730),
    /** Code orders in the window before the rule judges the share. */
    minCodeOrders: count,
    minDistinctCustomers: count,
    /** The window's share must also be this much above the creator's usual share and the program's. */
    minRiseOverBaseline: share,
    /** Flag an order whose referring site is on the coupon-site list (order check). */
    checkCouponSites: z.boolean(),
  }),
  click_spam: z.object({
    enabled: z.boolean(),
    action,
    /** Clicks from one IP and browser inside `burstMinutes` that make a burst. */
    threshold: z.number().int().min(2).max(100_000),
    burstMinutes: z.number().int().min(1).max(1440),
    windowDays: days(90),
    baselineDays: days(730),
    /** Share of the window's clicks from data centres or automated browsers that is flagged. */
    automatedShare: share,
    /** Clicks in the window before the shares and the conversion are judged. */
    minClicks: count,
    /** Orders per click below this fraction of the creator's usual AND the program's is flagged. */
    conversionFloor: share,
  }),
  velocity: z.object({
    enabled: z.boolean(),
    action,
    /** Robust z-score (median/MAD) of a day's orders or revenue against the creator's baseline. */
    threshold: z.number().min(1).max(100),
    /** The recent days checked. */
    windowDays: days(31),
    baselineDays: days(365),
    /** Days of history the creator needs before the baseline is trusted. */
    minHistoryDays: days(365),
    /** A day with fewer orders is never flagged, whatever its z-score. */
    minDayOrders: count,
    newCreatorDays: days(90),
    /** A new creator is flagged above the program's 99th percentile of first-days orders × this factor. */
    newCreatorFactor: z.number().min(1).max(100),
    newCreatorMinOrders: count,
    /** New creators the program needs before the percentile is trusted. */
    newCreatorMinSample: count,
  }),
  refund_abuse: z.object({
    enabled: z.boolean(),
    action,
    /** Refund + cancellation rate above the program's rate times this. */
    threshold: z.number().min(1).max(100),
    windowDays: days(365),
    minOrders: count,
    /** …and at least this rate, whatever the program's. */
    minRate: share,
  }),
  duplicate_identity: z.object({
    enabled: z.boolean(),
    action,
    /** Creators sharing one identity key before it is flagged. */
    threshold: z.number().int().min(2).max(100),
    matchEmailDomain: z.boolean(),
    matchDevice: z.boolean(),
    flagDisposableEmail: z.boolean(),
  }),
} satisfies Record<RiskRuleId, z.ZodObject>;

export type SelfReferralSettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.self_referral>;
export type PaidTrafficSettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.paid_traffic>;
export type LeakedCodeSettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.leaked_code>;
export type ClickSpamSettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.click_spam>;
export type VelocitySettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.velocity>;
export type RefundAbuseSettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.refund_abuse>;
export type DuplicateIdentitySettings = z.infer<typeof FRAUD_RULE_SETTINGS_SCHEMAS.duplicate_identity>;

/** Per rule, its settings type. */
export type FraudRuleSettingsMap = {
  readonly self_referral: SelfReferralSettings;
  readonly paid_traffic: PaidTrafficSettings;
  readonly leaked_code: LeakedCodeSettings;
  readonly click_spam: ClickSpamSettings;
  readonly velocity: VelocitySettings;
  readonly refund_abuse: RefundAbuseSettings;
  readonly duplicate_identity: DuplicateIdentitySettings;
};

/** The order rules are listed in (settings page, order page, runners). */
export const FRAUD_RULE_IDS: readonly RiskRuleId[] = [
  "self_referral",
  "leaked_code",
  "paid_traffic",
  "click_spam",
  "velocity",
  "refund_abuse",
  "duplicate_identity",
];

export const DEFAULT_FRAUD_SETTINGS: FraudRuleSettingsMap = {
  self_referral: { enabled: true, action: "hold", threshold: 1, matchDevices: true, deviceLookbackDays: 180 },
  paid_traffic: { enabled: true, action: "hold", threshold: 1, socialIdsAlone: "ignore" },
  leaked_code: {
    enabled: true,
    action: "hold",
    threshold: 0.6,
    windowDays: 30,
    baselineDays: 90,
    minCodeOrders: 20,
    minDistinctCustomers: 8,
    minRiseOverBaseline: 0.25,
    checkCouponSites: true,
  },
  click_spam: {
    enabled: true,
    action: "flag",
    threshold: 30,
    burstMinutes: 10,
    windowDays: 14,
    baselineDays: 90,
    automatedShare: 0.5,
    minClicks: 100,
    conversionFloor: 0.2,
  },
  velocity: {
    enabled: true,
    action: "flag",
    threshold: 6,
    windowDays: 3,
    baselineDays: 56,
    minHistoryDays: 28,
    minDayOrders: 10,
    newCreatorDays: 14,
    newCreatorFactor: 3,
    newCreatorMinOrders: 20,
    newCreatorMinSample: 20,
  },
  refund_abuse: { enabled: true, action: "hold", threshold: 3, windowDays: 60, minOrders: 15, minRate: 0.3 },
  duplicate_identity: { enabled: true, action: "flag", threshold: 2, matchEmailDomain: true, matchDevice: true, flagDisposableEmail: true },
};

/** What the main threshold means, for the settings form (label, unit, bounds). */
export const RULE_THRESHOLDS: Readonly<
  Record<RiskRuleId, { readonly label: string; readonly unit: "count" | "share" | "z" | "ratio"; readonly min: number; readonly max: number; readonly step: number }>
> = {
  self_referral: { label: "Matching signals needed", unit: "count", min: 1, max: 5, step: 1 },
  paid_traffic: { label: "Ad click ids needed", unit: "count", min: 1, max: 8, step: 1 },
  leaked_code: { label: "Code-only share", unit: "share", min: 0, max: 1, step: 0.05 },
  click_spam: { label: "Clicks in one burst", unit: "count", min: 2, max: 100_000, step: 1 },
  velocity: { label: "Robust z-score", unit: "z", min: 1, max: 100, step: 0.5 },
  refund_abuse: { label: "Times the program's rate", unit: "ratio", min: 1, max: 100, step: 0.5 },
  duplicate_identity: { label: "Creators sharing", unit: "count", min: 2, max: 100, step: 1 },
};

export type FraudSettingsError = { readonly field: string; readonly message: string };
export type ParseFraudSettingsResult =
  | { readonly ok: true; readonly settings: FraudRuleSettingsMap }
  | { readonly ok: false; readonly errors: readonly FraudSettingsError[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isRuleId(key: string): key is RiskRuleId {
  return (FRAUD_RULE_IDS as readonly string[]).includes(key);
}

/**
 * Validates settings from the form or the API: `{ [rule]: { field: value } }`, partial (a missing rule or field is its
 * default). Unknown rules, unknown fields and bad values are refused with the field named ("velocity.threshold").
 */
export function parseFraudSettings(raw: unknown): ParseFraudSettingsResult {
  if (!isPlainObject(raw)) return { ok: false, errors: [{ field: "rules", message: "Rule settings must be an object keyed by rule." }] };
  const errors: FraudSettingsError[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_FRAUD_SETTINGS };
  for (const [ruleKey, value] of Object.entries(raw)) {
    if (!isRuleId(ruleKey)) {
      errors.push({ field: ruleKey, message: `Unknown rule "${ruleKey}". Rules: ${FRAUD_RULE_IDS.join(", ")}.` });
      continue;
    }
    if (!isPlainObject(value)) {
      errors.push({ field: ruleKey, message: "Settings of a rule must be an object." });
      continue;
    }
    const result = FRAUD_RULE_SETTINGS_SCHEMAS[ruleKey].partial().strict().safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.code === "unrecognized_keys" ? issue.keys.map((key) => `${ruleKey}.${key}`).join(", ") : [ruleKey, ...issue.path.map(String)].join(".");
        const message = issue.code === "unrecognized_keys" ? `Unknown setting: ${issue.keys.join(", ")}.` : issue.message;
        errors.push({ field: path, message });
      }
      continue;
    }
    settings[ruleKey] = { ...DEFAULT_FRAUD_SETTINGS[ruleKey], ...result.data };
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, settings: settings as FraudRuleSettingsMap };
}

/**
 * The settings in force from the stored JSON: defaults merged with every stored field that is still valid; a
 * malformed part (a rule that is not an object, a field of the wrong type or out of range, an unknown key) falls back
 * to its default. Never throws: a bad row must not stop order processing or the nightly scan.
 */
export function resolveFraudSettings(storedJson: unknown): FraudRuleSettingsMap {
  const stored = isPlainObject(storedJson) ? storedJson : {};
  const resolved: Record<string, unknown> = {};
  for (const rule of FRAUD_RULE_IDS) {
    const defaults = DEFAULT_FRAUD_SETTINGS[rule] as Record<string, unknown>;
    const storedRule = stored[rule];
    if (!isPlainObject(storedRule)) {
      resolved[rule] = defaults;
      continue;
    }
    const shape = FRAUD_RULE_SETTINGS_SCHEMAS[rule].shape as Record<string, z.ZodType>;
    const merged: Record<string, unknown> = { ...defaults };
    for (const field of Object.keys(defaults)) {
      if (!(field in storedRule)) continue;
      const fieldSchema = shape[field];
      if (fieldSchema?.safeParse(storedRule[field]).success) merged[field] = storedRule[field];
    }
    resolved[rule] = merged;
  }
  return resolved as FraudRuleSettingsMap;
}

const percent = (value: number) => `${Math.round(value * 100)} %`;
const verb = (value: RiskAction) => (value === "hold" ? "Hold" : "Flag");
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const DESCRIPTIONS: { readonly [K in RiskRuleId]: (settings: FraudRuleSettingsMap[K]) => string } = {
  self_referral: (s) =>
    `${verb(s.action)} an order when ${s.threshold === 1 ? "its customer matches" : `${s.threshold} signals of its customer match`} the creator by customer account, email, phone or shipping address${s.matchDevices ? `, or it came from the creator's own device (portal sign-ins of the last ${s.deviceLookbackDays} days)` : ""}.`,
  paid_traffic: (s) =>
    `When creators may not run paid search: ${verb(s.action).toLowerCase()} an order that has the creator's link and a landing page with ${s.threshold === 1 ? "a search-ad click id (gclid, gbraid, wbraid, msclkid)" : `${s.threshold} ad click ids`}${s.socialIdsAlone === "flag" ? "; social click ids (fbclid, ttclid, twclid, li_fat_id) are only flagged, never held, unless utm_medium says paid, because those sites add them to ordinary posts too" : "; social click ids count only when utm_medium says paid"}.`,
  leaked_code: (s) =>
    `${verb(s.action)} a code's orders without a click when over ${plural(s.windowDays, "day")} more than ${percent(s.threshold)} of its orders (at least ${s.minCodeOrders}, from ${s.minDistinctCustomers}+ customers) had no click or link from the creator, ${percent(s.minRiseOverBaseline)} above their usual share and the program's${s.checkCouponSites ? "; and any order with a code that arrives from a coupon site" : ""}.`,
  click_spam: (s) =>
    `${verb(s.action)} a creator's link orders when ${s.threshold}+ clicks come from one device within ${plural(s.burstMinutes, "minute")}, more than ${percent(s.automatedShare)} of ${plural(s.windowDays, "day")}' clicks come from servers or bots, or orders per click fall below ${percent(s.conversionFloor)} of their usual (at least ${s.minClicks} clicks).`,
  velocity: (s) =>
    `${verb(s.action)} a day whose orders or revenue are more than ${s.threshold} robust deviations above the creator's usual for that weekday (at least ${s.minDayOrders} orders, ${s.minHistoryDays}+ days of history), and a new creator whose first ${plural(s.newCreatorDays, "day")} bring over ${s.newCreatorFactor}× what 99 % of new creators bring.`,
  refund_abuse: (s) =>
    `${verb(s.action)} a creator's orders when over ${plural(s.windowDays, "day")} their refunds and cancellations exceed ${s.threshold}× the program's rate and ${percent(s.minRate)} (at least ${s.minOrders} orders).`,
  duplicate_identity: (s) =>
    `${verb(s.action)} creators when ${s.threshold}+ of them share a payout account or tax id${s.matchEmailDomain ? ", a private email domain" : ""}${s.matchDevice ? " or a device" : ""}${s.flagDisposableEmail ? "; flag sign-ups from throw-away email addresses" : ""}.`,
};

/** One line a merchant reads, from the rule's settings. */
export function describeRule<K extends RiskRuleId>(ruleId: K, settings: FraudRuleSettingsMap[K]): string {
  const describe = DESCRIPTIONS[ruleId] as (settings: FraudRuleSettingsMap[K]) => string;
  return settings.enabled ? describe(settings) : `Off. ${describe(settings)}`;
}

/**
 * What the nightly scan must load for the history rules that are on: `historyDays` of CreatorDay rows (ending today),
 * window orders for the last `windowDays`, and CreatorHistory.windowClicks / clickBursts over the last
 * `clickWindowDays` with bursts of `burstMinutes`.
 */
export function scanRequirements(settings: FraudRuleSettingsMap): { historyDays: number; windowDays: number; clickWindowDays: number; burstMinutes: number } {
  const spans: number[] = [1];
  const windows: number[] = [1];
  if (settings.leaked_code.enabled) {
    spans.push(settings.leaked_code.windowDays + settings.leaked_code.baselineDays);
    windows.push(settings.leaked_code.windowDays);
  }
  if (settings.click_spam.enabled) {
    spans.push(settings.click_spam.windowDays + settings.click_spam.baselineDays);
    windows.push(settings.click_spam.windowDays);
  }
  if (settings.velocity.enabled) {
    spans.push(settings.velocity.windowDays + settings.velocity.baselineDays, settings.velocity.newCreatorDays);
    windows.push(settings.velocity.windowDays);
  }
  if (settings.refund_abuse.enabled) {
    spans.push(settings.refund_abuse.windowDays);
    windows.push(settings.refund_abuse.windowDays);
  }
  return {
    historyDays: Math.max(...spans),
    windowDays: Math.max(...windows),
    clickWindowDays: settings.click_spam.windowDays,
    burstMinutes: settings.click_spam.burstMinutes,
  };
}
