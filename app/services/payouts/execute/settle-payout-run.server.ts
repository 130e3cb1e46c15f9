/**
 * Closes a handed-over run once nothing in it can change by itself: every item is final or needs a person.
 * submitted → settled (all paid) | partly_failed (at least one failed or needs review); partly_failed → settled when
 * the items that needed review were resolved as paid; settled → partly_failed when a paid item came back afterwards
 * (PayPal RETURNED / REVERSED). Through THE run transition table, under the run's version.
 */
import type { Database } from "../../../db.server";
import { canRunTransition, type PayoutRunStatusName } from "../../../domain/payouts/payout-run-transitions";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";

const STILL_MOVING = ["planned", "approved", "submitting", "submitted"] as const;

export async function settlePayoutRunIfDone(db: Database, shop: string, runId: string, now: Date, actor: string): Promise<PayoutRunStatusName | null> {
  const run = await db.payoutRun.findFirst({ where: { shop, id: runId }, select: { id: true, status: true, version: true } });
  if (run === null || (run.status !== "submitted" && run.status !== "partly_failed" && run.status !== "settled")) return null;
  const counts = await db.payoutRunItem.groupBy({ by: ["status"], where: { shop, runId }, _count: { _all: true } });
  const count = (status: string) => counts.find((row) => row.status === status)?._count._all ?? 0;
  if (STILL_MOVING.some((status) => count(status) > 0)) return null;
  const target: PayoutRunStatusName = count("failed") + count("needs_review") > 0 ? "partly_failed" : "settled";
  if (target === run.status || !canRunTransition(run.status, target)) return null;
  return db.$transaction(async (tx) => {
    const moved = await tx.payoutRun.updateMany({
      where: { shop, id: runId, status: run.status, version: run.version },
      data: { status: target, settledAt: now, nextAttemptAt: null, lastError: null, version: { increment: 1 } },
    });
    if (moved.count !== 1) return null;
    await recordAuditEvent(tx, {
      shop,
      actor,
      action: `payout_run.${target}`,
      subjectType: "payout_run",
      subjectId: runId,
      details: { from: run.status, succeeded: count("succeeded"), failed: count("failed"), needsReview: count("needs_review") },
    });
    return target;
  });
}
