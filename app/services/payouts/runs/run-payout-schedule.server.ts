/**
 * One pass of the payout scheduler, for every shop with a schedule (Settings › Payouts): when a slot is due in the
 * shop's time zone (findDuePayoutSlot), plan its run with the slot's key (unique per shop: one run per slot however
 * often this runs, on however many instances). A run that pays nobody is voided at once with the reason; a run whose
 * total is below the shop's auto-approve amount is approved by that rule (recorded on the run and audited).
 * It also finishes work a crash interrupted: approvals claimed but not finished, voids whose Payouts are not all voided.
 */
import type { Database } from "../../../db.server";
import { decideAutoApprove, findDuePayoutSlot, readPayoutSchedule } from "../../../domain/payouts";
import { findPayoutRunByScheduleKey } from "../../../repositories/payout-run-repository.server";
import { approveRunByRule, continueRunApproval } from "./approve-payout-run.server";
import { planScheduledRun } from "./plan-payout-run.server";
import { finishRunVoid, voidRunAs } from "./void-payout-run.server";

export type ScheduleOutcome = { shop: string; slot: string; runId: string; outcome: "planned" | "auto_approved" | "voided_empty" | "approving" };

export async function runPayoutSchedule(db: Database, now: Date, options: { shop?: string; maxCreatorsPerApproval?: number } = {}): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  const settingsRows = await db.payoutSettings.findMany({
    where: { schedule: { not: "off" }, ...(options.shop === undefined ? {} : { shop: options.shop }) },
    select: { shop: true, schedule: true, scheduleWeekday: true, scheduleMonthDay: true, autoApproveBelowMinor: true },
  });
  for (const settings of settingsRows) {
    const shopRow = await db.shop.findUnique({ where: { shop: settings.shop }, select: { ianaTimezone: true, uninstalledAt: true } });
    if (shopRow === null || shopRow.uninstalledAt !== null) continue;
    try {
      const slot = findDuePayoutSlot(readPayoutSchedule(settings), now, shopRow.ianaTimezone || "UTC");
      if (slot === null || (await findPayoutRunByScheduleKey(db, settings.shop, slot.key)) !== null) continue;
      const planned = await planScheduledRun(db, settings.shop, slot.key, now);
      if (!planned.ok) {
        console.error(`Payout schedule: ${settings.shop} slot ${slot.key} was not planned: ${planned.message}`);
        continue;
      }
      if (planned.outcome !== "created") continue;
      const run = planned.run;
      if (run.itemCount === 0) {
        await voidRunAs(db, settings.shop, run.id, "system:schedule", `Nobody could be paid in the ${slot.key} slot; see each creator's reason.`, now);
        outcomes.push({ shop: settings.shop, slot: slot.key, runId: run.id, outcome: "voided_empty" });
        continue;
      }
      const decision = decideAutoApprove(run, settings.autoApproveBelowMinor);
      if (!decision.approve) {
        outcomes.push({ shop: settings.shop, slot: slot.key, runId: run.id, outcome: "planned" });
        continue;
      }
      const approved = await approveRunByRule(db, settings.shop, run.id, decision.rule, now, { maxCreators: options.maxCreatorsPerApproval });
      outcomes.push({ shop: settings.shop, slot: slot.key, runId: run.id, outcome: approved.ok && approved.finished ? "auto_approved" : "approving" });
    } catch (error) {
      // One shop's bad settings or failure must not stop the others; the next pass tries again.
      console.error(`Payout schedule failed for ${settings.shop}; the next pass retries it.`, error);
    }
  }
  await resumeInterruptedRuns(db, now, options);
  return outcomes;
}

/** Approvals claimed but not finished (a crash, or a large run finished in the background) and voids left half-done. */
export async function resumeInterruptedRuns(db: Database, now: Date, options: { shop?: string; maxCreatorsPerApproval?: number } = {}): Promise<void> {
  const shopFilter = options.shop === undefined ? {} : { shop: options.shop };
  const approving = await db.payoutRun.findMany({ where: { ...shopFilter, status: "planned", approvedBy: { not: null } }, select: { shop: true, id: true }, take: 20 });
  for (const run of approving) {
    try {
      await continueRunApproval(db, run.shop, run.id, now, { maxCreators: options.maxCreatorsPerApproval });
    } catch (error) {
      console.error(`Continuing the approval of payout run ${run.id} (${run.shop}) failed; the next pass retries it.`, error);
    }
  }
  const voiding = await db.$queryRaw<Array<{ shop: string; id: string }>>`
    SELECT r.shop, r.id FROM "PayoutRun" r
    WHERE r.status = 'voided' AND (${options.shop ?? null}::text IS NULL OR r.shop = ${options.shop ?? null})
      AND EXISTS (SELECT 1 FROM "PayoutRunItem" i WHERE i.shop = r.shop AND i."runId" = r.id AND i.status = 'approved')
    LIMIT 20`;
  for (const { shop, id: runId } of voiding) {
    try {
      await finishRunVoid(db, shop, runId, now);
    } catch (error) {
      console.error(`Finishing the void of payout run ${runId} (${shop}) failed; the next pass retries it.`, error);
    }
  }
}
