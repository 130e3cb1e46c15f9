/**
 * The one place that writes a commission's ledger: folds events through the pure reducer (app/domain/ledger
 * applyEvent), then writes the new state and appends the rows in the caller's transaction, behind the
 * Commission.version optimistic lock. Used by the webhook money loop, approvals, manual reversals and payouts.
 */
import type { CommissionDerivation, CommissionOrder } from "../../domain/commission";
import { applyEvent, type CommissionLedgerState, type LedgerEntry, type LedgerEvent } from "../../domain/ledger";
import type { Commission, Prisma } from "../../generated/prisma/client";
import { buildCommissionEventData } from "../../outbound-webhooks/commission-event-data";
import { enqueueOutboundEvent } from "../../outbound-webhooks/enqueue-outbound-event.server";
import { fromLedgerJson, toLedgerJson } from "../../db/ledger-json";

type Tx = Prisma.TransactionClient;

/** Where appended rows come from: the shop, and who or what caused them. */
export type LedgerWriteSource = {
  readonly shop: string;
  /** The webhook delivery being processed, when there is one. */
  readonly webhookEventId?: string | null;
  /** "webhook" (default), "system" (approval job), "staff:<id>", "api:<key id>". */
  readonly actor?: string;
  /** Set on the rows a payout appends, so the payout lists exactly what it paid. */
  readonly payoutId?: string | null;
};

/** Another writer changed the commission between our read and our write; re-read and try again. */
export class CommissionConflictError extends Error {
  override name = "CommissionConflictError";
}

/** Folds events into one commission's ledger; writes the new state and the appended rows together, or nothing. */
export async function applyLedgerEvents(
  tx: Tx,
  source: LedgerWriteSource,
  commission: Commission,
  events: readonly LedgerEvent[],
  now: Date,
  includeTestOrders: boolean,
): Promise<LedgerEntry[]> {
  const { state, appended, changed } = foldEvents(commission, events, now, includeTestOrders);
  if (!changed) return appended;
  const updated = await tx.commission.updateMany({
    where: { shop: source.shop, id: commission.id, version: commission.version },
    data: {
      status: state.status,
      netMinor: state.netMinor,
      paidMinor: state.paidMinor,
      ledgerState: toLedgerJson(state) as Prisma.InputJsonValue,
      version: { increment: 1 },
    },
  });
  if (updated.count !== 1) {
    throw new CommissionConflictError(`Commission ${commission.id} changed while this event was being applied; the event will be retried against the new state.`);
  }
  await appendEntries(tx, source, commission.id, appended);
  await enqueueCommissionEvents(tx, source, commission, state, appended, now);
  return appended;
}

/** Folds events into a commission's stored state with the domain reducer; `changed` when anything was recorded. */
function foldEvents(commission: Commission, events: readonly LedgerEvent[], now: Date, includeTestOrders: boolean) {
  let state = fromLedgerJson<CommissionLedgerState>(commission.ledgerState);
  const appended: LedgerEntry[] = [];
  let changed = false;
  for (const event of events) {
    const result = applyEvent(state, event, now, { includeTestOrders });
    if (result.outcome === "applied") appended.push(...result.entries);
    // "ignored" still records the event id (so it is a duplicate next time); "duplicate" changes nothing.
    if ((result.outcome === "applied" || result.outcome === "ignored") && result.state !== null) {
      state = result.state;
      changed = true;
    }
  }
  return { state, appended, changed };
}

/** Outbound webhooks (an outbox in the same transaction): every path that approves or reverses comes through here. */
async function enqueueCommissionEvents(
  tx: Tx, source: LedgerWriteSource, commission: Commission, state: CommissionLedgerState, appended: readonly LedgerEntry[], now: Date,
): Promise<void> {
  const data = buildCommissionEventData({ ...commission, status: state.status, netMinor: state.netMinor, paidMinor: state.paidMinor });
  if (state.status === "approved" && commission.status !== "approved") {
    await enqueueOutboundEvent(tx, { shop: source.shop, type: "commission.approved", data, now });
  }
  const reversal = appended.find((entry) => entry.kind === "manual_reversal");
  if (reversal !== undefined || (state.status === "reversed" && commission.status !== "reversed")) {
    await enqueueOutboundEvent(tx, { shop: source.shop, type: "commission.reversed", data: { ...data, reason: reversal?.description ?? appended.at(-1)?.description ?? null }, now });
  }
}

/** One LedgerEntry row as stored. */
function toLedgerEntryRow(source: LedgerWriteSource, commissionId: string, entry: LedgerEntry) {
  return {
    shop: source.shop,
    commissionId,
    kind: entry.kind,
    amountMinor: entry.amount.amountMinor,
    currency: entry.amount.currency,
    sourceKey: entry.eventId,
    webhookEventId: source.webhookEventId ?? null,
    payoutId: source.payoutId ?? null,
    actor: source.actor ?? "webhook",
    statusAfter: entry.statusAfter,
    note: entry.description,
    createdAt: entry.recordedAt,
  };
}

/**
 * The same as applyLedgerEvents for many commissions at once (a payout pays a creator's 35 commissions): each
 * commission's ledger is folded by the same reducer, then ONE UPDATE (from unnest, each row behind its own version)
 * writes every new state and ONE insert appends every row, instead of two statements per commission. All or nothing:
 * if any commission changed since it was read, nothing is written (CommissionConflictError), like the single form.
 */
export async function applyLedgerEventsToEach(
  tx: Tx,
  source: LedgerWriteSource,
  commissions: readonly Commission[],
  eventsFor: (commission: Commission) => readonly LedgerEvent[],
  now: Date,
  includeTestOrders: boolean,
): Promise<LedgerEntry[]> {
  const changedRows: Array<{ commission: Commission; state: CommissionLedgerState; appended: LedgerEntry[] }> = [];
  for (const commission of commissions) {
    const { state, appended, changed } = foldEvents(commission, eventsFor(commission), now, includeTestOrders);
    if (changed) changedRows.push({ commission, state, appended });
  }
  if (changedRows.length === 0) return [];
  const ids = changedRows.map((row) => row.commission.id);
  const versions = changedRows.map((row) => row.commission.version);
  const statuses = changedRows.map((row) => row.state.status);
  const nets = changedRows.map((row) => row.state.netMinor.toString());
  const paids = changedRows.map((row) => row.state.paidMinor.toString());
  const states = changedRows.map((row) => JSON.stringify(toLedgerJson(row.state)));
  const updated = await tx.$executeRaw`
    UPDATE "Commission" AS c
    SET status = u.status::"CommissionStatus", "netMinor" = u.net::bigint, "paidMinor" = u.paid::bigint, "ledgerState" = u.state::jsonb,
      version = c.version + 1, "updatedAt" = ${now}
    FROM unnest(${ids}::text[], ${versions}::int[], ${statuses}::text[], ${nets}::text[], ${paids}::text[], ${states}::text[])
      AS u(id, version, status, net, paid, state)
    WHERE c.shop = ${source.shop} AND c.id = u.id AND c.version = u.version`;
  if (updated !== changedRows.length) {
    throw new CommissionConflictError(`${changedRows.length - updated} of ${changedRows.length} commissions changed while this event was being applied; the event will be retried against the new state.`);
  }
  const rows = changedRows.flatMap((row) => row.appended.map((entry) => toLedgerEntryRow(source, row.commission.id, entry)));
  if (rows.length > 0) await tx.ledgerEntry.createMany({ data: rows });
  // The outbound events of applyLedgerEvents, per commission, on the same conditions.
  for (const { commission, state, appended } of changedRows) await enqueueCommissionEvents(tx, source, commission, state, appended, now);
  return changedRows.flatMap((row) => row.appended);
}

export async function appendEntries(tx: Tx, source: LedgerWriteSource, commissionId: string, entries: readonly LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.ledgerEntry.createMany({ data: entries.map((entry) => toLedgerEntryRow(source, commissionId, entry)) });
}

/**
 * A new commission from an accrual the reducer applied (applyEvent on order_created): the Commission row with the
 * reducer's state, its first ledger rows, and the commission.created outbound event, in the caller's transaction.
 * Used by Shopify orders and by API conversions alike.
 */
export async function createAccruedCommission(
  tx: Tx,
  source: LedgerWriteSource,
  accrual: {
    orderId: string;
    creatorId: string;
    orderCreatedAt: Date;
    derivation: CommissionDerivation;
    state: CommissionLedgerState;
    entries: readonly LedgerEntry[];
    /** The ProgramSettingsVersion the commission was priced with, and the order as priced (for edits and re-tiers). */
    settingsVersionId: string;
    pricedOrder: CommissionOrder;
  },
  now: Date,
): Promise<Commission> {
  const commission = await tx.commission.create({
    data: {
      shop: source.shop,
      shopifyOrderId: accrual.orderId,
      creatorId: accrual.creatorId,
      status: accrual.state.status,
      currency: accrual.state.currency,
      netMinor: accrual.state.netMinor,
      paidMinor: accrual.state.paidMinor,
      ruleVersionId: accrual.derivation.ruleVersionId,
      settingsVersionId: accrual.settingsVersionId,
      pricedOrder: toLedgerJson(accrual.pricedOrder) as Prisma.InputJsonValue,
      derivation: toLedgerJson(accrual.derivation) as Prisma.InputJsonValue,
      ledgerState: toLedgerJson(accrual.state) as Prisma.InputJsonValue,
      orderCreatedAt: accrual.orderCreatedAt,
      createdAt: now,
    },
  });
  await appendEntries(tx, source, commission.id, accrual.entries);
  await enqueueOutboundEvent(tx, { shop: source.shop, type: "commission.created", data: buildCommissionEventData(commission), now });
  return commission;
}

/**
 * Keeps Commission.pricedOrder in step with the ledger's basis: after an order edit, the edited order becomes the
 * one a re-tier re-prices, but only if the edit is now the basis in force (an edit older than the basis is ignored
 * by the ledger, and so here).
 */
export async function recordPricedOrder(tx: Tx, shop: string, commissionId: string, basisEventId: string, order: CommissionOrder): Promise<void> {
  const json = JSON.stringify(toLedgerJson(order));
  await tx.$executeRaw`
    UPDATE "Commission" SET "pricedOrder" = ${json}::jsonb
    WHERE shop = ${shop} AND id = ${commissionId} AND "ledgerState"->>'basisEventId' = ${basisEventId}`;
}
