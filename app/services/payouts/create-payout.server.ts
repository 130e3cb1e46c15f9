/**
 * Records a payout the merchant made outside Affable (PayPal, bank transfer, store credit…) for one creator or
 * for every creator owed: the planner (app/domain/payouts) decides which approved commissions are paid and which
 * clawbacks are recovered, the ledger appends a payout row per commission (LedgerEntry.payoutId), and an
 * AuditEvent says who paid, how and why. Payout.requestKey (the form's one-time key) makes a double submit create
 * one payout: the second insert fails on the unique key and returns the first.
 */
import type { Database } from "../../db.server";
import type { LedgerEvent } from "../../domain/ledger";
import { formatMoney } from "../../domain/money";
import { planPayout, type PayoutMethod } from "../../domain/payouts";
import type { Payout } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { lockOwedCommissions } from "../../repositories/commission-repository.server";
import { sumOwedByCreator } from "../../repositories/payout-run-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";
import { findPayoutByRequestKey } from "../../repositories/payout-repository.server";
import { buildPayoutEventData } from "../../outbound-webhooks/commission-event-data";
import { enqueueOutboundEvent } from "../../outbound-webhooks/enqueue-outbound-event.server";
import { applyLedgerEvents } from "../orders-commissions/commission-ledger.server";

export type PayoutRequest = {
  db: Database;
  shop: string;
  actor: string;
  /** One creator, or "all" creators owed now. */
  creatorId: string | "all";
  method: PayoutMethod;
  reference?: string | null;
  note?: string | null;
  /** The form's one-time key. With "all", each creator's payout gets `<requestKey>/<creatorId>`. */
  requestKey: string;
  now: Date;
};

export type PayoutOutcome =
  | { creatorId: string; outcome: "created" | "already_recorded"; payout: Payout }
  | { creatorId: string; outcome: "not_payable"; reason: string };

export type CreatePayoutResult = { ok: true; outcomes: PayoutOutcome[] } | { ok: false; status: 400 | 404; message: string };

export async function createPayout(request: PayoutRequest): Promise<CreatePayoutResult> {
  const { db, shop } = request;
  if (request.requestKey.trim() === "") return { ok: false, status: 400, message: "The form lost its one-time key. Reload the page and record the payout again." };
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { minimumPayoutMinor: true, currency: true } });
  if (settings === null) return { ok: false, status: 400, message: "Set up your program in Settings before recording payouts." };

  if (request.creatorId !== "all") {
    const creator = await db.creator.findFirst({ where: { shop, id: request.creatorId }, select: { id: true } });
    if (creator === null) return { ok: false, status: 404, message: "This creator does not exist in this shop. Reload the payouts page." };
    return { ok: true, outcomes: [await payCreator(request, request.creatorId, request.requestKey, settings.minimumPayoutMinor)] };
  }
  // Who is owed anything, summed in SQL; each creator's commissions are read (and locked) only when paying them.
  const owed = await sumOwedByCreator(db, shop);
  const creatorIds = [...new Set(owed.map((row) => row.creatorId))].sort();
  const outcomes: PayoutOutcome[] = [];
  for (const creatorId of creatorIds) {
    outcomes.push(await payCreator(request, creatorId, `${request.requestKey}/${creatorId}`, settings.minimumPayoutMinor));
  }
  return { ok: true, outcomes };
}

class NotPayable extends Error {}

async function payCreator(request: PayoutRequest, creatorId: string, requestKey: string, minimumPayoutMinor: bigint): Promise<PayoutOutcome> {
  const { db, shop, now } = request;
  const existing = await findPayoutByRequestKey(db, shop, requestKey);
  if (existing !== null) return { creatorId, outcome: "already_recorded", payout: existing };
  try {
    const payout = await db.$transaction(async (tx) => {
      const commissions = await lockOwedCommissions(tx, shop, creatorId);
      const currency = commissions[0]?.currency ?? null;
      if (currency === null) throw new NotPayable("Nothing is owed to this creator.");
      const sameCurrency = commissions.filter((commission) => commission.currency === currency);
      const plan = planPayout(sameCurrency, currency, minimumPayoutMinor);
      if (!plan.payable) throw new NotPayable(plan.reason);
      // Inserted first: a concurrent double submit fails here on (shop, requestKey) before paying anything.
      const created = await tx.payout.create({
        data: {
          shop, creatorId, currency, amountMinor: plan.total.amountMinor,
          commissionCount: plan.paid.length + plan.recovered.length,
          method: request.method, reference: request.reference?.trim() || null, note: request.note?.trim() || null,
          createdBy: request.actor, requestKey, createdAt: now,
        },
      });
      const lineIds = new Set([...plan.paid, ...plan.recovered].map((line) => line.commissionId));
      for (const commission of sameCurrency.filter((candidate) => lineIds.has(candidate.id))) {
        const event: LedgerEvent = { type: "payout_paid", eventId: `payout:${created.id}`, payoutId: created.id };
        await applyLedgerEvents(tx, { shop, actor: request.actor, payoutId: created.id }, commission, [event], now, true);
      }
      await enqueueOutboundEvent(tx, { shop, type: "payout.created", data: buildPayoutEventData(created), now });
      await recordAuditEvent(tx, {
        shop,
        actor: request.actor,
        action: "payout.recorded",
        subjectType: "payout",
        subjectId: created.id,
        reason: request.note?.trim() || null,
        details: {
          creatorId,
          amount: formatMoney(plan.total),
          amountMinor: plan.total.amountMinor.toString(),
          method: request.method,
          reference: request.reference?.trim() || null,
          paid: plan.paid.map((line) => line.commissionId),
          recovered: plan.recovered.map((line) => line.commissionId),
        },
      });
      return created;
    });
    return { creatorId, outcome: "created", payout };
  } catch (error) {
    if (!(error instanceof NotPayable) && !isUniqueViolation(error)) throw error;
    // A double submit either hit the unique key or waited on the locks and then found nothing left to pay.
    const first = await findPayoutByRequestKey(db, shop, requestKey);
    if (first !== null) return { creatorId, outcome: "already_recorded", payout: first };
    if (error instanceof NotPayable) return { creatorId, outcome: "not_payable", reason: error.message };
    throw error;
  }
}
