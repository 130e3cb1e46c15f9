/**
 * Applies what a provider (or a person) says about one payout run item: the payout job's submit and status sync,
 * PayPal's webhooks (h3) and the merchant's "mark paid / failed" (bank files, manual) all come through here.
 *
 * - Idempotent: the item moves only along THE item transition table (decideItemReport), in an UPDATE … WHERE
 *   status = <read> AND version = <read>; a duplicate or stale report changes nothing (SUCCEEDED after RETURNED never
 *   un-fails an item). Losing a race re-reads the item and decides again.
 * - failed (also succeeded → failed for PayPal RETURNED / REVERSED): the reason is stored on the item and the item's
 *   Payout is voided with it (void-payout.server.ts), so its commissions are owed again and enter the next run.
 *   The void runs after the item's change commits; if the process dies in between, the next report of the same
 *   failure (a webhook retry, the job's check of failed items) voids it then: voidPayout refuses a second void.
 * - succeeded: finishedAt, the provider's id as the Payout's reference, and the creator's statement email (sent once).
 * - succeeded → failed after the statement went out: the creator is emailed once that the payment came back and is
 *   owed again (send-payout-returned-email.server.ts).
 * - every final change (and needs review): an audit event, and an outbound webhook (payout.paid / payout.failed), in the
 *   same transaction as the change.
 */
import type { Database } from "../../../db.server";
import { assertItemTransition, type PayoutItemStatusName } from "../../../domain/payouts/payout-run-transitions";
import { formatMoney } from "../../../domain/money";
import type { Mailer } from "../../../email/mailer.server";
import { sendPayoutReturnedEmail } from "../../../email/send-payout-returned-email.server";
import { sendPayoutStatementEmail } from "../../../email/send-payout-statement-email.server";
import type { PayoutRunItem, Prisma } from "../../../generated/prisma/client";
import { enqueueOutboundEvent } from "../../../outbound-webhooks/enqueue-outbound-event.server";
import { buildPayoutItemEventData } from "../../../outbound-webhooks/payout-item-event-data";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import type { ProviderItemReport } from "../providers/payout-provider";
import { voidPayout } from "../void-payout.server";
import { decideItemReport } from "./decide-item-report";
import { settlePayoutRunIfDone } from "./settle-payout-run.server";

export interface ApplyItemReportOptions {
  /** Tests pass a mailer; the app uses SMTP_URL's (or none). */
  mailer?: Mailer | null;
  /** A person's words kept with the change (needs-review resolution, a manual mark). */
  note?: string | null;
}

export type AppliedItemReport = { itemId: string; from: PayoutItemStatusName; to: PayoutItemStatusName; changed: boolean };

export class PayoutItemNotFoundError extends Error {
  override name = "PayoutItemNotFoundError";
}

/** The contract h3 (PayPal webhooks) and h5 (bank file marks) call. */
export async function applyItemReport(db: Database, shop: string, report: ProviderItemReport, now: Date, actor: string): Promise<void> {
  await applyItemReportWithResult(db, shop, report, now, actor);
}

const MAX_RACES = 5;

export async function applyItemReportWithResult(
  db: Database,
  shop: string,
  report: ProviderItemReport,
  now: Date,
  actor: string,
  options: ApplyItemReportOptions = {},
): Promise<AppliedItemReport> {
  for (let attempt = 1; ; attempt += 1) {
    const item = await db.payoutRunItem.findFirst({ where: { shop, id: report.itemId } });
    if (item === null) throw new PayoutItemNotFoundError(`No payout run item ${report.itemId} in ${shop}: the report was not applied.`);
    const path = decideItemReport(item.status, report.outcome);
    if (path.length === 0) {
      await refreshWithoutTransition(db, shop, item, report, now, actor, options);
      return { itemId: item.id, from: item.status, to: item.status, changed: false };
    }
    const updated = await db.$transaction((tx) => moveItem(tx, shop, item, path, report, now, actor, options));
    if (updated === null) {
      if (attempt >= MAX_RACES) throw new Error(`Payout run item ${item.id} kept changing under this report; it is applied by the next look-up.`);
      continue;
    }
    if (updated.status === "failed") {
      await voidItemPayout(db, shop, updated, now, actor);
      // Only a payout the creator was told was paid (succeeded → failed: PayPal RETURNED, REVERSED) needs this email.
      if (item.status === "succeeded") await sendPayoutReturnedEmail({ db, mailer: options.mailer }, shop, updated.id, now);
    }
    if (updated.status === "succeeded") await sendPayoutStatementEmail({ db, mailer: options.mailer }, shop, updated.id, now);
    if (updated.status === "succeeded" || updated.status === "failed" || updated.status === "needs_review") {
      await settlePayoutRunIfDone(db, shop, updated.runId, now, actor);
    }
    return { itemId: item.id, from: item.status, to: updated.status, changed: true };
  }
}

function providerFields(item: PayoutRunItem, report: ProviderItemReport) {
  if (report.outcome === "unknown" || report.outcome === "needs_review") return {};
  return {
    providerItemId: report.providerItemId ?? item.providerItemId,
    providerStatus: report.providerStatus,
    providerBatchId: report.providerBatchId ?? item.providerBatchId,
  };
}

async function moveItem(
  tx: Prisma.TransactionClient,
  shop: string,
  item: PayoutRunItem,
  path: PayoutItemStatusName[],
  report: ProviderItemReport,
  now: Date,
  actor: string,
  options: ApplyItemReportOptions,
): Promise<PayoutRunItem | null> {
  let from = item.status;
  for (const to of path) {
    assertItemTransition(from, to);
    from = to;
  }
  const target = path[path.length - 1] as PayoutItemStatusName;
  const data: Prisma.PayoutRunItemUpdateManyMutationInput = { status: target, version: { increment: 1 }, ...providerFields(item, report) };
  if (path.includes("submitting")) data.submittingAt = now;
  if (report.outcome === "succeeded") Object.assign(data, { finishedAt: now, failureReason: null });
  if (report.outcome === "failed") Object.assign(data, { finishedAt: now, failureReason: report.reason });
  if (report.outcome === "needs_review") data.reviewReason = report.reason;
  if (item.status === "needs_review") Object.assign(data, { resolvedAt: now, resolvedBy: actor });
  const moved = await tx.payoutRunItem.updateMany({ where: { shop, id: item.id, status: item.status, version: item.version }, data });
  if (moved.count !== 1) return null;
  const updated = await tx.payoutRunItem.findUniqueOrThrow({ where: { shop_id: { shop, id: item.id } } });

  if (target === "succeeded" && updated.payoutId !== null) {
    // The provider's id is the reference the merchant and creator look for in PayPal / Shopify.
    const reference = updated.providerItemId ?? updated.senderItemId;
    await tx.payout.updateMany({ where: { shop, id: updated.payoutId, reference: null }, data: { reference } });
  }
  if (target === "succeeded" || target === "failed") {
    await enqueueOutboundEvent(tx, { shop, type: target === "succeeded" ? "payout.paid" : "payout.failed", data: buildPayoutItemEventData(updated), now });
  }
  // "submitted" (the provider has it, not final) is a step of the job, not a decision: the run's audit covers it.
  if (target === "submitted") return updated;
  await recordAuditEvent(tx, {
    shop,
    actor,
    action: `payout_item.${target}`,
    subjectType: "payout_run_item",
    subjectId: item.id,
    reason: options.note ?? (report.outcome === "failed" || report.outcome === "needs_review" ? report.reason : null),
    details: {
      runId: item.runId,
      creatorId: item.creatorId,
      payoutId: item.payoutId,
      from: item.status,
      to: target,
      method: item.method,
      amount: formatMoney({ amountMinor: item.amountMinor, currency: item.currency }),
      providerItemId: updated.providerItemId,
      providerStatus: updated.providerStatus,
    },
  });
  return updated;
}

/**
 * A report that moves nothing: a submitted item's provider status may still change (PayPal PENDING → UNCLAIMED), and
 * a failed item whose Payout was not voided yet (the process died between the two) is voided now.
 */
async function refreshWithoutTransition(
  db: Database,
  shop: string,
  item: PayoutRunItem,
  report: ProviderItemReport,
  now: Date,
  actor: string,
  options: ApplyItemReportOptions,
): Promise<void> {
  if (report.outcome === "submitted" && item.status === "submitted") {
    const fields = providerFields(item, report);
    if (fields.providerStatus !== item.providerStatus || fields.providerItemId !== item.providerItemId || fields.providerBatchId !== item.providerBatchId) {
      await db.payoutRunItem.updateMany({ where: { shop, id: item.id, status: "submitted", version: item.version }, data: { ...fields, version: { increment: 1 } } });
    }
  }
  if (report.outcome === "failed" && item.status === "failed") {
    await voidItemPayout(db, shop, item, now, actor);
    // A repeated report finishes what a crash cut off; sent once (and only if a statement had gone out).
    await sendPayoutReturnedEmail({ db, mailer: options.mailer }, shop, item.id, now);
  }
  if (report.outcome === "succeeded" && item.status === "succeeded") await sendPayoutStatementEmail({ db, mailer: options.mailer }, shop, item.id, now);
}

/** Voids the failed item's Payout with the provider's reason (commissions owed again); a second void is refused (409). */
export async function voidItemPayout(db: Database, shop: string, item: Pick<PayoutRunItem, "id" | "payoutId" | "failureReason">, now: Date, actor: string): Promise<void> {
  if (item.payoutId === null) return;
  const payout = await db.payout.findFirst({ where: { shop, id: item.payoutId }, select: { voidedAt: true } });
  if (payout === null || payout.voidedAt !== null) return;
  const reason = (item.failureReason?.trim() || "The payment provider reported this payout as failed.").slice(0, 500);
  const result = await voidPayout({ db, shop, actor, payoutId: item.payoutId, reason, now });
  if (!result.ok && result.status !== 409) throw new Error(`Voiding the payout of failed item ${item.id} was refused: ${result.message}`);
}
