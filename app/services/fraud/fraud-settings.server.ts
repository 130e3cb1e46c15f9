/**
 * Settings › Fraud: per rule on/off, hold or flag only, its threshold and its own fields (FraudSettings.rules,
 * validated by the domain's parseFraudSettings), the coupon and deal sites the merchant adds to Affable's list
 * (extraCouponSites, each a valid domain) and whether creators may run paid search (paidSearchForbidden).
 *
 * Saves are behind FraudSettings.version: a tab that read version N saves only while the row is still at N (one
 * UPDATE … WHERE version = N); otherwise 409 and the merchant reloads. Every save that changes something leaves an
 * AuditEvent with the fields that changed.
 */
import { domainToASCII } from "node:url";
import { z } from "zod";
import type { Database } from "../../db.server";
import {
  DEFAULT_FRAUD_SETTINGS,
  describeRule,
  FRAUD_RULE_IDS,
  FRAUD_RULE_SETTINGS_SCHEMAS,
  parseFraudSettings,
  resolveFraudSettings,
  RULE_THRESHOLDS,
  type FraudRuleSettingsMap,
  type RiskRuleId,
} from "../../domain/fraud";
import type { Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { describeRiskRuleTitle } from "./risk-rule-words.server";

export const MAX_EXTRA_COUPON_SITES = 500;

export type LoadedFraudSettings = {
  rules: FraudRuleSettingsMap;
  extraCouponSites: string[];
  paidSearchForbidden: boolean;
  /** 0 before the first save (no row yet). */
  version: number;
  updatedBy: string | null;
  updatedAt: Date | null;
};

export async function loadFraudSettings(db: Pick<Database, "fraudSettings">, shop: string): Promise<LoadedFraudSettings> {
  const row = await db.fraudSettings.findUnique({ where: { shop } });
  if (row === null) return { rules: DEFAULT_FRAUD_SETTINGS, extraCouponSites: [], paidSearchForbidden: true, version: 0, updatedBy: null, updatedAt: null };
  return {
    rules: resolveFraudSettings(row.rules),
    extraCouponSites: row.extraCouponSites,
    paidSearchForbidden: row.paidSearchForbidden,
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** "https://www.Deals.Example.com/codes" → "deals.example.com"; a domain needs a dot and a real top-level label. */
export function parseCouponSites(text: string): { ok: true; sites: string[] } | { ok: false; message: string } {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const sites: string[] = [];
  for (const entry of entries) {
    const host = entry
      .toLowerCase()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
      .replace(/[/?#].*$/, "")
      .replace(/^www\./, "")
      .replace(/\.$/, "");
    const ascii = domainToASCII(host);
    const valid = ascii !== "" && z.hostname().safeParse(ascii).success && /\.(xn--[a-z0-9-]{2,59}|[a-z]{2,63})$/.test(ascii) && !/:/.test(ascii);
    if (!valid) return { ok: false, message: `“${entry}” is not a website domain. Enter domains like dealsite.com, one per line.` };
    if (!sites.includes(ascii)) sites.push(ascii);
  }
  if (sites.length > MAX_EXTRA_COUPON_SITES) return { ok: false, message: `List at most ${MAX_EXTRA_COUPON_SITES} sites; Affable's own list already has the common ones.` };
  return { ok: true, sites };
}

type FieldSchema = z.ZodType & { minValue?: number | null; maxValue?: number | null; isInt?: boolean };

function fieldSchema(rule: RiskRuleId, field: string): FieldSchema | undefined {
  return (FRAUD_RULE_SETTINGS_SCHEMAS[rule].shape as Record<string, FieldSchema>)[field];
}

/** A merchant's message for a bad number: its bounds, from the rule's schema. */
function describeBadValue(rule: RiskRuleId, field: string, fallback: string): string {
  const schema = fieldSchema(rule, field);
  if (schema instanceof z.ZodNumber) {
    const min = schema.minValue;
    const max = schema.maxValue;
    const whole = schema.isInt ? "a whole number" : "a number";
    if (min !== null && max !== null && Number.isFinite(min) && Number.isFinite(max)) return `Enter ${whole} from ${min} to ${max}.`;
    return `Enter ${whole}.`;
  }
  return fallback;
}

/**
 * The form's strings as the rules' types: a field the form did not send is left out (its stored or default value
 * applies); a number that does not read as one is passed on as text so the parser names the field.
 */
export function readRuleFields(form: Record<string, unknown>, current: FraudRuleSettingsMap): Record<string, Record<string, unknown>> {
  const raw: Record<string, Record<string, unknown>> = {};
  for (const rule of FRAUD_RULE_IDS) {
    const fields: Record<string, unknown> = {};
    for (const [field, defaultValue] of Object.entries(current[rule] as Record<string, unknown>)) {
      const value = form[`${rule}.${field}`];
      if (typeof value !== "string") continue;
      if (typeof defaultValue === "boolean") fields[field] = value === "true" || value === "on";
      else if (typeof defaultValue === "number") {
        const trimmed = value.trim();
        fields[field] = trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
      } else fields[field] = value;
    }
    raw[rule] = fields;
  }
  return raw;
}

const versionSchema = z.coerce.number().int().min(0);

export type SaveFraudSettingsResult =
  | { ok: true; changed: string[]; version: number }
  | { ok: false; status: 400 | 409; errors: Record<string, string> };

type Change = { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null };

function diffSettings(before: LoadedFraudSettings, after: { rules: FraudRuleSettingsMap; extraCouponSites: string[]; paidSearchForbidden: boolean }): Record<string, Change> {
  const diff: Record<string, Change> = {};
  for (const rule of FRAUD_RULE_IDS) {
    const from = before.rules[rule] as Record<string, unknown>;
    const to = after.rules[rule] as Record<string, unknown>;
    for (const field of Object.keys(to)) {
      if (JSON.stringify(from[field]) !== JSON.stringify(to[field])) diff[`${rule}.${field}`] = { from: (from[field] ?? null) as Prisma.InputJsonValue, to: to[field] as Prisma.InputJsonValue };
    }
  }
  if (JSON.stringify(before.extraCouponSites) !== JSON.stringify(after.extraCouponSites)) diff.couponSites = { from: before.extraCouponSites, to: after.extraCouponSites };
  if (before.paidSearchForbidden !== after.paidSearchForbidden) diff.paidSearchForbidden = { from: before.paidSearchForbidden, to: after.paidSearchForbidden };
  return diff;
}

/** Reads, validates and saves the Settings › Fraud form. Errors are keyed by the form's field names ("velocity.threshold"). */
export async function saveFraudSettings(db: Database, input: { shop: string; actor: string; form: Record<string, unknown> }): Promise<SaveFraudSettingsResult> {
  const { shop, form } = input;
  const expected = versionSchema.safeParse(form.version);
  if (!expected.success) return { ok: false, status: 400, errors: { form: "The form was incomplete. Reload the page and try again." } };
  const before = await loadFraudSettings(db, shop);
  const errors: Record<string, string> = {};
  const parsed = parseFraudSettings(readRuleFields(form, before.rules));
  if (!parsed.ok) {
    for (const error of parsed.errors) {
      const [rule, field] = error.field.split(".");
      errors[error.field] = rule && field && (FRAUD_RULE_IDS as readonly string[]).includes(rule) ? describeBadValue(rule as RiskRuleId, field, error.message) : error.message;
    }
  }
  const sites = parseCouponSites(typeof form.couponSites === "string" ? form.couponSites : before.extraCouponSites.join("\n"));
  if (!sites.ok) errors.couponSites = sites.message;
  if (!parsed.ok || !sites.ok) return { ok: false, status: 400, errors };
  const paidSearchForbidden = typeof form.paidSearchForbidden === "string" ? form.paidSearchForbidden === "true" || form.paidSearchForbidden === "on" : before.paidSearchForbidden;
  const next = { rules: parsed.settings, extraCouponSites: sites.sites, paidSearchForbidden };

  const stale = { ok: false as const, status: 409 as const, errors: { form: "Someone saved the fraud settings while you were editing. Reload the page to see their changes, then make yours again." } };
  return db.$transaction(async (tx): Promise<SaveFraudSettingsResult> => {
    // Compared with the row as it is now, under the version guard below: the audit says exactly what this save changed.
    const current = await loadFraudSettings(tx, shop);
    if (current.version !== expected.data) return stale;
    const diff = diffSettings(current, next);
    const changed = Object.keys(diff);
    if (changed.length === 0) return { ok: true, changed, version: current.version };
    const data = { rules: next.rules as unknown as Prisma.InputJsonValue, extraCouponSites: next.extraCouponSites, paidSearchForbidden, updatedBy: input.actor };
    if (expected.data === 0) {
      // First save: two tabs inserting at once, one wins (the primary key), the other is told to reload.
      const created = await tx.fraudSettings.createMany({ data: [{ shop, ...data, version: 1 }], skipDuplicates: true });
      if (created.count !== 1) return stale;
    } else {
      const updated = await tx.fraudSettings.updateMany({ where: { shop, version: expected.data }, data: { ...data, version: { increment: 1 } } });
      if (updated.count !== 1) return stale;
    }
    await recordAuditEvent(tx, {
      shop,
      actor: input.actor,
      action: "fraud_settings.updated",
      subjectType: "fraud_settings",
      subjectId: shop,
      details: { changes: diff } as Prisma.InputJsonValue,
    });
    return { ok: true, changed, version: expected.data + 1 };
  });
}

// ───────────── The page's view of the settings (plain data: the page ships without zod) ─────────────

const FIELD_WORDS: Readonly<Record<string, { label: string; help?: string }>> = {
  matchDevices: { label: "Also compare devices", help: "The order's and the click's network address and browser against the creator's own portal sign-ins." },
  deviceLookbackDays: { label: "Sign-ins compared (days)" },
  socialIdsAlone: { label: "Social click ids alone" },
  windowDays: { label: "Window (days)", help: "The recent days the rule looks at." },
  baselineDays: { label: "Usual behaviour from (days)", help: "The days before the window that set what is usual." },
  minCodeOrders: { label: "Code orders needed" },
  minDistinctCustomers: { label: "Different customers needed" },
  minRiseOverBaseline: { label: "Rise over the usual share (0 to 1)" },
  checkCouponSites: { label: "Flag orders arriving from coupon sites" },
  burstMinutes: { label: "Burst length (minutes)" },
  automatedShare: { label: "Share of clicks from servers or bots (0 to 1)" },
  minClicks: { label: "Clicks needed" },
  conversionFloor: { label: "Orders per click floor (0 to 1 of usual)" },
  minHistoryDays: { label: "History needed (days)" },
  minDayOrders: { label: "Orders in a day needed" },
  newCreatorDays: { label: "A new creator's first days" },
  newCreatorFactor: { label: "Times a typical new creator" },
  newCreatorMinOrders: { label: "New creator orders needed" },
  newCreatorMinSample: { label: "New creators needed for a typical figure" },
  minOrders: { label: "Orders needed" },
  minRate: { label: "Lowest rate flagged (0 to 1)" },
  matchEmailDomain: { label: "Match a private email domain" },
  matchDevice: { label: "Match the same device" },
  flagDisposableEmail: { label: "Flag throw-away email addresses on sign-up" },
};

const CHOICE_WORDS: Readonly<Record<string, string>> = { flag: "Flag them (never held)", ignore: "Ignore them unless utm_medium says paid" };

function humanise(key: string): string {
  const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type FraudRuleFieldView =
  | { key: string; name: string; label: string; help: string | null; kind: "number"; value: string; min: number | null; max: number | null; step: number }
  | { key: string; name: string; label: string; help: string | null; kind: "boolean"; value: boolean }
  | { key: string; name: string; label: string; help: string | null; kind: "choice"; value: string; options: { label: string; value: string }[] };

export type FraudRuleView = {
  id: RiskRuleId;
  title: string;
  description: string;
  enabled: boolean;
  action: "flag" | "hold";
  threshold: { name: string; label: string; unit: string; value: string; min: number; max: number; step: number };
  fields: FraudRuleFieldView[];
};

/** Each rule's controls, in FRAUD_RULE_IDS order, with its title and one-line description (describeRule). */
export function buildFraudRuleViews(rules: FraudRuleSettingsMap): FraudRuleView[] {
  return FRAUD_RULE_IDS.map((rule) => {
    const settings = rules[rule] as Record<string, unknown> & { enabled: boolean; action: "flag" | "hold"; threshold: number };
    const fields: FraudRuleFieldView[] = [];
    for (const [key, value] of Object.entries(settings)) {
      if (key === "enabled" || key === "action" || key === "threshold") continue;
      const words = FIELD_WORDS[key] ?? { label: humanise(key) };
      const base = { key, name: `${rule}.${key}`, label: words.label, help: words.help ?? null };
      const schema = fieldSchema(rule, key);
      if (typeof value === "boolean") fields.push({ ...base, kind: "boolean", value });
      else if (typeof value === "number") {
        const number = schema instanceof z.ZodNumber ? schema : null;
        const max = number?.maxValue ?? null;
        fields.push({ ...base, kind: "number", value: String(value), min: number?.minValue ?? null, max: max !== null && Number.isFinite(max) ? max : null, step: number?.isInt ? 1 : 0.01 });
      } else if (schema instanceof z.ZodEnum) {
        const options = (schema.options as string[]).map((option) => ({ value: option, label: CHOICE_WORDS[option] ?? humanise(option) }));
        fields.push({ ...base, kind: "choice", value: String(value), options });
      }
    }
    const threshold = RULE_THRESHOLDS[rule];
    return {
      id: rule,
      title: describeRiskRuleTitle(rule),
      description: describeRule(rule, rules[rule]),
      enabled: settings.enabled,
      action: settings.action,
      threshold: { name: `${rule}.threshold`, label: threshold.label, unit: threshold.unit, value: String(settings.threshold), min: threshold.min, max: threshold.max, step: threshold.step },
      fields,
    };
  });
}
