/**
 * The per-order risk check (Part 8): the order rules (self-referral, paid traffic, the coupon-site part of leaked
 * code) run on every attributed order inside the transaction that records it, right after its commission accrues, so
 * a hold lands before any money can move (a payout run and the approval job never see an on_hold commission).
 *
 * The check never blocks an order: a rule that throws is an "error" row on the order's page (runOrderRules catches
 * it), and so is a creator whose stored identity cannot be read. A DATABASE error is different: it aborts the
 * PostgreSQL transaction, so it propagates and the whole delivery is retried, like any other write of the order.
 *
 * Cost: on an order that passes, two statements: one reads the creator's identity, the click and the shop's fraud
 * settings; one upserts the OrderRiskCheck rows. Dismissals are read only when a rule flags (a dismissal can only
 * turn a flag into "dismissed", so an order that passes needs none). tools/bench/fraud-per-order.ts measures it.
 *
 * Re-running (recheckOrderRisk, the order page's "Re-check") replaces the order's OrderRiskCheck rows and lands flags
 * on the same open RiskFlag (applyRiskVerdicts is idempotent: no second hold, no second flag).
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import type { AttributionDecision } from "../../domain/attribution";
import {
  buildCouponSiteSet,
  normaliseAddress,
  normaliseEmail,
  normalisePhone,
  ORDER_RULES,
  resolveFraudSettings,
  runOrderRules,
  type CreatorIdentity,
  type Dismissals,
  type FraudRuleSettingsMap,
  type OrderRiskFacts,
  type OrderRuleInput,
  type OrderRuleOutcome,
  type RiskRuleId,
} from "../../domain/fraud";
import type { AttributedOrder, Prisma } from "../../generated/prisma/client";
import { fromLedgerJson } from "../../db/ledger-json";
import { lockOrderForUpdate } from "../../repositories/commission-repository.server";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { hashOptionalSignal } from "../../security/hash-signal.server";
import { applyRiskVerdicts, loadDismissals, RISK_SYSTEM_ACTOR } from "./risk-flags.server";

type Tx = Prisma.TransactionClient;

/** The order as the check reads it: OrderRiskFacts without the click, which is loaded with the creator's identity. */
export type OrderRiskSubject = Omit<OrderRiskFacts, "click" | "creatorId"> & {
  readonly creatorId: string | null;
  /** AttributedOrder.clickId: the credited creator's click the cart named. */
  readonly clickId: string | null;
};

/** The AttributedOrder columns the check reads. */
export type OrderRiskRow = Pick<
  AttributedOrder,
  | "shopifyOrderId" | "name" | "orderCreatedAt" | "creatorId" | "clickId" | "attribution" | "customerId" | "customerEmailKey" | "customerPhoneKey"
  | "shippingAddressKey" | "browserIpHash" | "userAgentHash" | "referringDomain" | "adClickIds" | "landingUtmMedium" | "creditedCode"
  | "creditedSignal" | "creatorTouched"
>;

/** How the rules were run: the shop's settings and the rule list, replaceable in tests (a rule that throws). */
export type RunOrderRules = (input: OrderRuleInput, settings: FraudRuleSettingsMap, dismissals: Dismissals, now: Date) => readonly OrderRuleOutcome[];

export type CheckOrderRiskInput = {
  readonly shop: string;
  readonly now: Date;
  readonly order: OrderRiskSubject;
  /** Test seam only: the production path always runs the domain's runOrderRules. */
  readonly runRules?: RunOrderRules;
};

/** One order rule's result as stored (OrderRiskCheck) and shown on the order page. */
export type OrderRiskCheckResult = {
  readonly rule: RiskRuleId;
  readonly verdict: "pass" | "flag" | "error" | "skipped" | "dismissed";
  readonly summary: string;
  readonly flagId: string | null;
};

export type CheckOrderRiskOutcome = {
  readonly checks: readonly OrderRiskCheckResult[];
  /** Commissions this check newly put on hold. */
  readonly held: number;
};

const SIGNALS = ["code", "link", "landing_site", "customer"] as const;
const signalSchema = z.enum(SIGNALS);

/** The check's view of a stored order; the signal columns written with it (Part 8) win over the decision JSON. */
export function toOrderRiskSubject(row: OrderRiskRow): OrderRiskSubject {
  const decision = fromLedgerJson<Partial<AttributionDecision> | null>(row.attribution);
  const signal = signalSchema.safeParse(row.creditedSignal ?? decision?.signal);
  const creditedSignal = signal.success ? signal.data : "code";
  const creditedCode = row.creditedCode
    ?? (creditedSignal === "code" ? (decision?.considered?.find((considered) => considered.credited)?.value ?? null) : null);
  return {
    orderId: row.shopifyOrderId,
    orderName: row.name,
    placedAt: row.orderCreatedAt,
    creatorId: row.creatorId,
    creditedSignal,
    creditedCode,
    // Rows recorded before the signal columns existed have creditedSignal null: read the decision instead.
    creatorTouched: row.creditedSignal === null ? wasTouched(decision, row) : row.creatorTouched,
    customerId: row.customerId === null ? null : toCustomerGid(row.customerId),
    customerEmailKey: row.customerEmailKey,
    customerPhoneKey: row.customerPhoneKey,
    shippingAddressKey: row.shippingAddressKey,
    browserIpHash: row.browserIpHash,
    userAgentHash: row.userAgentHash,
    referringDomain: row.referringDomain,
    adClickIds: row.adClickIds,
    landingUtmMedium: row.landingUtmMedium,
    clickId: row.clickId,
  };
}

/** A link, ref or click of the credited creator on the order (AttributedOrder.creatorTouched's meaning). */
function wasTouched(decision: Partial<AttributionDecision> | null, row: OrderRiskRow): boolean {
  if (row.clickId !== null) return true;
  return (decision?.considered ?? []).some((considered) => considered.accepted && (considered.signal === "link" || considered.signal === "landing_site") && considered.creatorId === row.creatorId);
}

/**
 * Runs the order rules on one attributed order in the caller's transaction, stores one OrderRiskCheck per rule, and
 * lands flags (with holds, when the rule's action is hold) on the creator's open RiskFlag.
 */
export async function checkOrderRisk(tx: Tx, input: CheckOrderRiskInput): Promise<CheckOrderRiskOutcome> {
  const { shop, now, order } = input;
  const runRules = input.runRules ?? runOrderRules;
  if (order.creatorId === null) {
    return { checks: await storeChecks(tx, shop, order.orderId, now, allSkipped("No creator was credited on this order, so there is nothing to check.")), held: 0 };
  }
  const loaded = await loadOrderRiskContext(tx, shop, order.creatorId, order.clickId);
  if (!loaded.ok) return { checks: await storeChecks(tx, shop, order.orderId, now, allErrors(loaded.message)), held: 0 };

  const { settings } = loaded;
  const ruleInput: OrderRuleInput = {
    order: { ...order, creatorId: order.creatorId, click: loaded.click },
    creator: loaded.identity,
    couponSites: loaded.couponSites,
    paidSearchForbidden: loaded.paidSearchForbidden,
  };
  let outcomes = runRulesSafely(runRules, ruleInput, settings, new Map(), now);
  if (outcomes.some((outcome) => outcome.verdict === "flag")) {
    const dismissals = (await loadDismissals(tx, shop, [order.creatorId])).get(order.creatorId) ?? new Map();
    if (dismissals.size > 0) outcomes = runRulesSafely(runRules, ruleInput, settings, dismissals, now);
  }

  const flagged = outcomes.flatMap((outcome) => (outcome.verdict === "flag" ? [outcome] : []));
  const applied = await applyRiskVerdicts(tx, { shop, now, actor: RISK_SYSTEM_ACTOR }, flagged.map((outcome) => ({ verdict: outcome.flag, action: outcome.action })));
  const flagIds = new Map(flagged.map((outcome, index) => [outcome.rule, applied[index]]));
  const rows = outcomes.map((outcome): CheckRow => {
    switch (outcome.verdict) {
      case "flag": {
        const result = flagIds.get(outcome.rule);
        // A person dismissed this pattern between our read and applyRiskVerdicts' (it checks again while writing).
        if (result?.dismissed === true) {
          return { rule: outcome.rule, verdict: "dismissed", severity: outcome.flag.severity, summary: `${outcome.summary} (dismissed before for this creator)`, evidence: outcome.flag.evidence, flagId: null };
        }
        return { rule: outcome.rule, verdict: "flag", severity: outcome.flag.severity, summary: outcome.summary, evidence: outcome.flag.evidence, flagId: result?.flagId ?? null };
      }
      case "dismissed":
        return { rule: outcome.rule, verdict: "dismissed", severity: outcome.flag.severity, summary: outcome.summary, evidence: outcome.flag.evidence, flagId: null };
      default:
        return { rule: outcome.rule, verdict: outcome.verdict, severity: null, summary: outcome.summary, evidence: null, flagId: null };
    }
  });
  return { checks: await storeChecks(tx, shop, order.orderId, now, rows), held: applied.reduce((sum, result) => sum + result.held, 0) };
}

export type RecheckOrderRiskResult =
  | { readonly ok: true; readonly checks: readonly OrderRiskCheckResult[]; readonly held: number }
  | { readonly ok: false; readonly status: 404; readonly message: string };

/**
 * Runs the order rules again on a recorded order ("Re-check" on the order page): after the creator's identity or
 * the shop's fraud settings changed, or after a rule error. Idempotent: the same facts give the same rows, and a
 * flag lands on the same open RiskFlag without a second hold. Serialised with the order's webhooks by the order lock.
 * A flag a person RELEASED is closed, so a re-check that still matches opens a new flag and holds again: to teach
 * the rule that a pattern is fine, dismiss the flag instead (a RiskDismissal makes the re-check say "dismissed").
 */
export async function recheckOrderRisk(
  db: Database,
  input: { shop: string; shopifyOrderId: string; actor: string; now: Date; runRules?: RunOrderRules },
): Promise<RecheckOrderRiskResult> {
  const { shop, shopifyOrderId, actor, now } = input;
  return db.$transaction(async (tx) => {
    const found = await tx.attributedOrder.findUnique({ where: { shop_shopifyOrderId: { shop, shopifyOrderId } }, select: { shopifyOrderLegacyId: true } });
    if (found === null) return { ok: false as const, status: 404 as const, message: "Affable has no such order for your store. Open Orders and pick the order again." };
    await lockOrderForUpdate(tx, shop, found.shopifyOrderLegacyId);
    const row = await tx.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop, shopifyOrderId } } });
    const outcome = await checkOrderRisk(tx, { shop, now, order: toOrderRiskSubject(row), runRules: input.runRules });
    await recordAuditEvent(tx, {
      shop, actor, action: "order.risk_rechecked", subjectType: "order", subjectId: shopifyOrderId,
      details: { checks: outcome.checks.map((check) => ({ rule: check.rule, verdict: check.verdict, flagId: check.flagId })), held: outcome.held },
    });
    return { ok: true as const, ...outcome };
  });
}

export type RecheckOrderActionResult = { readonly ok: boolean; readonly status: 200 | 400 | 404; readonly message: string };

const recheckFormSchema = z.object({ orderId: z.string({ error: "is missing" }).trim().min(1, "is missing").max(64, "is longer than an order id") });

/**
 * The order page's "Re-check" action: `orderId` is the page's order (AttributedOrder.id, the route parameter).
 * Returns the words for a toast; the page's loader then shows the new rows.
 */
export async function runRecheckOrderAction(
  db: Database,
  input: { shop: string; actor: string; now: Date; orderId: unknown },
): Promise<RecheckOrderActionResult> {
  const parsed = recheckFormSchema.safeParse({ orderId: input.orderId });
  if (!parsed.success) return { ok: false, status: 400, message: `orderId ${parsed.error.issues[0]?.message ?? "is not valid"}: open the order from Orders and try again.` };
  const order = await db.attributedOrder.findFirst({ where: { shop: input.shop, id: parsed.data.orderId }, select: { shopifyOrderId: true } });
  if (order === null) return { ok: false, status: 404, message: "Affable has no such order for your store. Open Orders and pick the order again." };
  const result = await recheckOrderRisk(db, { shop: input.shop, shopifyOrderId: order.shopifyOrderId, actor: input.actor, now: input.now });
  if (!result.ok) return { ok: false, status: result.status, message: result.message };
  return { ok: true, status: 200, message: describeRecheck(result.checks, result.held) };
}

/** "Re-checked: 2 passed, 1 flagged. 1 commission put on hold." */
export function describeRecheck(checks: readonly OrderRiskCheckResult[], held: number): string {
  const count = (verdict: OrderRiskCheckResult["verdict"]) => checks.filter((check) => check.verdict === verdict).length;
  const parts = [
    [count("pass"), "passed"],
    [count("flag"), "flagged"],
    [count("dismissed"), "dismissed before"],
    [count("skipped"), "skipped"],
    [count("error"), "failed (see the rows)"],
  ].filter(([n]) => (n as number) > 0).map(([n, words]) => `${n} ${words}`);
  const holds = held > 0 ? ` ${held} commission${held === 1 ? "" : "s"} put on hold.` : "";
  return `Re-checked: ${parts.join(", ")}.${holds}`;
}

// ───────────────────────────── loading ─────────────────────────────

type LoadedContext =
  | {
      readonly ok: true;
      readonly identity: CreatorIdentity;
      readonly click: OrderRiskFacts["click"];
      readonly settings: FraudRuleSettingsMap;
      readonly couponSites: ReadonlySet<string>;
      readonly paidSearchForbidden: boolean;
    }
  | { readonly ok: false; readonly message: string };

type ContextRow = {
  email: string;
  payoutEmail: string | null;
  phone: string | null;
  shippingAddress: unknown;
  shopifyCustomerId: string | null;
  paypalEmail: string | null;
  taxAddress: unknown;
  devices: unknown;
  click: unknown;
  settings: unknown;
};

const PORTAL_DEVICES = 50;

/**
 * ONE statement: the creator's identity values (contact and payout emails, phone, shipping address, linked customer),
 * their payout profile's PayPal email, their latest tax form's address, their newest portal sign-ins' IP / browser
 * hashes, the order's click, and the shop's fraud settings (no row: the defaults).
 */
async function loadOrderRiskContext(tx: Tx, shop: string, creatorId: string, clickId: string | null): Promise<LoadedContext> {
  const rows = await tx.$queryRaw<ContextRow[]>`
    SELECT c.email, c."payoutEmail", c.phone, c."shippingAddress", c."shopifyCustomerId",
      (SELECT p."paypalEmail" FROM "CreatorPayoutProfile" p WHERE p.shop = ${shop} AND p."creatorId" = c.id) AS "paypalEmail",
      (SELECT t.address FROM "CreatorTaxForm" t WHERE t.shop = ${shop} AND t."creatorId" = c.id ORDER BY t."signedAt" DESC LIMIT 1) AS "taxAddress",
      (SELECT coalesce(json_agg(json_build_object('ipHash', s."ipHash", 'userAgentHash', s."userAgentHash",
                'seenAtMs', floor(extract(epoch FROM s."lastSeenAt") * 1000)) ORDER BY s."lastSeenAt" DESC), '[]'::json)
         FROM (SELECT "ipHash", "userAgentHash", "lastSeenAt" FROM "CreatorPortalSession"
               WHERE shop = ${shop} AND "creatorId" = c.id AND ("ipHash" IS NOT NULL OR "userAgentHash" IS NOT NULL)
               ORDER BY "lastSeenAt" DESC LIMIT ${PORTAL_DEVICES}) s) AS devices,
      (SELECT json_build_object('ipHash', k."ipHash", 'userAgentHash', k."userAgentHash", 'atMs', floor(extract(epoch FROM k."createdAt") * 1000))
         FROM "Click" k WHERE k.shop = ${shop} AND k.id = ${clickId}) AS click,
      (SELECT json_build_object('rules', f.rules, 'extraCouponSites', f."extraCouponSites", 'paidSearchForbidden', f."paidSearchForbidden")
         FROM "FraudSettings" f WHERE f.shop = ${shop}) AS settings
    FROM "Creator" c
    WHERE c.shop = ${shop} AND c.id = ${creatorId}`;
  const row = rows[0];
  if (row === undefined) return { ok: false, message: `Creator ${creatorId} was not found, so their identity could not be compared with the order.` };
  try {
    // A malformed settings row means the defaults (as resolveFraudSettings does for a malformed rule), never an error.
    const parsedSettings = storedSettingsSchema.safeParse(row.settings ?? {});
    const stored = parsedSettings.success ? parsedSettings.data : { rules: {}, extraCouponSites: [], paidSearchForbidden: true };
    return {
      ok: true,
      identity: readCreatorIdentity(creatorId, row),
      click: readClick(row.click),
      settings: resolveFraudSettings(stored.rules),
      couponSites: buildCouponSiteSet(stored.extraCouponSites),
      paidSearchForbidden: stored.paidSearchForbidden,
    };
  } catch (error) {
    return { ok: false, message: `The creator's stored identity could not be read: ${describeError(error)}. Correct the creator's details, then use Re-check.` };
  }
}

const storedSettingsSchema = z.object({
  rules: z.unknown().optional(),
  extraCouponSites: z.array(z.string()).nullable().optional().transform((sites) => sites ?? []),
  paidSearchForbidden: z.boolean().optional().default(true),
});

const addressSchema = z.object({
  line1: z.string().nullish(),
  line2: z.string().nullish(),
  city: z.string().nullish(),
  region: z.string().nullish(),
  postalCode: z.string().nullish(),
  country: z.string().nullish(),
});

const devicesSchema = z.array(z.object({ ipHash: z.string().nullable(), userAgentHash: z.string().nullable(), seenAtMs: z.number() }));
const clickSchema = z.object({ ipHash: z.string(), userAgentHash: z.string(), atMs: z.number() });

/**
 * The creator's identity as keys: each value normalised (normalize-identity.ts) and hashed with hashSignal, exactly
 * as the order's keys were. An address that is not an address object (hand-edited JSON) throws: the check records
 * the error instead of silently comparing less.
 */
function readCreatorIdentity(creatorId: string, row: ContextRow): CreatorIdentity {
  const emails = [row.email, row.payoutEmail, row.paypalEmail].flatMap((email) => (email === null || email.trim() === "" ? [] : [normaliseEmail(email)]));
  const addresses = [row.shippingAddress, row.taxAddress].flatMap((address, index) => {
    if (address === null || address === undefined) return [];
    const parsed = addressSchema.safeParse(address);
    if (!parsed.success) throw new Error(`the ${index === 0 ? "creator's shipping address" : "tax form's address"} is not an address (${parsed.error.issues[0]?.message ?? "invalid"})`);
    return parsed.data.line1 || parsed.data.postalCode ? [normaliseAddress(parsed.data)] : [];
  });
  const phone = row.phone === null ? null : normalisePhone(row.phone);
  return {
    creatorId,
    customerIds: row.shopifyCustomerId === null || row.shopifyCustomerId.trim() === "" ? [] : [toCustomerGid(row.shopifyCustomerId)],
    emailKeys: unique(emails.map((email) => hashOptionalSignal("email", email))),
    phoneKeys: unique([hashOptionalSignal("phone", phone)]),
    addressKeys: unique(addresses.map((address) => hashOptionalSignal("address", address))),
    portalDevices: devicesSchema.parse(row.devices ?? []).map((device) => ({ ipHash: device.ipHash, userAgentHash: device.userAgentHash, seenAt: new Date(device.seenAtMs) })),
  };
}

function readClick(raw: unknown): OrderRiskFacts["click"] {
  if (raw === null || raw === undefined) return null;
  const click = clickSchema.parse(raw);
  return { ipHash: click.ipHash, userAgentHash: click.userAgentHash, at: new Date(click.atMs) };
}

function unique(keys: readonly (string | null)[]): string[] {
  return [...new Set(keys.filter((key): key is string => key !== null))];
}

/** REST numeric ids and GraphQL gids name one customer: compare gids. */
function toCustomerGid(id: string): string {
  const trimmed = id.trim();
  return /^\d+$/.test(trimmed) ? `gid://shopify/Customer/${trimmed}` : trimmed;
}

// ───────────────────────────── rules and rows ─────────────────────────────

/** The order rules, in FRAUD_RULES order: the rows every check writes. */
const ORDER_RULE_IDS: readonly RiskRuleId[] = ORDER_RULES.map((rule) => rule.id);

type CheckRow = {
  rule: RiskRuleId;
  verdict: OrderRiskCheckResult["verdict"];
  severity: "low" | "medium" | "high" | null;
  summary: string;
  evidence: unknown;
  flagId: string | null;
};

/** runOrderRules turns a throwing rule into an "error" outcome; this also covers a bug in the runner itself. */
function runRulesSafely(run: RunOrderRules, input: OrderRuleInput, settings: FraudRuleSettingsMap, dismissals: Dismissals, now: Date): readonly OrderRuleOutcome[] {
  try {
    return run(input, settings, dismissals, now);
  } catch (error) {
    return ORDER_RULE_IDS.map((rule) => ({ rule, verdict: "error" as const, summary: `The order rules could not run: ${describeError(error)}` }));
  }
}

function allSkipped(summary: string): CheckRow[] {
  return ORDER_RULE_IDS.map((rule) => ({ rule, verdict: "skipped", severity: null, summary, evidence: null, flagId: null }));
}

function allErrors(message: string): CheckRow[] {
  return ORDER_RULE_IDS.map((rule) => ({ rule, verdict: "error", severity: null, summary: message, evidence: null, flagId: null }));
}

/** One statement: INSERT … ON CONFLICT DO UPDATE, so a re-check replaces the rows of every rule it ran. */
async function storeChecks(tx: Tx, shop: string, shopifyOrderId: string, now: Date, rows: readonly CheckRow[]): Promise<OrderRiskCheckResult[]> {
  if (rows.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "OrderRiskCheck" (shop, "shopifyOrderId", rule, verdict, severity, summary, evidence, "flagId", "checkedAt")
      SELECT ${shop}, ${shopifyOrderId}, r.rule::"RiskRule", r.verdict::"RiskCheckVerdict", r.severity::"RiskSeverity", r.summary, r.evidence::jsonb, r."flagId", ${now}
      FROM unnest(${rows.map((row) => row.rule)}::text[], ${rows.map((row) => row.verdict)}::text[], ${rows.map((row) => row.severity)}::text[],
                  ${rows.map((row) => row.summary)}::text[], ${rows.map((row) => (row.evidence === null ? null : JSON.stringify(row.evidence)))}::text[],
                  ${rows.map((row) => row.flagId)}::text[]) AS r(rule, verdict, severity, summary, evidence, "flagId")
      ON CONFLICT (shop, "shopifyOrderId", rule) DO UPDATE SET
        verdict = EXCLUDED.verdict, severity = EXCLUDED.severity, summary = EXCLUDED.summary, evidence = EXCLUDED.evidence,
        "flagId" = EXCLUDED."flagId", "checkedAt" = EXCLUDED."checkedAt"`;
  }
  return rows.map((row) => ({ rule: row.rule, verdict: row.verdict, summary: row.summary, flagId: row.flagId }));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
