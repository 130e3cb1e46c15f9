/**
 * Risk flags (Part 8): what a rule's verdict does to the shop's data, and what a person decides about it.
 *
 * applyRiskVerdicts lands verdicts (from the per-order check or the nightly scan) on the ONE open flag per creator per
 * rule (RiskFlag.openKey), links the commissions they name, and, when the rule's action is "hold", puts them on hold
 * through the ledger (the same reducer, transition table and optimistic lock as a merchant's hold): a pending or
 * approved commission becomes on_hold (commission_held `risk-hold:<flagId>`); a PAID one is never held: its paid
 * amount becomes a clawback (the manual reversal event, commission_reversed `risk-clawback:<flagId>`).
 *
 * decideRiskFlag closes a flag (dismiss / release / reverse) behind the flag's version; runRiskFlagAction pauses the
 * creator or rotates their code while the flag stays open. Every change leaves an AuditEvent in the same transaction.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "../../db.server";
import type { Dismissals, RiskAction, RiskEvidence, RiskRuleId, RiskSeverity, RiskVerdict } from "../../domain/fraud/fraud-types";
import type { LedgerEvent } from "../../domain/ledger";
import type { Commission, Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { applyLedgerEventsToEach, CommissionConflictError } from "../orders-commissions/commission-ledger.server";
import { reverseCommission } from "../orders-commissions/change-commission-status.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { createCreatorCode } from "../codes-links/create-creator-code.server";
import { settingsFromRow } from "../codes-links/creator-code-support.server";
import { deactivateCreatorCode } from "../codes-links/manage-creator-code.server";
import { buildShopifyCodes } from "../creators/build-creator-service-deps.server";
import { changeCreatorStatus } from "../creators/change-creator-status.server";
import type { CreatorServiceDeps } from "../creators/creator-service-deps.server";

type Tx = Prisma.TransactionClient;

/** The actor of flags raised by the rules themselves. */
export const RISK_SYSTEM_ACTOR = "system:risk";

export type RiskVerdictItem = { readonly verdict: RiskVerdict; readonly action: RiskAction };

/**
 * What one verdict did. `flagId` is null (and `dismissed` true) when a person had dismissed this pattern for this
 * creator: the dismissal is checked again here, in the writing transaction, so a dismissal made while a scan was
 * running still wins. `held` / `clawedBack`: commissions this call newly marked held / clawed back by the flag.
 */
export type AppliedRiskVerdict = { flagId: string | null; held: number; clawedBack: number; dismissed: boolean };

const SEVERITY_RANK: Record<RiskSeverity, number> = { low: 0, medium: 1, high: 2 };
/** Evidence keeps at most this many orders, newest first (RiskEvidence.orders). */
const MAX_EVIDENCE_ORDERS = 50;

export function openKeyOf(creatorId: string, rule: RiskRuleId): string {
  return `${creatorId}:${rule}`;
}

export function riskHoldReason(summary: string): string {
  return `Risk review: ${summary}`;
}

/**
 * Lands each verdict on its open flag (same order as `items`), in the caller's transaction. Idempotent: the same
 * verdict again changes nothing but the flag's lastSeenAt and occurrences.
 */
export async function applyRiskVerdicts(
  tx: Tx,
  context: { shop: string; now: Date; actor: string },
  items: readonly RiskVerdictItem[],
): Promise<AppliedRiskVerdict[]> {
  if (items.length === 0) return [];
  const dismissals = await loadDismissals(tx, context.shop, [...new Set(items.map((item) => item.verdict.creatorId))]);
  const results: AppliedRiskVerdict[] = [];
  for (const item of items) {
    const { verdict } = item;
    if (dismissals.get(verdict.creatorId)?.get(verdict.rule)?.has(verdict.patternKey) === true) {
      results.push({ flagId: null, held: 0, clawedBack: 0, dismissed: true });
      continue;
    }
    results.push(await applyOneVerdict(tx, context, item));
  }
  return results;
}

/** The patterns people dismissed, per creator: rule → patternKeys (what runOrderRules / runHistoryRules skip). */
export async function loadDismissals(tx: Tx, shop: string, creatorIds: readonly string[]): Promise<ReadonlyMap<string, Dismissals>> {
  const byCreator = new Map<string, Map<RiskRuleId, Set<string>>>();
  if (creatorIds.length === 0) return byCreator;
  const rows = await tx.riskDismissal.findMany({
    where: { shop, creatorId: { in: [...creatorIds] } },
    select: { creatorId: true, rule: true, patternKey: true },
  });
  for (const row of rows) {
    let rules = byCreator.get(row.creatorId);
    if (rules === undefined) byCreator.set(row.creatorId, (rules = new Map()));
    let patterns = rules.get(row.rule);
    if (patterns === undefined) rules.set(row.rule, (patterns = new Set()));
    patterns.add(row.patternKey);
  }
  return byCreator;
}

type UpsertedFlag = { id: string; inserted: boolean; evidence: unknown; severity: RiskSeverity; patternKey: string };

async function applyOneVerdict(tx: Tx, context: { shop: string; now: Date; actor: string }, item: RiskVerdictItem): Promise<AppliedRiskVerdict> {
  const { shop, now } = context;
  const { verdict, action } = item;
  const flag = await upsertOpenFlag(tx, shop, item, now);
  if (!flag.inserted) await refreshFlag(tx, shop, flag, item);

  const commissions = await lockFlagCommissions(tx, shop, verdict, action);
  if (commissions.length > 0) {
    await tx.riskFlagCommission.createMany({
      data: commissions.map((commission) => ({ shop, flagId: flag.id, commissionId: commission.id, shopifyOrderId: commission.shopifyOrderId, addedAt: now })),
      skipDuplicates: true,
    });
  }
  let held = 0;
  let clawedBack = 0;
  const heldIds: string[] = [];
  const clawedBackIds: string[] = [];
  if (action === "hold" && commissions.length > 0) {
    const holdEventId = `risk-hold:${flag.id}`;
    const clawbackEventId = `risk-clawback:${flag.id}`;
    const reason = riskHoldReason(verdict.summary);
    const events = new Map<string, LedgerEvent>();
    const joinIds: string[] = [];
    const onHold: Commission[] = [];
    for (const commission of commissions) {
      const applied = readAppliedEventIds(commission);
      if (commission.status === "pending" || commission.status === "approved") {
        // Applied before (e.g. a merchant released it by hand since): the merchant's release stands.
        if (!applied.has(holdEventId)) events.set(commission.id, { type: "commission_held", eventId: holdEventId, reason });
      } else if (commission.status === "paid") {
        if (commission.netMinor > 0n && !applied.has(clawbackEventId)) {
          events.set(commission.id, { type: "commission_reversed", eventId: clawbackEventId, amount: null, reason });
        }
      } else if (commission.status === "on_hold") {
        onHold.push(commission);
      }
    }
    // Already on hold by ANOTHER risk flag: this flag holds it too (a release of the other keeps it held). A
    // merchant's own hold is theirs: the flag links it without claiming it.
    for (const id of await filterRiskHeld(tx, shop, onHold.map((commission) => commission.id))) joinIds.push(id);
    if (events.size > 0) {
      await applyLedgerEventsToEach(tx, { shop, actor: context.actor }, commissions.filter((commission) => events.has(commission.id)),
        (commission) => [events.get(commission.id)!], now, true);
    }
    for (const [id, event] of events) (event.type === "commission_held" ? heldIds : clawedBackIds).push(id);
    const markHeld = [...heldIds, ...joinIds];
    if (markHeld.length > 0) {
      held = (await tx.riskFlagCommission.updateMany({ where: { shop, flagId: flag.id, commissionId: { in: markHeld }, held: false }, data: { held: true } })).count;
    }
    if (clawedBackIds.length > 0) {
      clawedBack = (await tx.riskFlagCommission.updateMany({ where: { shop, flagId: flag.id, commissionId: { in: clawedBackIds }, clawedBack: false }, data: { clawedBack: true } })).count;
    }
  }

  if (flag.inserted) {
    await recordAuditEvent(tx, {
      shop, actor: context.actor, action: "risk_flag.opened", subjectType: "risk_flag", subjectId: flag.id, reason: verdict.summary,
      details: { rule: verdict.rule, creatorId: verdict.creatorId, severity: verdict.severity, action, patternKey: verdict.patternKey, orderIds: [...verdict.orderIds] },
    });
  }
  if (heldIds.length > 0 || clawedBackIds.length > 0 || held > 0) {
    await recordAuditEvent(tx, {
      shop, actor: context.actor, action: "risk_flag.held", subjectType: "risk_flag", subjectId: flag.id, reason: riskHoldReason(verdict.summary),
      details: { rule: verdict.rule, creatorId: verdict.creatorId, heldCommissionIds: heldIds, clawedBackCommissionIds: clawedBackIds, heldCount: held },
    });
  }
  return { flagId: flag.id, held, clawedBack, dismissed: false };
}

/**
 * INSERT … ON CONFLICT on the (shop, openKey) unique index: two transactions flagging the same creator and rule at
 * once end with ONE open flag (the second waits for the first, then updates its row). The conflict branch also locks
 * the row for the rest of this transaction, so refreshing its evidence below is not a lost update. A new verdict does
 * not bump the flag's version: a decision applies to the flag as it stands when it is made (its commissions then).
 */
async function upsertOpenFlag(tx: Tx, shop: string, item: RiskVerdictItem, now: Date): Promise<UpsertedFlag> {
  const { verdict, action } = item;
  const evidence = JSON.stringify(verdict.evidence);
  const rows = await tx.$queryRaw<UpsertedFlag[]>`
    INSERT INTO "RiskFlag" (id, shop, "creatorId", rule, status, "openKey", severity, action, "patternKey", summary, evidence, "firstSeenAt", "lastSeenAt", occurrences, version)
    VALUES (${randomUUID()}, ${shop}, ${verdict.creatorId}, ${verdict.rule}::"RiskRule", 'open', ${openKeyOf(verdict.creatorId, verdict.rule)},
      ${verdict.severity}::"RiskSeverity", ${action}::"RiskAction", ${verdict.patternKey}, ${verdict.summary}, ${evidence}::jsonb, ${now}, ${now}, 1, 1)
    ON CONFLICT (shop, "openKey") DO UPDATE SET
      "lastSeenAt" = GREATEST("RiskFlag"."lastSeenAt", EXCLUDED."lastSeenAt"),
      occurrences = "RiskFlag".occurrences + 1
    RETURNING id, (xmax = 0) AS inserted, evidence, severity::text AS severity, "patternKey"`;
  const row = rows[0];
  if (row === undefined) throw new Error(`Flagging creator ${verdict.creatorId} (${verdict.rule}) returned no row.`);
  return row;
}

/** The latest verdict's words, pattern and action; the worst severity seen; the orders of every verdict (newest first). */
async function refreshFlag(tx: Tx, shop: string, flag: UpsertedFlag, item: RiskVerdictItem): Promise<void> {
  const { verdict, action } = item;
  const evidence = mergeEvidence(flag, verdict);
  const severity = SEVERITY_RANK[verdict.severity] > SEVERITY_RANK[flag.severity] ? verdict.severity : flag.severity;
  await tx.riskFlag.updateMany({
    where: { shop, id: flag.id },
    data: { summary: verdict.summary, patternKey: verdict.patternKey, action, severity, evidence: evidence as Prisma.InputJsonValue },
  });
}

/**
 * RiskEvidence as stored on a flag, plus what belongs to the flag rather than to the latest verdict: the actions
 * people took, and every pattern that landed on it (a dismissal teaches the rule all of them, not only the latest).
 */
type StoredEvidence = RiskEvidence & { actionsTaken?: unknown; patternKeys?: string[] };
const MAX_PATTERN_KEYS = 50;

function mergeEvidence(flag: UpsertedFlag, verdict: RiskVerdict): StoredEvidence {
  const previous = (flag.evidence ?? {}) as StoredEvidence;
  const latest = verdict.evidence;
  const seen = new Set<string>();
  const orders = [...(latest.orders ?? []), ...(previous.orders ?? [])]
    .filter((order) => !seen.has(order.orderId) && seen.add(order.orderId))
    .sort((a, b) => (a.placedAt < b.placedAt ? 1 : a.placedAt > b.placedAt ? -1 : 0))
    .slice(0, MAX_EVIDENCE_ORDERS);
  const patternKeys = [...new Set([...(previous.patternKeys ?? [flag.patternKey]), verdict.patternKey])].slice(-MAX_PATTERN_KEYS);
  const merged: StoredEvidence = { ...latest, ...(orders.length > 0 ? { orders } : {}), ...(patternKeys.length > 1 ? { patternKeys } : {}) };
  // Actions people took on the flag (pause, rotate code) are the flag's history, not the rule's: they stay.
  return previous.actionsTaken === undefined ? merged : { ...merged, actionsTaken: previous.actionsTaken };
}

/**
 * The commissions a verdict names, locked (FOR UPDATE, in id order) so the ledger writes below never lose to a
 * concurrent approval or payout: the verdict's orders' commissions of this creator and, for a creator-level hold,
 * every pending or approved commission of the creator.
 */
async function lockFlagCommissions(tx: Tx, shop: string, verdict: RiskVerdict, action: RiskAction): Promise<Commission[]> {
  const creatorWide = verdict.holdScope === "creator" && action === "hold";
  if (verdict.orderIds.length === 0 && !creatorWide) return [];
  return tx.$queryRaw<Commission[]>`
    SELECT * FROM "Commission"
    WHERE shop = ${shop} AND "creatorId" = ${verdict.creatorId}
      AND ("shopifyOrderId" = ANY(${[...verdict.orderIds]}::text[]) OR (${creatorWide} AND status IN ('pending', 'approved')))
    ORDER BY id
    FOR UPDATE`;
}

function readAppliedEventIds(commission: Commission): Set<string> {
  const state = commission.ledgerState as { appliedEventIds?: unknown } | null;
  return new Set(Array.isArray(state?.appliedEventIds) ? (state.appliedEventIds as string[]) : []);
}

/** Of these on_hold commissions, those whose hold in force is a risk hold (the latest hold row came from a flag). */
async function filterRiskHeld(tx: Tx, shop: string, commissionIds: readonly string[]): Promise<string[]> {
  if (commissionIds.length === 0) return [];
  const rows = await tx.$queryRaw<Array<{ commissionId: string; sourceKey: string }>>`
    SELECT DISTINCT ON ("commissionId") "commissionId", "sourceKey"
    FROM "LedgerEntry"
    WHERE shop = ${shop} AND "commissionId" = ANY(${[...commissionIds]}::text[]) AND kind = 'hold'
    ORDER BY "commissionId", "createdAt" DESC, id DESC`;
  return rows.filter((row) => row.sourceKey.startsWith("risk-hold:")).map((row) => row.commissionId);
}

// ─────────────────────────────────────────── Decisions ───────────────────────────────────────────

export type RiskDecision = "dismiss" | "release" | "reverse";

const decisionInputSchema = z.object({
  shop: z.string().min(1),
  flagId: z.string().min(1, "Choose a flag."),
  expectedVersion: z.number().int().positive("Reload the flag: its version is missing."),
  decision: z.enum(["dismiss", "release", "reverse"], { message: "Choose dismiss, release or reverse." }),
  reason: z.string().trim().min(1, "Enter a reason: it is kept with the decision in the audit log.").max(1000, "Keep the reason under 1,000 characters."),
  actor: z.string().min(1),
  now: z.date(),
});

export type RiskFieldError = { field: string; message: string };

export type DecideRiskFlagResult =
  | { ok: true; flagId: string; status: "dismissed" | "released" | "reversed"; version: number; released: number; reversed: number; clawedBack: number }
  | { ok: false; status: 422; errors: RiskFieldError[] }
  | { ok: false; status: 404; message: string }
  | { ok: false; status: 409; message: string; currentVersion: number; currentStatus: string };

const DECISION_STATUS = { dismiss: "dismissed", release: "released", reverse: "reversed" } as const;
const CONFLICT_RETRIES = 3;

/**
 * A person's decision on an open flag, all in one transaction behind the flag's version (UPDATE … WHERE version =
 * expectedVersion AND status = 'open'): of two decisions at once, one wins and the other gets a 409.
 * - dismiss: teaches the rule to skip the flag's pattern for this creator (RiskDismissal), then releases like release.
 * - release: releases the commissions this flag holds that no other open flag holds and that are still on a RISK hold.
 * - reverse: reverses the flag's commissions through the manual reversal (paid money becomes a clawback).
 */
export async function decideRiskFlag(
  db: Database,
  raw: { shop: string; flagId: string; expectedVersion: number; decision: RiskDecision; reason: string; actor: string; now: Date },
): Promise<DecideRiskFlagResult> {
  const parsed = decisionInputSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, status: 422, errors: parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "input", message: issue.message })) };
  }
  const input = parsed.data;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction((tx) => decideInTransaction(tx, input));
    } catch (error) {
      // A commission the ledger refused to reverse: nothing was written (the flag is still open); say which and why.
      if (error instanceof DecisionFailedError) {
        const current = await db.riskFlag.findFirst({ where: { shop: input.shop, id: input.flagId }, select: { version: true, status: true } });
        return { ok: false, status: 409, message: `${error.message} Nothing was changed; reload the flag and try again.`, currentVersion: current?.version ?? input.expectedVersion, currentStatus: current?.status ?? "open" };
      }
      // A commission changed under us (a refund webhook, the approval job): nothing was written; decide again.
      if (error instanceof CommissionConflictError && attempt < CONFLICT_RETRIES) continue;
      throw error;
    }
  }
}

class DecisionFailedError extends Error {
  override name = "DecisionFailedError";
}

async function decideInTransaction(tx: Tx, input: z.infer<typeof decisionInputSchema>): Promise<DecideRiskFlagResult> {
  const { shop, flagId, decision, reason, actor, now } = input;
  const status = DECISION_STATUS[decision];
  const updated = await tx.riskFlag.updateMany({
    where: { shop, id: flagId, version: input.expectedVersion, status: "open" },
    data: { status, openKey: null, decidedBy: actor, decidedAt: now, decisionReason: reason, version: { increment: 1 } },
  });
  if (updated.count !== 1) {
    const current = await tx.riskFlag.findFirst({ where: { shop, id: flagId }, select: { version: true, status: true, decidedBy: true } });
    if (current === null) return { ok: false, status: 404, message: "This flag does not exist in this shop. Go back to the Risk queue." };
    return {
      ok: false, status: 409, currentVersion: current.version, currentStatus: current.status,
      message: current.status === "open"
        ? "This flag changed since you opened it. Reload it, check the evidence again, then decide."
        : `This flag was already ${current.status}. Reload it to see who decided and why.`,
    };
  }
  const flag = await tx.riskFlag.findFirstOrThrow({ where: { shop, id: flagId } });
  let released: string[] = [];
  const reversed: string[] = [];
  const clawedBackIds: string[] = [];
  if (decision === "dismiss") {
    for (const patternKey of flagPatternKeys(flag)) {
      await tx.riskDismissal.upsert({
        where: { shop_creatorId_rule_patternKey: { shop, creatorId: flag.creatorId, rule: flag.rule, patternKey } },
        create: { shop, creatorId: flag.creatorId, rule: flag.rule, patternKey, reason, decidedBy: actor, createdAt: now, flagId },
        update: { reason, decidedBy: actor, createdAt: now, flagId },
      });
    }
  }
  if (decision === "dismiss" || decision === "release") {
    released = await releaseFlagHolds(tx, { shop, flagId, actor, now });
  } else {
    const links = await tx.riskFlagCommission.findMany({ where: { shop, flagId }, select: { commissionId: true }, orderBy: { commissionId: "asc" } });
    const open = await tx.commission.findMany({
      where: { shop, id: { in: links.map((link) => link.commissionId) }, netMinor: { gt: 0n } },
      select: { id: true }, orderBy: { id: "asc" },
    });
    for (const commission of open) {
      const result = await reverseCommission({
        db: tx, shop, commissionId: commission.id, amount: null, reason: `Risk review: ${reason}`, actor, eventKey: `risk-reverse:${flagId}`, now,
      });
      if (!result.ok) throw new DecisionFailedError(`Could not reverse commission ${commission.id}: ${result.message}`);
      if (result.replayed) continue;
      reversed.push(commission.id);
      if (result.entries.some((entry) => entry.kind === "clawback")) clawedBackIds.push(commission.id);
    }
    if (clawedBackIds.length > 0) {
      await tx.riskFlagCommission.updateMany({ where: { shop, flagId, commissionId: { in: clawedBackIds } }, data: { clawedBack: true } });
    }
  }
  await recordAuditEvent(tx, {
    shop, actor, action: `risk_flag.${status}`, subjectType: "risk_flag", subjectId: flagId, reason,
    details: {
      rule: flag.rule, creatorId: flag.creatorId, patternKeys: flagPatternKeys(flag), decision,
      releasedCommissionIds: released, reversedCommissionIds: reversed, clawedBackCommissionIds: clawedBackIds,
    },
  });
  return { ok: true, flagId, status, version: flag.version, released: released.length, reversed: reversed.length, clawedBack: clawedBackIds.length };
}

/** Every pattern that landed on the flag (the current one last). */
function flagPatternKeys(flag: { patternKey: string; evidence: unknown }): string[] {
  const stored = (flag.evidence ?? {}) as StoredEvidence;
  return [...new Set([...(Array.isArray(stored.patternKeys) ? stored.patternKeys : []), flag.patternKey])];
}

/**
 * Releases what this flag holds: its held links whose commission no OTHER open flag holds and which is still on a
 * risk hold (the latest hold row came from a flag: a merchant's own hold since is theirs to release).
 */
async function releaseFlagHolds(tx: Tx, input: { shop: string; flagId: string; actor: string; now: Date }): Promise<string[]> {
  const { shop, flagId } = input;
  const candidates = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM "RiskFlagCommission" l
    JOIN "Commission" c ON c.shop = l.shop AND c.id = l."commissionId"
    WHERE l.shop = ${shop} AND l."flagId" = ${flagId} AND l.held AND c.status = 'on_hold'
      AND NOT EXISTS (
        SELECT 1 FROM "RiskFlagCommission" o JOIN "RiskFlag" f ON f.shop = o.shop AND f.id = o."flagId"
        WHERE o.shop = l.shop AND o."commissionId" = l."commissionId" AND o."flagId" <> l."flagId" AND o.held AND f.status = 'open'
      )
    ORDER BY c.id`;
  const ids = await filterRiskHeld(tx, shop, candidates.map((row) => row.id));
  if (ids.length === 0) return [];
  const commissions = await tx.$queryRaw<Commission[]>`
    SELECT * FROM "Commission" WHERE shop = ${shop} AND id = ANY(${ids}::text[]) AND status = 'on_hold' ORDER BY id FOR UPDATE`;
  await applyLedgerEventsToEach(tx, { shop, actor: input.actor }, commissions,
    () => [{ type: "commission_released", eventId: `risk-release:${flagId}` }], input.now, true);
  return commissions.map((commission) => commission.id);
}

// ─────────────────────────────────────── Actions on a flag ───────────────────────────────────────

export type RiskFlagActionName = "pause_creator" | "rotate_code";

/** What the local or real Shopify is reached through for the actions (the admin request's client). */
export type RiskFlagActionDeps = {
  admin: AdminGraphqlClient;
  /** Tests pin the random part of a code pattern ("{random4}"); production uses crypto. */
  random4?: () => string;
};

/** An action people took on a flag, kept in its evidence JSON under `actionsTaken` (and in the audit log). */
export type RiskFlagActionRecord = { action: RiskFlagActionName; actor: string; at: string; reason: string; note: string };

export type RunRiskFlagActionResult =
  | { ok: true; action: RiskFlagActionName; message: string; newCode: string | null; deactivatedCodes: string[]; notices: string[] }
  | { ok: false; status: 422; errors: RiskFieldError[] }
  | { ok: false; status: 404 | 409 | 502; message: string };

const actionInputSchema = z.object({
  shop: z.string().min(1),
  flagId: z.string().min(1, "Choose a flag."),
  action: z.enum(["pause_creator", "rotate_code"], { message: "Choose pause creator or rotate code." }),
  reason: z.string().trim().min(1, "Enter a reason: it is kept with the action in the audit log.").max(1000, "Keep the reason under 1,000 characters."),
  actor: z.string().min(1),
  now: z.date(),
  /** rotate_code: a code the merchant typed; otherwise the program's code pattern makes one. */
  newCode: z.string().trim().max(255).optional(),
});

/**
 * Pauses the flag's creator (changeCreatorStatus: their codes go off in Shopify too) or rotates their code (a new
 * code in Shopify from the program's pattern with the old code's discount, then the old one deactivated). The flag
 * stays open: the merchant still decides about the money. The action is recorded on the flag and in the audit log.
 */
export async function runRiskFlagAction(
  db: Database,
  deps: RiskFlagActionDeps,
  raw: { shop: string; flagId: string; action: RiskFlagActionName; reason: string; actor: string; now: Date; newCode?: string },
): Promise<RunRiskFlagActionResult> {
  const parsed = actionInputSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, status: 422, errors: parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "input", message: issue.message })) };
  }
  const input = parsed.data;
  const flag = await db.riskFlag.findFirst({ where: { shop: input.shop, id: input.flagId }, select: { id: true, creatorId: true, patternKey: true, rule: true } });
  if (flag === null) return { ok: false, status: 404, message: "This flag does not exist in this shop. Go back to the Risk queue." };
  const creator = await db.creator.findFirst({ where: { shop: input.shop, id: flag.creatorId }, select: { id: true, name: true, status: true } });
  if (creator === null) return { ok: false, status: 404, message: "The flag's creator no longer exists in this shop." };

  const outcome = input.action === "pause_creator"
    ? await pauseFlagCreator(db, deps, input, creator)
    : await rotateFlagCode(db, deps, input, creator, flag.patternKey);
  if (!outcome.ok) return outcome;

  const record: RiskFlagActionRecord = { action: input.action, actor: input.actor, at: input.now.toISOString(), reason: input.reason, note: outcome.message };
  await db.$transaction(async (tx) => {
    // One statement: appends to the evidence atomically (a verdict refreshing it at the same time keeps this entry).
    await tx.$executeRaw`
      UPDATE "RiskFlag" SET
        evidence = jsonb_set(evidence, '{actionsTaken}', COALESCE(evidence->'actionsTaken', '[]'::jsonb) || ${JSON.stringify([record])}::jsonb),
        version = version + 1
      WHERE shop = ${input.shop} AND id = ${flag.id}`;
    await recordAuditEvent(tx, {
      shop: input.shop, actor: input.actor, action: `risk_flag.${input.action}`, subjectType: "risk_flag", subjectId: flag.id, reason: input.reason,
      details: { rule: flag.rule, creatorId: creator.id, note: outcome.message, newCode: outcome.newCode, deactivatedCodes: outcome.deactivatedCodes, notices: outcome.notices },
    });
  });
  return { ...outcome, action: input.action };
}

type ActionOutcome =
  | { ok: true; message: string; newCode: string | null; deactivatedCodes: string[]; notices: string[] }
  | { ok: false; status: 409 | 502; message: string };

async function pauseFlagCreator(
  db: Database,
  deps: RiskFlagActionDeps,
  input: z.infer<typeof actionInputSchema>,
  creator: { id: string; name: string },
): Promise<ActionOutcome> {
  const creatorDeps: CreatorServiceDeps = { db, mailer: null, createCodeOnApproval: null, shopifyCodes: buildShopifyCodes(db, deps.admin) };
  const result = await changeCreatorStatus(creatorDeps, {
    shop: input.shop, actor: input.actor, creatorIds: [creator.id], to: "paused", reason: `Risk review: ${input.reason}`, now: input.now,
  });
  if (!result.ok) return { ok: false, status: 409, message: result.errors.map((error) => error.message).join(" ") };
  const refused = result.refused[0];
  if (refused !== undefined) return { ok: false, status: 409, message: refused.message };
  const notices = result.notices.map((notice) => notice.message);
  return { ok: true, message: `${creator.name} was paused; their codes were switched off in Shopify.`, newCode: null, deactivatedCodes: [], notices };
}

async function rotateFlagCode(
  db: Database,
  deps: RiskFlagActionDeps,
  input: z.infer<typeof actionInputSchema>,
  creator: { id: string; name: string },
  patternKey: string,
): Promise<ActionOutcome> {
  const live = await db.discountCode.findMany({ where: { shop: input.shop, creatorId: creator.id, status: "active" }, orderBy: { createdAt: "asc" } });
  // The code the flag is about ("code:<CODE>"), when it names one of the creator's live codes; else all of them.
  const named = patternKey.startsWith("code:") ? patternKey.slice("code:".length).trim().toUpperCase() : null;
  const targets = live.filter((code) => named !== null && code.codeNormalized === named);
  const rotating = targets.length > 0 ? targets : live;
  const first = rotating[0];
  if (first === undefined) return { ok: false, status: 409, message: `${creator.name} has no live code to rotate. Create one on ${creator.name}'s page if they need one.` };

  const old = settingsFromRow(first);
  const created = await createCreatorCode({ db, admin: deps.admin, now: () => input.now, ...(deps.random4 ? { random4: deps.random4 } : {}) }, {
    shop: input.shop,
    creatorId: creator.id,
    actor: input.actor,
    // "" (not undefined) so a code once requested at import is not chosen again: the program's pattern makes it.
    code: input.newCode ?? "",
    discount: { ...old, startsAt: input.now, endsAt: old.endsAt !== null && old.endsAt > input.now ? old.endsAt : null },
  });
  if (!created.ok) {
    return { ok: false, status: 502, message: `No new code was created, and ${first.code} is still live: ${created.errors.map((error) => error.message).join(" ")}` };
  }
  const deactivated: string[] = [];
  const notices: string[] = [];
  for (const code of rotating) {
    const result = await deactivateCreatorCode({ db, admin: deps.admin }, { shop: input.shop, codeId: code.id, actor: input.actor, now: input.now, reason: `Rotated after a risk review: ${input.reason}` });
    if (result.ok) deactivated.push(code.code);
    else notices.push(`${code.code} is still live in Shopify: ${result.errors.map((error) => error.message).join(" ")} Deactivate it on ${creator.name}'s page.`);
  }
  const message = `New code ${created.code} for ${creator.name}${deactivated.length > 0 ? `; ${deactivated.join(", ")} switched off in Shopify` : ""}.`;
  return { ok: true, message, newCode: created.code, deactivatedCodes: deactivated, notices };
}
