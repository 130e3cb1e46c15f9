/**
 * Merchant decisions on commissions: approve, hold, release and reverse, one by one or in bulk from the admin,
 * and the public API's reversal (POST /api/v1/commissions/{id}/reversals). Every change goes through the
 * ledger's reducer and transition table (app/domain/ledger), is appended with who did it, and leaves an
 * AuditEvent with the reason.
 */
import type { Database } from "../../db.server";
import {
  CommissionReversalError,
  CommissionStatusError,
  MAX_BULK_COMMISSIONS,
  type CommissionAction,
  type CommissionLedgerState,
  type CommissionStatus,
  type LedgerEvent,
} from "../../domain/ledger";
import { formatMoney, type Money } from "../../domain/money";
import type { Commission, LedgerEntry as LedgerEntryRow, Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { fromLedgerJson } from "../../db/ledger-json";
import { applyLedgerEvents, CommissionConflictError } from "./commission-ledger.server";

type Tx = Prisma.TransactionClient;

const CONFLICT_RETRIES = 3;

export type CommissionSummary = {
  id: string;
  shopifyOrderId: string;
  creatorId: string;
  status: CommissionStatus;
  currency: string;
  netMinor: bigint;
  paidMinor: bigint;
  /** net − paid; negative is a clawback waiting for the next payout. */
  owedMinor: bigint;
  orderCreatedAt: Date;
};

export type AppendedEntry = {
  kind: string;
  amountMinor: bigint;
  currency: string;
  statusAfter: CommissionStatus;
  note: string;
  actor: string;
  createdAt: Date;
};

export type CommissionActionResult =
  | { commissionId: string; ok: true; status: CommissionStatus; message: string }
  | { commissionId: string; ok: false; message: string };

export type ChangeCommissionStatusesResult =
  | { ok: true; results: CommissionActionResult[] }
  | { ok: false; errors: Array<{ field: "reason" | "commissionIds"; message: string }> };

const ACTION_WORDS: Record<CommissionAction, { done: string; audit: string }> = {
  approve: { done: "Approved", audit: "commission.approved" },
  hold: { done: "Put on hold", audit: "commission.held" },
  release: { done: "Released", audit: "commission.released" },
  reverse: { done: "Reversed", audit: "commission.reversed" },
};

/**
 * Applies one action to each commission in its own transaction, so one that cannot change (wrong status, another
 * shop's id, changed meanwhile) is reported and never stops the others. Hold and reverse need a reason.
 */
export async function changeCommissionStatuses(input: {
  db: Database;
  shop: string;
  actor: string;
  action: CommissionAction;
  commissionIds: readonly string[];
  reason?: string | null;
  now: Date;
}): Promise<ChangeCommissionStatusesResult> {
  const reason = input.reason?.trim() || null;
  const ids = [...new Set(input.commissionIds)];
  if (ids.length === 0 || ids.length > MAX_BULK_COMMISSIONS) {
    return { ok: false, errors: [{ field: "commissionIds", message: `Select between 1 and ${MAX_BULK_COMMISSIONS} commissions, then choose the action again.` }] };
  }
  if ((input.action === "hold" || input.action === "reverse") && reason === null) {
    return {
      ok: false,
      errors: [{ field: "reason", message: `Enter a reason to ${input.action === "hold" ? "put commissions on hold" : "reverse commissions"}: it is kept with the decision for your team and the creator.` }],
    };
  }
  const results: CommissionActionResult[] = [];
  for (const commissionId of ids) {
    try {
      results.push(await changeOneCommission({ ...input, reason, commissionId }));
    } catch (error) {
      // Not a refusal we foresaw: report it with this commission so the rest still go through.
      console.error(`Changing commission ${commissionId} (${input.action}) failed.`, error);
      const message = error instanceof Error ? error.message : String(error);
      results.push({ commissionId, ok: false, message: `Could not ${input.action} this commission: ${message} Try again; if it keeps failing, contact support.` });
    }
  }
  return { ok: true, results };
}

async function changeOneCommission(input: {
  db: Database;
  shop: string;
  actor: string;
  action: CommissionAction;
  commissionId: string;
  reason: string | null;
  now: Date;
}): Promise<CommissionActionResult> {
  const { db, shop, commissionId, action } = input;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        const commission = await tx.commission.findFirst({ where: { shop, id: commissionId } });
        if (commission === null) return { commissionId, ok: false as const, message: "This commission does not exist in this shop. Reload the list." };
        const state = fromLedgerJson<CommissionLedgerState>(commission.ledgerState);
        if (action === "approve" && state.status === "pending" && state.netMinor <= 0n) {
          return { commissionId, ok: false as const, message: "Nothing to approve: this commission is zero." };
        }
        const event = buildStatusEvent(action, commission, input.reason);
        const entries = await applyLedgerEvents(tx, { shop, actor: input.actor }, commission, [event], input.now, true);
        if (entries.length === 0) return { commissionId, ok: false as const, message: describeNoChange(action, state) };
        const after = entries[entries.length - 1]?.statusAfter ?? state.status;
        await recordAuditEvent(tx, {
          shop,
          actor: input.actor,
          action: ACTION_WORDS[action].audit,
          subjectType: "commission",
          subjectId: commission.id,
          reason: input.reason,
          details: {
            from: state.status,
            to: after,
            orderId: commission.shopifyOrderId,
            entries: entries.map((entry) => ({ kind: entry.kind, amountMinor: entry.amount.amountMinor.toString() })),
          },
        });
        return { commissionId, ok: true as const, status: after, message: `${ACTION_WORDS[action].done}: now ${after}.` };
      });
    } catch (error) {
      if (error instanceof CommissionStatusError || error instanceof CommissionReversalError) {
        return { commissionId, ok: false, message: error.message };
      }
      if (error instanceof CommissionConflictError && attempt < CONFLICT_RETRIES) continue;
      if (error instanceof CommissionConflictError) {
        return { commissionId, ok: false, message: "This commission was changed by someone else just now. Reload and try again." };
      }
      throw error;
    }
  }
}

function buildStatusEvent(action: CommissionAction, commission: Commission, reason: string | null): LedgerEvent {
  // The version makes the id unique per decision: approving again after a hold and release is a new event.
  const eventId = `${action}:${commission.id}:v${commission.version}`;
  switch (action) {
    case "approve":
      return { type: "commission_approved", eventId };
    case "hold":
      return { type: "commission_held", eventId, reason: reason ?? "" };
    case "release":
      return { type: "commission_released", eventId };
    case "reverse":
      return { type: "commission_reversed", eventId, amount: null, reason: reason ?? "" };
  }
}

function describeNoChange(action: CommissionAction, state: CommissionLedgerState): string {
  return action === "reverse" ? `Nothing remains to reverse (it is ${state.status}).` : `Nothing changed (it is ${state.status}).`;
}

export type ReverseCommissionResult =
  | { ok: true; replayed: boolean; commission: CommissionSummary; entries: AppendedEntry[] }
  | { ok: false; status: 404 | 409 | 422; message: string };

/**
 * Reverses `amount` of one commission (null = everything still remaining), for the admin and the public API's
 * POST /api/v1/commissions/{id}/reversals. `eventKey` makes it idempotent: the same key again returns the
 * entries the first call appended and changes nothing. Money already paid out becomes a clawback.
 * Pass the app's Database (a transaction is opened) or a transaction client (its caller commits).
 */
export async function reverseCommission(input: {
  db: Database | Tx;
  shop: string;
  commissionId: string;
  amount: Money | null;
  reason: string;
  actor: string;
  eventKey: string;
  now: Date;
}): Promise<ReverseCommissionResult> {
  const reason = input.reason.trim();
  if (reason === "") return { ok: false, status: 422, message: "Give a reason for the reversal: it is kept with the ledger entry and shown to your team." };
  if (input.eventKey.trim() === "") return { ok: false, status: 422, message: "Send a non-empty idempotency key so a retried request reverses only once." };
  const run = (tx: Tx) => reverseInTransaction(tx, { ...input, reason });
  for (let attempt = 1; ; attempt += 1) {
    try {
      return "$transaction" in input.db ? await input.db.$transaction(run) : await run(input.db);
    } catch (error) {
      if (error instanceof CommissionReversalError) return { ok: false, status: 422, message: error.message };
      if (error instanceof CommissionStatusError) return { ok: false, status: 409, message: error.message };
      if (error instanceof CommissionConflictError && attempt < CONFLICT_RETRIES) continue;
      if (error instanceof CommissionConflictError) {
        return { ok: false, status: 409, message: "The commission was changed by another request just now. Retry with the same idempotency key." };
      }
      throw error;
    }
  }
}

async function reverseInTransaction(
  tx: Tx,
  input: { shop: string; commissionId: string; amount: Money | null; reason: string; actor: string; eventKey: string; now: Date },
): Promise<ReverseCommissionResult> {
  const { shop } = input;
  const commission = await tx.commission.findFirst({ where: { shop, id: input.commissionId } });
  if (commission === null) return { ok: false, status: 404, message: `No commission ${input.commissionId} in this shop. List commissions to find its id.` };
  const state = fromLedgerJson<CommissionLedgerState>(commission.ledgerState);
  const eventId = `manual_reversal:${input.eventKey}`;
  if (state.appliedEventIds.includes(eventId)) {
    const rows = await tx.ledgerEntry.findMany({ where: { shop, commissionId: commission.id, sourceKey: eventId }, orderBy: { createdAt: "asc" } });
    return { ok: true, replayed: true, commission: summarizeCommission(commission), entries: rows.map(toAppendedEntry) };
  }
  if (state.netMinor <= 0n) {
    return { ok: false, status: 409, message: `Nothing remains to reverse on this commission (it is ${state.status}).` };
  }
  const event: LedgerEvent = { type: "commission_reversed", eventId, amount: input.amount, reason: input.reason };
  const entries = await applyLedgerEvents(tx, { shop, actor: input.actor }, commission, [event], input.now, true);
  const updated = await tx.commission.findFirstOrThrow({ where: { shop, id: commission.id } });
  const reversedMinor = entries.reduce((sum, entry) => sum - entry.amount.amountMinor, 0n);
  await recordAuditEvent(tx, {
    shop,
    actor: input.actor,
    action: "commission.reversed",
    subjectType: "commission",
    subjectId: commission.id,
    reason: input.reason,
    details: {
      from: state.status,
      to: updated.status,
      orderId: commission.shopifyOrderId,
      eventKey: input.eventKey,
      reversed: formatMoney({ amountMinor: reversedMinor, currency: commission.currency }),
      entries: entries.map((entry) => ({ kind: entry.kind, amountMinor: entry.amount.amountMinor.toString() })),
    },
  });
  return {
    ok: true,
    replayed: false,
    commission: summarizeCommission(updated),
    entries: entries.map((entry) => ({
      kind: entry.kind,
      amountMinor: entry.amount.amountMinor,
      currency: entry.amount.currency,
      statusAfter: entry.statusAfter,
      note: entry.description,
      actor: input.actor,
      createdAt: entry.recordedAt,
    })),
  };
}

export function summarizeCommission(commission: Commission): CommissionSummary {
  return {
    id: commission.id,
    shopifyOrderId: commission.shopifyOrderId,
    creatorId: commission.creatorId,
    status: commission.status,
    currency: commission.currency,
    netMinor: commission.netMinor,
    paidMinor: commission.paidMinor,
    owedMinor: commission.netMinor - commission.paidMinor,
    orderCreatedAt: commission.orderCreatedAt,
  };
}

function toAppendedEntry(row: LedgerEntryRow): AppendedEntry {
  return { kind: row.kind, amountMinor: row.amountMinor, currency: row.currency, statusAfter: row.statusAfter, note: row.note, actor: row.actor, createdAt: row.createdAt };
}
