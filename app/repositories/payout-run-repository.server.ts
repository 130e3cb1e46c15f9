/**
 * Queries for payout runs and what they are planned from; always scoped by shop. The money per creator is summed in
 * SQL (one GROUP BY over the commissions still owing or owed money), never by loading the commissions: a shop with a
 * million commissions is planned in one query.
 */
import type { OwedTotals, PayoutRunCandidate, PayoutRunMethodName } from "../domain/payouts";
import type { Prisma } from "../generated/prisma/client";

type Client = Prisma.TransactionClient;

type OwedRow = {
  creatorId: string;
  currency: string;
  approvedMinor: bigint;
  approvedCount: number;
  clawbackMinor: bigint;
  clawbackCount: number;
  pendingMinor: bigint;
  onHoldMinor: bigint;
  onHoldCount: number;
};

function toTotals(row: OwedRow): OwedTotals {
  return {
    currency: row.currency,
    approvedMinor: BigInt(row.approvedMinor),
    approvedCount: Number(row.approvedCount),
    clawbackMinor: BigInt(row.clawbackMinor),
    clawbackCount: Number(row.clawbackCount),
    pendingMinor: BigInt(row.pendingMinor),
    onHoldMinor: BigInt(row.onHoldMinor),
    onHoldCount: Number(row.onHoldCount),
  };
}

/**
 * Per creator and currency: what is owed (owed = net − paid), split the way the payout rule needs it (approved,
 * clawbacks, pending, on hold). Only commissions with net ≠ paid are read (the partial index
 * Commission_owed_by_creator covers exactly those rows).
 */
export async function sumOwedByCreator(db: Client, shop: string, creatorId?: string): Promise<Array<{ creatorId: string; totals: OwedTotals }>> {
  const rows = await db.$queryRaw<OwedRow[]>`
    SELECT "creatorId", currency,
      COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE "netMinor" > "paidMinor" AND status IN ('approved', 'paid')), 0)::bigint AS "approvedMinor",
      (COUNT(*) FILTER (WHERE "netMinor" > "paidMinor" AND status IN ('approved', 'paid')))::int AS "approvedCount",
      COALESCE(SUM("paidMinor" - "netMinor") FILTER (WHERE "netMinor" < "paidMinor"), 0)::bigint AS "clawbackMinor",
      (COUNT(*) FILTER (WHERE "netMinor" < "paidMinor"))::int AS "clawbackCount",
      COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE "netMinor" > "paidMinor" AND status = 'pending'), 0)::bigint AS "pendingMinor",
      COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE "netMinor" > "paidMinor" AND status = 'on_hold'), 0)::bigint AS "onHoldMinor",
      (COUNT(*) FILTER (WHERE "netMinor" > "paidMinor" AND status = 'on_hold'))::int AS "onHoldCount"
    FROM "Commission"
    WHERE shop = ${shop} AND "netMinor" <> "paidMinor" AND (${creatorId ?? null}::text IS NULL OR "creatorId" = ${creatorId ?? null})
    GROUP BY "creatorId", currency
    ORDER BY "creatorId", currency`;
  return rows.map((row) => ({ creatorId: row.creatorId, totals: toTotals(row) }));
}

type CandidateRow = OwedRow & {
  creatorName: string | null;
  creatorStatus: string | null;
  creatorStatusReason: string | null;
  payoutEmail: string | null;
  shopifyCustomerId: string | null;
  profileId: string | null;
  method: PayoutRunMethodName | null;
  paypalEmail: string | null;
  ibanLast4: string | null;
  accountHolderName: string | null;
  reviewRequired: boolean | null;
  reviewReason: string | null;
  hasTaxForm: boolean;
};

/**
 * Everything the run planner needs about every creator with money owed in `currency` that a run could pay (approved
 * or on hold; creators with only pending money are not in a run): their totals, status, payout profile and whether a
 * current tax form is on file, in one query. The totals come from CreatorOwedSummary (the same sums as
 * sumOwedByCreator, kept exact by triggers on Commission), one row per creator instead of every owed commission. `creatorIds` narrows it (the approval's re-check reads one creator).
 */
export async function readPayoutRunCandidates(db: Client, shop: string, currency: string, creatorIds?: readonly string[]): Promise<PayoutRunCandidate[]> {
  const only = creatorIds === undefined ? null : [...creatorIds];
  const rows = await db.$queryRaw<CandidateRow[]>`
    WITH owed AS (
      SELECT "creatorId", currency, "approvedMinor", "approvedCount", "clawbackMinor", "clawbackCount", "pendingMinor", "onHoldMinor", "onHoldCount"
      FROM "CreatorOwedSummary"
      WHERE shop = ${shop} AND currency = ${currency} AND "owingCount" > 0
        AND (${only}::text[] IS NULL OR "creatorId" = ANY(${only}::text[]))
    )
    SELECT owed.*, c.name AS "creatorName", c.status::text AS "creatorStatus", c."statusReason" AS "creatorStatusReason",
      c."payoutEmail", c."shopifyCustomerId",
      p.id AS "profileId", p.method::text AS method, p."paypalEmail", p."ibanLast4", p."accountHolderName", p."reviewRequired", p."reviewReason",
      EXISTS (SELECT 1 FROM "CreatorTaxForm" t WHERE t.shop = ${shop} AND t."creatorId" = owed."creatorId" AND t."supersededAt" IS NULL) AS "hasTaxForm"
    FROM owed
    LEFT JOIN "Creator" c ON c.shop = ${shop} AND c.id = owed."creatorId"
    LEFT JOIN "CreatorPayoutProfile" p ON p.shop = ${shop} AND p."creatorId" = owed."creatorId"
    WHERE owed."approvedCount" > 0 OR owed."onHoldCount" > 0
    ORDER BY c.name, owed."creatorId"`;
  return rows.map((row) => ({
    creatorId: row.creatorId,
    creatorName: row.creatorName ?? "(deleted creator)",
    creatorStatus: row.creatorStatus ?? "deleted",
    creatorStatusReason: row.creatorStatusReason,
    totals: toTotals(row),
    profile: row.profileId === null ? null : {
      method: row.method,
      paypalEmail: row.paypalEmail,
      ibanLast4: row.ibanLast4,
      accountHolderName: row.accountHolderName,
      reviewRequired: row.reviewRequired === true,
      reviewReason: row.reviewReason,
    },
    payoutEmail: row.payoutEmail,
    shopifyCustomerId: row.shopifyCustomerId,
    hasTaxForm: row.hasTaxForm,
  }));
}

export function findPayoutRun(db: Client, shop: string, runId: string) {
  return db.payoutRun.findUnique({ where: { shop_id: { shop, id: runId } } });
}

export function findPayoutRunByRequestKey(db: Client, shop: string, requestKey: string) {
  return db.payoutRun.findUnique({ where: { shop_requestKey: { shop, requestKey } } });
}

export function findPayoutRunByScheduleKey(db: Client, shop: string, scheduleKey: string) {
  return db.payoutRun.findUnique({ where: { shop_scheduleKey: { shop, scheduleKey } } });
}

/** Newest first. */
export async function listPayoutRuns(db: Client, shop: string, options: { skip: number; take: number }) {
  const [runs, total] = await Promise.all([
    db.payoutRun.findMany({ where: { shop }, orderBy: [{ plannedAt: "desc" }, { id: "desc" }], skip: options.skip, take: options.take }),
    db.payoutRun.count({ where: { shop } }),
  ]);
  return { runs, total };
}

/** A run's items with their creators' names: paid ones first (by name), then the ones left out. */
export async function listPayoutRunItems(db: Client, shop: string, runId: string, options: { skip: number; take: number }) {
  const where = { shop, runId };
  const [items, total] = await Promise.all([
    db.payoutRunItem.findMany({ where, orderBy: [{ status: "asc" }, { amountMinor: "desc" }, { id: "asc" }], skip: options.skip, take: options.take }),
    db.payoutRunItem.count({ where }),
  ]);
  const names = new Map(
    (await db.creator.findMany({ where: { shop, id: { in: items.map((item) => item.creatorId) } }, select: { id: true, name: true } })).map((creator) => [creator.id, creator.name]),
  );
  return { items: items.map((item) => ({ ...item, creatorName: names.get(item.creatorId) ?? "(deleted creator)" })), total };
}

/** Items of a run counted per status. */
export async function countPayoutRunItemsByStatus(db: Client, shop: string, runId: string): Promise<Record<string, number>> {
  const rows = await db.payoutRunItem.groupBy({ by: ["status"], where: { shop, runId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}
