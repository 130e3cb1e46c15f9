/**
 * The merchant's word on a bank file's items: "paid" (the bank or Wise sent it) or "failed, because …" (the bank
 * rejected or returned it). Each mark is an item report applied through the payout job's applyItemReport (h2's
 * contract): paid → the item succeeds (its Payout and `payout_paid` ledger rows stand); failed → the item fails, its
 * Payout is voided with the reason (a `payout_voided` ledger event), and the commissions are owed again. A transfer
 * returned after it was marked paid can still be marked failed (succeeded → failed in the transition table), but only
 * when that item is named: "mark all" leaves paid items alone.
 * One audit event records who marked what.
 */
import { z } from "zod";
import type { Database } from "../../../db.server";
import { canItemTransition, type PayoutItemStatusName } from "../../../domain/payouts/payout-run-transitions";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { applyItemReport } from "../execute/apply-item-report.server";
import type { ProviderItemReport } from "../providers/payout-provider";

export type ApplyItemReport = (db: Database, shop: string, report: ProviderItemReport, now: Date, actor: string) => Promise<void>;

export type MarkBankFileItemsRequest = {
  db: Database;
  shop: string;
  actor: string;
  runId: string;
  fileId: string;
  /** The items to mark, or "all" for every item of the file that is still awaiting a mark. */
  itemIds: readonly string[] | "all";
  outcome: unknown;
  reason?: unknown;
  now: Date;
  /** The payout job's applyItemReport; replaceable in tests of this service only. */
  applyReport?: ApplyItemReport;
};

export type MarkBankFileItemsResult =
  | { ok: true; marked: string[]; skipped: { itemId: string; why: string }[] }
  | { ok: false; status: 400 | 404; message: string };

const markSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("paid") }),
  z.object({
    outcome: z.literal("failed"),
    reason: z.string().trim().min(1, "Say why the transfer failed (for example “bank returned it: account closed”): the creator sees it.").max(500, "Keep the reason under 500 characters."),
  }),
]);

export async function markBankFileItems(request: MarkBankFileItemsRequest): Promise<MarkBankFileItemsResult> {
  const { db, shop, actor, runId, now } = request;
  const parsed = markSchema.safeParse({ outcome: request.outcome, reason: request.reason });
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => (issue.path[0] === "outcome" ? "Choose “Mark paid” or “Mark failed”." : issue.message)).join(" ");
    return { ok: false, status: 400, message };
  }
  const mark = parsed.data;
  const file = await db.payoutBankFile.findFirst({ where: { shop, runId, id: request.fileId }, select: { id: true, messageId: true, itemIds: true } });
  if (file === null) return { ok: false, status: 404, message: "This bank file does not exist in this run. Go back to the run and pick one of its files." };
  const inFile = new Set(file.itemIds);
  if (request.itemIds !== "all") {
    const stranger = request.itemIds.find((itemId) => !inFile.has(itemId));
    if (stranger !== undefined) return { ok: false, status: 400, message: `Item ${stranger} is not in ${file.messageId}: reload the page and mark the items listed there.` };
    if (request.itemIds.length === 0) return { ok: false, status: 400, message: "Pick at least one item to mark." };
  }
  const wanted = request.itemIds === "all" ? file.itemIds : [...new Set(request.itemIds)];
  const items = await db.payoutRunItem.findMany({ where: { shop, runId, id: { in: wanted } }, select: { id: true, status: true, senderItemId: true } });
  const itemBy = new Map(items.map((item) => [item.id, item]));
  const target: PayoutItemStatusName = mark.outcome === "paid" ? "succeeded" : "failed";
  const apply = request.applyReport ?? applyItemReport;

  const marked: string[] = [];
  const skipped: { itemId: string; why: string }[] = [];
  for (const itemId of wanted) {
    const item = itemBy.get(itemId);
    if (!item) {
      skipped.push({ itemId, why: "not found in this run" });
      continue;
    }
    if (item.status === target) {
      skipped.push({ itemId, why: mark.outcome === "paid" ? "already marked paid" : "already marked failed" });
      continue;
    }
    // A paid transfer becomes failed only when the merchant names it (the bank returned it), never by "mark all".
    if (request.itemIds === "all" && item.status === "succeeded") {
      skipped.push({ itemId, why: "already marked paid: mark it failed on its own row if the bank returned it" });
      continue;
    }
    // "Mark all paid" leaves items that are already final (or returned) alone rather than failing the whole batch.
    if (!canItemTransition(item.status, target)) {
      skipped.push({
        itemId,
        why: item.status === "failed" ? "it was marked failed; its commissions are owed again and go into the next run" : `it is ${item.status.replace("_", " ")} and cannot be marked ${mark.outcome} now`,
      });
      continue;
    }
    const report: ProviderItemReport =
      mark.outcome === "paid"
        ? { itemId, outcome: "succeeded", providerItemId: item.senderItemId, providerStatus: "marked_paid", providerBatchId: file.messageId }
        : { itemId, outcome: "failed", providerItemId: item.senderItemId, providerStatus: "marked_failed", providerBatchId: file.messageId, reason: mark.reason };
    await apply(db, shop, report, now, actor);
    marked.push(itemId);
  }
  if (marked.length > 0) {
    await recordAuditEvent(db, {
      shop, actor, action: mark.outcome === "paid" ? "payout_bank_file.items_marked_paid" : "payout_bank_file.items_marked_failed",
      subjectType: "payout_bank_file", subjectId: file.id, reason: mark.outcome === "failed" ? mark.reason : null,
      details: { runId, messageId: file.messageId, itemIds: marked },
    });
  }
  return { ok: true, marked, skipped };
}
