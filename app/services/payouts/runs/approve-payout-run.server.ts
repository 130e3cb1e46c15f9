/**
 * Approves a planned payout run. Only a staff member the owner allows (canApprovePayouts) approves by hand; the
 * scheduler approves by the shop's rule ("system:auto-approve", with the rule's words).
 *
 * 1. Claim: one conditional UPDATE records who approved and when (status planned, approvedBy null, version read).
 *    Of two approvals at once, one claims; the other is told who is approving (409). Nothing else changes yet.
 * 2. Items, one creator per transaction (10,000 creators never hold one giant transaction): lock the item row, then
 *    the creator's owed commissions (FOR UPDATE, id order, like a manual payout), re-check the creator (status,
 *    method, review, tax form) and the money (recheckPayoutRunItem: never more than owed now, never more than
 *    previewed), then create the Payout (method = the item's, runItemId) and its `payout_paid` ledger rows, and move
 *    the item planned → approved. An item whose creator can no longer be paid moves planned → voided with the reason.
 * 3. Finish: when no item is planned, the run moves planned → approved with its final totals (or → voided when
 *    nobody was left to pay), and the audit trail records who approved, when and by which rule.
 *
 * Step 2 is bounded per call (`maxCreators`): a large run finishes in the background (the payout schedule job calls
 * continueRunApproval for runs claimed but not finished, e.g. after a crash). Every step is idempotent: an item is
 * approved once (its row lock and status guard; Payout.requestKey `payout-run-item:<itemId>` is unique).
 */
import type { Database } from "../../../db.server";
import type { LedgerEvent } from "../../../domain/ledger";
import { formatMoney } from "../../../domain/money";
import { assertItemTransition, assertRunTransition, planPayoutRunItem, recheckPayoutRunItem, type PayoutRunRules } from "../../../domain/payouts";
import type { PayoutRun, PayoutRunItem, Prisma } from "../../../generated/prisma/client";
import { buildPayoutEventData } from "../../../outbound-webhooks/commission-event-data";
import { enqueueOutboundEvent } from "../../../outbound-webhooks/enqueue-outbound-event.server";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { lockOwedCommissions } from "../../../repositories/commission-repository.server";
import { findPayoutRun, readPayoutRunCandidates } from "../../../repositories/payout-run-repository.server";
import { applyLedgerEventsToEach } from "../../orders-commissions/commission-ledger.server";
import { canApprovePayouts } from "../../staff/payout-approvers.server";
import { readPayoutRunRules } from "./plan-payout-run.server";

export type ApproveRunResult =
  | { ok: true; run: PayoutRun; finished: boolean; remaining: number }
  | { ok: false; status: 403 | 404 | 409; message: string };

export const NOT_ALLOWED_TO_APPROVE =
  "Only the store owner and staff members they allow may approve or void payout runs. Ask the owner to turn on “Can approve payouts” for you in Settings › Staff.";

const ITEM_BATCH = 50;
/** Creators approved at once (one transaction each): 4 keeps two cores busy without crowding the connection pool (10). */
const PARALLEL_CREATORS = 4;

type ApproveOptions = { maxCreators?: number };

/** A staff member approves (`userId` is the session token's `sub`). */
export async function approveRun(db: Database, shop: string, runId: string, userId: string, now: Date, options: ApproveOptions = {}): Promise<ApproveRunResult> {
  if (userId === "" || !(await canApprovePayouts(db, shop, userId))) return { ok: false, status: 403, message: NOT_ALLOWED_TO_APPROVE };
  return approveRunAs(db, shop, runId, { actor: `staff:${userId}`, rule: null }, now, options);
}

/** The shop's rule approves (the scheduler's auto-approval); `rule` is stored on the run and in the audit trail. */
export async function approveRunByRule(db: Database, shop: string, runId: string, rule: string, now: Date, options: ApproveOptions = {}): Promise<ApproveRunResult> {
  return approveRunAs(db, shop, runId, { actor: "system:auto-approve", rule }, now, options);
}

async function approveRunAs(db: Database, shop: string, runId: string, approver: { actor: string; rule: string | null }, now: Date, options: ApproveOptions): Promise<ApproveRunResult> {
  const run = await findPayoutRun(db, shop, runId);
  if (run === null) return { ok: false, status: 404, message: "This payout run does not exist in this shop. Go back to Payouts and pick one from the list." };
  if (run.status !== "planned") return { ok: false, status: 409, message: describeSettledRun(run) };
  if (run.approvedBy !== null) {
    return { ok: false, status: 409, message: `${run.approvedBy} is already approving this run; it finishes in the background. Reload the page in a minute.` };
  }
  if (run.itemCount === 0) return { ok: false, status: 409, message: "Nobody is paid in this run (everyone was left out). Void it, or fix the reasons shown and plan a new run." };
  assertRunTransition("planned", "approved");
  const claimed = await db.payoutRun.updateMany({
    where: { shop, id: runId, status: "planned", approvedBy: null, version: run.version },
    data: { approvedBy: approver.actor, approvedAt: now, approvalRule: approver.rule, version: { increment: 1 } },
  });
  if (claimed.count !== 1) {
    const current = await findPayoutRun(db, shop, runId);
    return {
      ok: false, status: 409,
      message: current?.status === "planned" && current.approvedBy !== null
        ? `${current.approvedBy} is already approving this run. Reload the page to see it.`
        : current === null ? "This payout run no longer exists." : describeSettledRun(current),
    };
  }
  return continueRunApproval(db, shop, runId, now, options);
}

function describeSettledRun(run: PayoutRun): string {
  if (run.status === "voided") return `This run was voided${run.voidedBy ? ` by ${run.voidedBy}` : ""}; nothing in it is paid. Plan a new run to pay what is owed.`;
  return `This run was already approved${run.approvedBy ? ` by ${run.approvedBy}` : ""}; it is ${run.status}. Nothing changed.`;
}

/** Approves the run's remaining planned items (at most `maxCreators` of them), then finishes the run when none is left. */
export async function continueRunApproval(db: Database, shop: string, runId: string, now: Date, options: ApproveOptions = {}): Promise<ApproveRunResult> {
  const run = await findPayoutRun(db, shop, runId);
  if (run === null) return { ok: false, status: 404, message: "This payout run does not exist in this shop." };
  if (run.status !== "planned" || run.approvedBy === null) return { ok: false, status: 409, message: describeSettledRun(run) };
  const rules = await readPayoutRunRules(db, shop);
  if (rules === null) return { ok: false, status: 409, message: "The program settings are missing; set up your program in Settings, then approve again." };
  const maxCreators = options.maxCreators ?? Number.POSITIVE_INFINITY;
  let done = 0;
  let afterId = "";
  while (done < maxCreators) {
    const batch = await db.payoutRunItem.findMany({
      where: { shop, runId, status: "planned", id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: Math.min(ITEM_BATCH, maxCreators - done),
    });
    if (batch.length === 0) break;
    // A few creators at once, each in its own transaction: their items, commissions and owed sums are disjoint rows
    // (no lock is shared), and the database works on one while this process prepares the next.
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const item = batch[next]!;
        next += 1;
        await approveItem(db, run, item, rules, now);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CREATORS, batch.length) }, worker));
    afterId = batch.at(-1)!.id;
    done += batch.length;
  }
  const remaining = await db.payoutRunItem.count({ where: { shop, runId, status: "planned" } });
  if (remaining > 0) return { ok: true, run: (await findPayoutRun(db, shop, runId)) ?? run, finished: false, remaining };
  return { ok: true, run: await finishRunApproval(db, run, now), finished: true, remaining: 0 };
}

class ItemTaken extends Error {}

async function approveItem(db: Database, run: PayoutRun, item: PayoutRunItem, rules: PayoutRunRules & { currency: string }, now: Date): Promise<void> {
  const shop = run.shop;
  const approver = run.approvedBy ?? "system";
  try {
    await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ status: string }>>`
        SELECT status::text AS status FROM "PayoutRunItem" WHERE shop = ${shop} AND id = ${item.id} FOR UPDATE`;
      if (locked?.status !== "planned") throw new ItemTaken();
      const commissions = (await lockOwedCommissions(tx, shop, item.creatorId)).filter((commission) => commission.currency === run.currency);
      // The creator's standing now (paused since the plan? details changed? tax form?), with the money they are owed now.
      const [candidate] = await readPayoutRunCandidates(tx, shop, run.currency, [item.creatorId]);
      const standing = candidate === undefined ? null : planPayoutRunItem(candidate, rules);
      if (standing === null) return leaveOut(tx, item, "Left out at approval: Nothing approved is owed any more (paid or reversed since the plan).", now);
      if (standing.status === "excluded") return leaveOut(tx, item, `Left out at approval: ${standing.excludedReason}`, now);
      if (standing.method !== item.method) {
        return leaveOut(tx, item, `Left out at approval: the payout method changed since the plan (now ${standing.method}). Plan a new run to pay by the new method.`, now);
      }
      const recheck = recheckPayoutRunItem(commissions, run.currency, rules.minimumPayoutMinor, item.amountMinor);
      if (!recheck.pay) return leaveOut(tx, item, recheck.reason, now);

      const payout = await tx.payout.create({
        data: {
          shop, creatorId: item.creatorId, currency: run.currency, amountMinor: recheck.amountMinor,
          commissionCount: recheck.paid.length + recheck.recovered.length,
          method: item.method ?? "manual", reference: null, note: `Payout run ${run.id}`,
          createdBy: approver, requestKey: `payout-run-item:${item.id}`, createdAt: now, runItemId: item.id,
        },
      });
      const lineIds = new Set([...recheck.paid, ...recheck.recovered].map((line) => line.commissionId));
      // One UPDATE and one INSERT for all of the creator's commissions (each folded by the ledger reducer).
      const event: LedgerEvent = { type: "payout_paid", eventId: `payout:${payout.id}`, payoutId: payout.id };
      const paidCommissions = commissions.filter((candidateCommission) => lineIds.has(candidateCommission.id));
      await applyLedgerEventsToEach(tx, { shop, actor: approver, payoutId: payout.id }, paidCommissions, () => [event], now, true);
      await enqueueOutboundEvent(tx, { shop, type: "payout.created", data: buildPayoutEventData(payout), now });
      assertItemTransition("planned", "approved");
      const moved = await tx.payoutRunItem.updateMany({
        where: { shop, id: item.id, status: "planned", version: item.version },
        data: {
          status: "approved", payoutId: payout.id, amountMinor: recheck.amountMinor, clawbackMinor: recheck.clawbackMinor,
          commissionCount: payout.commissionCount, destination: standing.destination, version: { increment: 1 },
        },
      });
      if (moved.count !== 1) throw new ItemTaken();
      if (recheck.note !== null) {
        await recordAuditEvent(tx, {
          shop, actor: approver, action: "payout_run_item.adjusted", subjectType: "payout_run", subjectId: run.id, reason: recheck.note,
          details: { itemId: item.id, creatorId: item.creatorId, plannedMinor: item.amountMinor.toString(), paidMinor: recheck.amountMinor.toString() },
        });
      }
    }, { timeout: 60_000, maxWait: 10_000 });
  } catch (error) {
    // Another approval (a resumed one, a second instance) already handled this item: nothing to do.
    if (error instanceof ItemTaken) return;
    throw error;
  }
}

async function leaveOut(tx: Prisma.TransactionClient, item: PayoutRunItem, reason: string, now: Date): Promise<void> {
  assertItemTransition("planned", "voided");
  const moved = await tx.payoutRunItem.updateMany({
    where: { shop: item.shop, id: item.id, status: "planned", version: item.version },
    data: { status: "voided", excludedReason: reason, finishedAt: now, version: { increment: 1 } },
  });
  if (moved.count !== 1) throw new ItemTaken();
}

async function finishRunApproval(db: Database, run: PayoutRun, now: Date): Promise<PayoutRun> {
  const shop = run.shop;
  const sums = await db.payoutRunItem.groupBy({ by: ["status"], where: { shop, runId: run.id }, _count: { _all: true }, _sum: { amountMinor: true } });
  const approved = sums.find((row) => row.status === "approved");
  const approvedCount = approved?._count._all ?? 0;
  const totalMinor = approved?._sum.amountMinor ?? 0n;
  const leftOut = sums.filter((row) => row.status === "excluded" || row.status === "voided").reduce((sum, row) => sum + row._count._all, 0);
  const nobody = approvedCount === 0;
  assertRunTransition("planned", nobody ? "voided" : "approved");
  await db.$transaction(async (tx) => {
    const moved = await tx.payoutRun.updateMany({
      where: { shop, id: run.id, status: "planned", approvedBy: { not: null } },
      data: nobody
        ? { status: "voided", voidedAt: now, voidedBy: "system", voidReason: "Nobody was left to pay when the run was approved (see each creator's reason).", totalMinor: 0n, itemCount: 0, excludedCount: leftOut, version: { increment: 1 } }
        : { status: "approved", totalMinor, itemCount: approvedCount, excludedCount: leftOut, version: { increment: 1 } },
    });
    if (moved.count !== 1) return; // finished by a concurrent call
    await recordAuditEvent(tx, {
      shop,
      actor: run.approvedBy ?? "system",
      action: nobody ? "payout_run.voided" : "payout_run.approved",
      subjectType: "payout_run",
      subjectId: run.id,
      reason: run.approvalRule,
      details: {
        approvedBy: run.approvedBy,
        approvedAt: run.approvedAt?.toISOString() ?? null,
        approvalRule: run.approvalRule,
        total: formatMoney({ amountMinor: totalMinor, currency: run.currency }),
        totalMinor: totalMinor.toString(),
        creatorsPaid: approvedCount,
        creatorsLeftOut: leftOut,
      },
    });
  });
  return (await findPayoutRun(db, shop, run.id)) ?? run;
}
