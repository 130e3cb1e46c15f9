/**
 * Voids a payout recorded by mistake (wrong creator, wrong amount, never actually sent). Nothing is deleted or
 * edited in the ledger: for every commission the payout paid (or recovered a clawback on), a `payout_voided` event
 * appends a payout row of the opposite sign, so the creator is owed exactly what they were owed before, and a paid
 * commission becomes approved again (paid → approved in the transition table). The Payout row is kept and marked
 * voided (who, when, why); an AuditEvent records the same. The conditional update on `voidedAt IS NULL` is the
 * guard: of two voids at once, one marks the row and the other finds it already voided (409).
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import type { LedgerEvent } from "../../domain/ledger";
import { formatMoney } from "../../domain/money";
import type { Payout, Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { applyLedgerEvents } from "../orders-commissions/commission-ledger.server";

export type VoidPayoutRequest = {
  db: Database;
  shop: string;
  actor: string;
  payoutId: string;
  reason: string;
  now: Date;
};

export type VoidPayoutResult =
  | { ok: true; payout: Payout; commissionIds: string[] }
  | { ok: false; status: 400 | 404 | 409; message: string };

export const voidReasonSchema = z
  .string()
  .trim()
  .min(1, "Give a reason for voiding this payout (for example “paid the wrong PayPal account”).")
  .max(500, "Keep the reason under 500 characters.");

class VoidRefused extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

export async function voidPayout(request: VoidPayoutRequest): Promise<VoidPayoutResult> {
  const { db, shop, now } = request;
  const reason = voidReasonSchema.safeParse(request.reason);
  if (!reason.success) return { ok: false, status: 400, message: reason.error.issues.map((issue) => issue.message).join(" ") };
  try {
    return await db.$transaction(async (tx) => {
      const marked = await tx.payout.updateMany({
        where: { shop, id: request.payoutId, voidedAt: null },
        data: { voidedAt: now, voidedBy: request.actor, voidReason: reason.data },
      });
      if (marked.count !== 1) {
        const existing = await tx.payout.findUnique({ where: { shop_id: { shop, id: request.payoutId } } });
        if (existing === null) throw new VoidRefused(404, "This payout does not exist in this shop. Go back to Payouts and pick one from the history.");
        throw new VoidRefused(409, `This payout was already voided${existing.voidedBy ? ` by ${existing.voidedBy}` : ""}${existing.voidedAt ? ` on ${existing.voidedAt.toISOString().slice(0, 10)}` : ""}. Nothing changed.`);
      }
      const payout = await tx.payout.findUniqueOrThrow({ where: { shop_id: { shop, id: request.payoutId } } });
      const paidByCommission = await sumPayoutRowsByCommission(tx, shop, payout.id);
      const commissionIds = [...paidByCommission.keys()].sort();
      // Lock the commissions (in a fixed order) so a concurrent payout or refund waits for the void.
      if (commissionIds.length > 0) {
        await tx.$queryRaw`SELECT id FROM "Commission" WHERE shop = ${shop} AND id = ANY(${commissionIds}) ORDER BY id FOR UPDATE`;
      }
      const commissions = await tx.commission.findMany({ where: { shop, id: { in: commissionIds } }, orderBy: { id: "asc" } });
      for (const commission of commissions) {
        const event: LedgerEvent = {
          type: "payout_voided",
          eventId: `payout_void:${payout.id}`,
          payoutId: payout.id,
          amount: { amountMinor: paidByCommission.get(commission.id) ?? 0n, currency: commission.currency },
          reason: reason.data,
        };
        await applyLedgerEvents(tx, { shop, actor: request.actor, payoutId: payout.id }, commission, [event], now, true);
      }
      await recordAuditEvent(tx, {
        shop,
        actor: request.actor,
        action: "payout.voided",
        subjectType: "payout",
        subjectId: payout.id,
        reason: reason.data,
        details: {
          creatorId: payout.creatorId,
          amount: formatMoney({ amountMinor: payout.amountMinor, currency: payout.currency }),
          amountMinor: payout.amountMinor.toString(),
          method: payout.method,
          reference: payout.reference,
          commissionIds,
        },
      });
      return { ok: true as const, payout, commissionIds };
    });
  } catch (error) {
    if (error instanceof VoidRefused) return { ok: false, status: error.status, message: error.message };
    throw error;
  }
}

/** What the payout's own rows (sourceKey payout:<id>) moved on each commission. */
async function sumPayoutRowsByCommission(tx: Prisma.TransactionClient, shop: string, payoutId: string): Promise<Map<string, bigint>> {
  const rows = await tx.ledgerEntry.groupBy({
    by: ["commissionId"],
    where: { shop, payoutId, kind: "payout", sourceKey: `payout:${payoutId}` },
    _sum: { amountMinor: true },
  });
  return new Map(rows.map((row) => [row.commissionId, row._sum.amountMinor ?? 0n]));
}
