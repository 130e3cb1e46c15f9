/**
 * Voids a payout run before anything was sent: planned (nothing was paid yet) or approved (its items' Payouts hold
 * the commissions; each is voided through voidPayout, so the commissions are owed again exactly). A reason is
 * required and only staff who may approve payouts may void. A submitting or later run cannot be voided: money may
 * have moved.
 *
 * The run moves first (one conditional UPDATE: of a void and the payout job taking the run, one wins), then each
 * approved item's Payout is voided and the item moves approved → voided. A crash in between leaves a voided run
 * with approved items; finishRunVoid (called again by the payout schedule job) completes it, and voidPayout's own
 * guard makes a repeated void harmless.
 */
import { z } from "zod";
import type { Database } from "../../../db.server";
import { assertItemTransition, assertRunTransition } from "../../../domain/payouts";
import type { PayoutRun } from "../../../generated/prisma/client";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { findPayoutRun } from "../../../repositories/payout-run-repository.server";
import { canApprovePayouts } from "../../staff/payout-approvers.server";
import { voidPayout } from "../void-payout.server";
import { NOT_ALLOWED_TO_APPROVE } from "./approve-payout-run.server";

export type VoidRunResult = { ok: true; run: PayoutRun; payoutsVoided: number } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

export const voidRunReasonSchema = z
  .string()
  .trim()
  .min(1, "Give a reason for voiding this run (for example “wrong amounts, planning again after fixing commissions”).")
  .max(500, "Keep the reason under 500 characters.");

export async function voidRun(db: Database, shop: string, runId: string, userId: string, reason: string, now: Date): Promise<VoidRunResult> {
  const parsed = voidRunReasonSchema.safeParse(reason);
  if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  if (userId === "" || !(await canApprovePayouts(db, shop, userId))) return { ok: false, status: 403, message: NOT_ALLOWED_TO_APPROVE };
  return voidRunAs(db, shop, runId, `staff:${userId}`, parsed.data, now);
}

/** The system voids a run (the scheduler's run of a slot with nobody to pay). */
export async function voidRunAs(db: Database, shop: string, runId: string, actor: string, reason: string, now: Date): Promise<VoidRunResult> {
  const run = await findPayoutRun(db, shop, runId);
  if (run === null) return { ok: false, status: 404, message: "This payout run does not exist in this shop. Go back to Payouts and pick one from the list." };
  if (run.status === "voided") return { ok: false, status: 409, message: `This run was already voided${run.voidedBy ? ` by ${run.voidedBy}` : ""}. Nothing changed.` };
  if (run.status === "planned" && run.approvedBy !== null) {
    return { ok: false, status: 409, message: "This run is being approved right now. Wait for the approval to finish (reload in a minute), then void it." };
  }
  if (run.status !== "planned" && run.status !== "approved") {
    return {
      ok: false, status: 409,
      message: `This run is ${run.status}: its payments were handed to the provider and it cannot be voided. Follow each payment on this page; a failed one is owed again and paid in a later run.`,
    };
  }
  assertRunTransition(run.status, "voided");
  const moved = await db.$transaction(async (tx) => {
    const updated = await tx.payoutRun.updateMany({
      where: { shop, id: runId, status: run.status, version: run.version, ...(run.status === "planned" ? { approvedBy: null } : {}) },
      data: { status: "voided", voidedAt: now, voidedBy: actor, voidReason: reason, version: { increment: 1 } },
    });
    if (updated.count !== 1) return false;
    if (run.status === "planned") {
      assertItemTransition("planned", "voided");
      await tx.payoutRunItem.updateMany({ where: { shop, runId, status: "planned" }, data: { status: "voided", finishedAt: now, version: { increment: 1 } } });
    }
    await recordAuditEvent(tx, {
      shop, actor, action: "payout_run.voided", subjectType: "payout_run", subjectId: runId, reason,
      details: { statusBefore: run.status, totalMinor: run.totalMinor.toString(), creators: run.itemCount },
    });
    return true;
  });
  if (!moved) {
    const current = await findPayoutRun(db, shop, runId);
    return { ok: false, status: 409, message: `This run changed while you were voiding it (it is now ${current?.status ?? "gone"}). Reload the page to see it.` };
  }
  const payoutsVoided = await finishRunVoid(db, shop, runId, now);
  return { ok: true, run: (await findPayoutRun(db, shop, runId)) ?? run, payoutsVoided };
}

/** Voids the Payouts of a voided run's approved items (commissions owed again) and moves those items to voided. */
export async function finishRunVoid(db: Database, shop: string, runId: string, now: Date): Promise<number> {
  const run = await findPayoutRun(db, shop, runId);
  if (run === null || run.status !== "voided") return 0;
  let voided = 0;
  for (;;) {
    const items = await db.payoutRunItem.findMany({ where: { shop, runId, status: "approved" }, orderBy: { id: "asc" }, take: 100 });
    if (items.length === 0) return voided;
    for (const item of items) {
      if (item.payoutId !== null) {
        const result = await voidPayout({ db, shop, actor: run.voidedBy ?? "system", payoutId: item.payoutId, reason: `Payout run voided: ${run.voidReason ?? "no reason given"}`, now });
        // 409: voided already (a resumed void); anything else is a real problem and must not be skipped silently.
        if (!result.ok && result.status !== 409) throw new Error(`Voiding payout ${item.payoutId} of run ${runId} failed: ${result.message}`);
        if (result.ok) voided += 1;
      }
      assertItemTransition("approved", "voided");
      await db.payoutRunItem.updateMany({ where: { shop, id: item.id, status: "approved" }, data: { status: "voided", finishedAt: now, version: { increment: 1 } } });
    }
  }
}
