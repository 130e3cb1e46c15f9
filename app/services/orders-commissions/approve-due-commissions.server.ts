/**
 * The scheduled approval: pending commissions whose holding period (ProgramSettings.holdingPeriodDays, counted
 * from the order's creation) has passed are approved by "system", in small batches. Rows are claimed with
 * FOR UPDATE SKIP LOCKED and written behind the commission's version, so two app instances running the job at
 * once never approve the same commission twice. Each shop gets one AuditEvent per run that approved anything.
 */
import type { Database } from "../../db.server";
import { checkApprovability, type CommissionLedgerState } from "../../domain/ledger";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { claimDueCommissionIds } from "../../repositories/commission-repository.server";
import { fromLedgerJson } from "../../db/ledger-json";
import { applyLedgerEvents, CommissionConflictError } from "./commission-ledger.server";

const DAY_MS = 86_400_000;
export const APPROVAL_ACTOR = "system";

export type ApprovalRunSummary = {
  approved: number;
  /** Claimed but not approvable after all (the stored state disagreed), or changed by another writer meanwhile. */
  skipped: number;
  shops: number;
};

export async function approveDueCommissions(input: {
  db: Database;
  now: Date;
  batchSize?: number;
  /** Batches per shop per run at most, so one run stays short; the next run continues. */
  maxBatchesPerShop?: number;
  /** Only this shop (tests, or a merchant's "approve due now"). */
  shop?: string;
}): Promise<ApprovalRunSummary> {
  const { db, now, batchSize = 100, maxBatchesPerShop = 10 } = input;
  const programs = await db.programSettings.findMany({
    where: input.shop === undefined ? {} : { shop: input.shop },
    select: { shop: true, holdingPeriodDays: true },
    orderBy: { shop: "asc" },
  });
  const summary: ApprovalRunSummary = { approved: 0, skipped: 0, shops: 0 };
  for (const program of programs) {
    const approvedIds: string[] = [];
    let skipped = 0;
    const orderedBefore = new Date(now.getTime() - program.holdingPeriodDays * DAY_MS);
    for (let batch = 0; batch < maxBatchesPerShop; batch += 1) {
      const claimed = await db.$transaction(async (tx) => {
        const ids = await claimDueCommissionIds(tx, program.shop, orderedBefore, batchSize);
        const commissions = await tx.commission.findMany({ where: { shop: program.shop, id: { in: ids } } });
        for (const commission of commissions) {
          const state = fromLedgerJson<CommissionLedgerState>(commission.ledgerState);
          if (!checkApprovability(state, now, program.holdingPeriodDays).approvable) {
            skipped += 1;
            continue;
          }
          try {
            await applyLedgerEvents(tx, { shop: program.shop, actor: APPROVAL_ACTOR }, commission,
              [{ type: "commission_approved", eventId: `approve:${commission.id}:v${commission.version}` }], now, true);
            approvedIds.push(commission.id);
          } catch (error) {
            // The row is locked, so only a writer that ignored the lock could get here; leave it to the next run.
            if (!(error instanceof CommissionConflictError)) throw error;
            skipped += 1;
          }
        }
        return ids.length;
      });
      if (claimed < batchSize) break;
    }
    summary.skipped += skipped;
    if (approvedIds.length === 0) continue;
    summary.approved += approvedIds.length;
    summary.shops += 1;
    await recordAuditEvent(db, {
      shop: program.shop,
      actor: APPROVAL_ACTOR,
      action: "commissions.auto_approved",
      subjectType: "shop",
      subjectId: program.shop,
      reason: `The ${program.holdingPeriodDays}-day holding period passed and nothing was on hold.`,
      details: { approved: approvedIds.length, skipped, holdingPeriodDays: program.holdingPeriodDays, commissionIds: approvedIds.slice(0, 1000) },
    });
  }
  return summary;
}
