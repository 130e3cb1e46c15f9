/**
 * Plans a payout run: per creator, the approved commissions owed (summed in SQL), net of clawbacks, by the creator's
 * method, or why they are left out (planPayoutRunItem). Writes the PayoutRun (status planned) and one PayoutRunItem
 * per creator, the ones left out too (status excluded, with the reason), in one transaction. Nothing is paid and no
 * commission changes: approving the run does that (approve-payout-run.server.ts).
 *
 * Idempotent by unique keys, not by reading first: a double click sends the same requestKey, and the second insert
 * fails on (shop, requestKey) and returns the first run; the scheduler's slot key (shop, scheduleKey) works the same.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../../../db.server";
import { formatMoney } from "../../../domain/money";
import { planPayoutRunItem, type PayoutRunRules, type PlannedPayoutRunItem } from "../../../domain/payouts";
import type { PayoutRun, Prisma } from "../../../generated/prisma/client";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { isUniqueViolation } from "../../../repositories/is-unique-violation.server";
import { findPayoutRunByRequestKey, findPayoutRunByScheduleKey, readPayoutRunCandidates } from "../../../repositories/payout-run-repository.server";

export type PlanRunResult =
  | { ok: true; run: PayoutRun; outcome: "created" | "already_planned" }
  | { ok: false; status: 400; message: string };

const ITEM_INSERT_CHUNK = 1_000;

/** The shop's rules for a run: minimum payout and currency from the program, the rest from Settings › Payouts. */
export async function readPayoutRunRules(db: Prisma.TransactionClient, shop: string): Promise<(PayoutRunRules & { currency: string }) | null> {
  const [program, settings] = await Promise.all([
    db.programSettings.findUnique({ where: { shop }, select: { minimumPayoutMinor: true, currency: true } }),
    db.payoutSettings.findUnique({ where: { shop }, select: { defaultMethod: true, requireTaxForm: true } }),
  ]);
  if (program === null) return null;
  return {
    currency: program.currency,
    minimumPayoutMinor: program.minimumPayoutMinor,
    defaultMethod: settings?.defaultMethod ?? null,
    requireTaxForm: settings?.requireTaxForm ?? false,
  };
}

/** A run the merchant asked for ("Plan a payout run"); `requestKey` is the form's one-time key. */
export async function planRun(db: Database, shop: string, actor: string, requestKey: string, now: Date): Promise<PlanRunResult> {
  const key = requestKey.trim();
  if (key.length < 8 || key.length > 100) return { ok: false, status: 400, message: "The form lost its one-time key. Reload the page and plan the run again." };
  return planPayoutRun(db, shop, { actor, trigger: "manual", requestKey: key, scheduleKey: null }, now);
}

/** The run of one schedule slot ("weekly:2026-12-07"): however often the scheduler asks, one run per slot. */
export async function planScheduledRun(db: Database, shop: string, scheduleKey: string, now: Date): Promise<PlanRunResult> {
  return planPayoutRun(db, shop, { actor: "system:schedule", trigger: "schedule", requestKey: null, scheduleKey }, now);
}

type PlanOrigin = { actor: string; trigger: "manual" | "schedule"; requestKey: string | null; scheduleKey: string | null };

async function findExisting(db: Database, shop: string, origin: PlanOrigin) {
  if (origin.requestKey !== null) return findPayoutRunByRequestKey(db, shop, origin.requestKey);
  if (origin.scheduleKey !== null) return findPayoutRunByScheduleKey(db, shop, origin.scheduleKey);
  return null;
}

async function planPayoutRun(db: Database, shop: string, origin: PlanOrigin, now: Date): Promise<PlanRunResult> {
  const existing = await findExisting(db, shop, origin);
  if (existing !== null) return { ok: true, run: existing, outcome: "already_planned" };
  const rules = await readPayoutRunRules(db, shop);
  if (rules === null) return { ok: false, status: 400, message: "Set up your program in Settings before planning payouts." };

  const candidates = await readPayoutRunCandidates(db, shop, rules.currency);
  const items = candidates.map((candidate) => planPayoutRunItem(candidate, rules));
  const paid = items.filter((item) => item.status === "planned");
  const totalMinor = paid.reduce((sum, item) => sum + item.amountMinor, 0n);

  try {
    const run = await db.$transaction(async (tx) => {
      // Inserted first: a concurrent double click waits here on the unique key and then fails, writing nothing.
      const created = await tx.payoutRun.create({
        data: {
          shop, status: "planned", currency: rules.currency, totalMinor, itemCount: paid.length, excludedCount: items.length - paid.length,
          trigger: origin.trigger, requestKey: origin.requestKey, scheduleKey: origin.scheduleKey, plannedAt: now, plannedBy: origin.actor,
        },
      });
      for (let start = 0; start < items.length; start += ITEM_INSERT_CHUNK) {
        await insertItems(tx, shop, created.id, rules.currency, items.slice(start, start + ITEM_INSERT_CHUNK), now);
      }
      await recordAuditEvent(tx, {
        shop,
        actor: origin.actor,
        action: "payout_run.planned",
        subjectType: "payout_run",
        subjectId: created.id,
        details: {
          trigger: origin.trigger,
          scheduleKey: origin.scheduleKey,
          total: formatMoney({ amountMinor: totalMinor, currency: rules.currency }),
          totalMinor: totalMinor.toString(),
          creatorsPaid: paid.length,
          creatorsLeftOut: items.length - paid.length,
        },
      });
      return created;
    }, { timeout: 120_000, maxWait: 10_000 });
    return { ok: true, run, outcome: "created" };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await findExisting(db, shop, origin);
    if (first === null) throw error;
    return { ok: true, run: first, outcome: "already_planned" };
  }
}

/**
 * One INSERT … SELECT FROM unnest(arrays) per chunk: Prisma's createMany spent seconds building 10,000 rows, one
 * statement with ten array parameters takes milliseconds. Each item's id is chosen here so the provider's stable
 * key is written with the row (PayPal's sender_item_id = `AFF-<itemId>`).
 */
async function insertItems(tx: Prisma.TransactionClient, shop: string, runId: string, currency: string, items: readonly PlannedPayoutRunItem[], now: Date): Promise<void> {
  const ids = items.map(() => randomUUID());
  const creatorIds = items.map((item) => item.creatorId);
  const statuses = items.map((item) => item.status);
  const methods = items.map((item) => item.method);
  const amounts = items.map((item) => item.amountMinor.toString());
  const clawbacks = items.map((item) => item.clawbackMinor.toString());
  const counts = items.map((item) => item.commissionCount);
  const reasons = items.map((item) => (item.status === "excluded" ? item.excludedReason : null));
  const destinations = items.map((item) => JSON.stringify(item.destination));
  const senderItemIds = ids.map((id) => `AFF-${id}`);
  await tx.$executeRaw`
    INSERT INTO "PayoutRunItem" (id, shop, "runId", "creatorId", status, method, currency, "amountMinor", "clawbackMinor", "commissionCount",
      "excludedReason", destination, "senderItemId", "createdAt", "updatedAt")
    SELECT item.id, ${shop}, ${runId}, item."creatorId", item.status::"PayoutItemStatus", item.method::"PayoutRunMethod", ${currency},
      item.amount::bigint, item.clawback::bigint, item.count, item.reason, item.destination::jsonb, item."senderItemId", ${now}, ${now}
    FROM unnest(${ids}::text[], ${creatorIds}::text[], ${statuses}::text[], ${methods}::text[], ${amounts}::text[], ${clawbacks}::text[],
      ${counts}::int[], ${reasons}::text[], ${destinations}::text[], ${senderItemIds}::text[])
      AS item(id, "creatorId", status, method, amount, clawback, count, reason, destination, "senderItemId")`;
}
