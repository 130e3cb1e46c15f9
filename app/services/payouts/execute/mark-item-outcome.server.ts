/**
 * A person says what happened to one payout run item: resolves an item that needs review (the provider's answer was
 * ambiguous) or marks an item paid outside Affable (manual, bank files) as paid or failed. Applied through
 * applyItemReport, so it follows THE item transition table, voids the Payout of a failed item (commissions owed
 * again) and emails the statement of a paid one. A final item (paid, failed, voided, left out) answers 409.
 */
import { z } from "zod";
import type { Database } from "../../../db.server";
import { FINAL_ITEM_STATUSES } from "../../../domain/payouts/payout-run-transitions";
import type { Mailer } from "../../../email/mailer.server";
import type { PayoutRunItem } from "../../../generated/prisma/client";
import { applyItemReportWithResult } from "./apply-item-report.server";

/** Methods whose submitted items wait for the merchant's mark (nothing tells Affable whether they were paid). */
export const MARKED_BY_MERCHANT_METHODS = ["manual", "sepa_file", "wise_file", "csv_file"] as const;

export const markItemOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("paid"),
    reason: z.string().trim().max(500, "Keep the note under 500 characters.").optional().default(""),
  }),
  z.object({
    outcome: z.literal("failed"),
    reason: z
      .string({ error: "Say why the payment failed (for example “the bank returned it: account closed”)." })
      .trim()
      .min(1, "Say why the payment failed (for example “the bank returned it: account closed”); the creator sees it.")
      .max(500, "Keep the reason under 500 characters."),
  }),
], { error: "Choose whether the payout was paid or failed (outcome: paid or failed)." });

export type MarkItemOutcomeResult = { ok: true; item: PayoutRunItem } | { ok: false; status: 400 | 404 | 409; message: string };

export interface MarkItemOutcomeOptions {
  now?: Date;
  /** The route's run id: an item of another run answers 404. */
  runId?: string;
  mailer?: Mailer | null;
}

export async function markItemOutcome(
  db: Database,
  shop: string,
  itemId: string,
  outcome: unknown,
  reason: unknown,
  actor: string,
  options: MarkItemOutcomeOptions = {},
): Promise<MarkItemOutcomeResult> {
  const now = options.now ?? new Date();
  const parsed = markItemOutcomeSchema.safeParse({ outcome, reason: reason ?? undefined });
  if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  const item = await db.payoutRunItem.findFirst({ where: { shop, id: itemId, ...(options.runId === undefined ? {} : { runId: options.runId }) } });
  if (item === null) return { ok: false, status: 404, message: "This payout does not exist in this run. Go back to the run and pick one from its list." };
  if (FINAL_ITEM_STATUSES.includes(item.status)) {
    return { ok: false, status: 409, message: `This payout is already ${describeFinal(item.status)}${item.finishedAt ? ` (since ${item.finishedAt.toISOString().slice(0, 10)})` : ""}. Nothing changed.` };
  }
  const markable = item.status === "needs_review" || (item.status === "submitted" && (MARKED_BY_MERCHANT_METHODS as readonly string[]).includes(item.method ?? ""));
  if (!markable) {
    return {
      ok: false,
      status: 409,
      message:
        item.status === "submitted"
          ? "This payout is with the payment provider, which reports the result itself. Mark it only if it needs review."
          : "This payout has not been handed over yet. Wait for the payout job to send it, then mark it.",
    };
  }
  const { reason: note } = parsed.data;
  const providerStatus = parsed.data.outcome === "paid" ? "marked_paid" : "marked_failed";
  const report =
    parsed.data.outcome === "paid"
      ? { itemId, outcome: "succeeded" as const, providerItemId: item.providerItemId, providerStatus }
      : { itemId, outcome: "failed" as const, providerItemId: item.providerItemId, providerStatus, reason: note };
  const applied = await applyItemReportWithResult(db, shop, report, now, actor, { mailer: options.mailer, note: note || null });
  const target = parsed.data.outcome === "paid" ? "succeeded" : "failed";
  const after = await db.payoutRunItem.findFirstOrThrow({ where: { shop, id: itemId } });
  if (!applied.changed || after.status !== target) {
    return { ok: false, status: 409, message: `This payout changed meanwhile and is now ${describeFinal(after.status)}. Reload the run to see it.` };
  }
  return { ok: true, item: after };
}

function describeFinal(status: string): string {
  return { succeeded: "paid", failed: "failed", voided: "voided", excluded: "left out of the run" }[status] ?? status.replace("_", " ");
}
