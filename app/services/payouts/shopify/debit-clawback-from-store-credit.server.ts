/**
 * The merchant chooses to take a creator's clawbacks (commissions refunded after they were paid) back from the
 * creator's Shopify store credit, instead of waiting to deduct them from the next payout. Only clawbacks move: the
 * recovered lines are create-payout's (planPayout: commissions with net < paid), recorded as a Payout of the negative
 * total with one `payout` ledger row per commission (LedgerEntry.payoutId), so those commissions are square and the
 * clawbacks no longer carry over. An AuditEvent says who did it and Shopify's transaction id.
 *
 * Crash-safe like the payout providers: the intent is committed before Shopify is asked, and Shopify is asked what it
 * already did before it is asked to debit.
 * 1. Intent (one transaction): lock the commissions, insert the Payout (reference null: "debit not confirmed yet"; its
 *    requestKey makes a double click one debit) and its ledger rows, commit. From here no payout run or manual payout
 *    can deduct these clawbacks a second time, even if the process dies.
 * 2. Look up: Shopify takes no idempotency key for storeCreditAccountDebit, so the customer's debit transactions since
 *    the intent are read back: one of exactly this amount that no other payout stands for → it is this debit (a crash
 *    after Shopify debited); none → debit now; several → stop and ask a person (never debit twice).
 * 3. Record Shopify's transaction id as the Payout's reference (conditional on reference null) and the audit event.
 * A refused debit (INSUFFICIENT_FUNDS…) voids the intent (the clawbacks are owed again) and is answered in the
 * merchant's words. An unfinished intent (a crash, a lost answer) is finished by the creator's next debit request.
 */
import type { Database } from "../../../db.server";
import type { LedgerEvent } from "../../../domain/ledger";
import { formatDecimalAmount, formatMoney, parseDecimalAmount } from "../../../domain/money";
import { planPayout } from "../../../domain/payouts";
import type { Payout } from "../../../generated/prisma/client";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { lockOwedCommissions } from "../../../repositories/commission-repository.server";
import { isUniqueViolation } from "../../../repositories/is-unique-violation.server";
import { findPayoutByRequestKey } from "../../../repositories/payout-repository.server";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { debitStoreCredit, readStoreCreditAccounts } from "../../../shopify/store-credit.server";
import { applyLedgerEvents } from "../../orders-commissions/commission-ledger.server";
import { voidPayout } from "../void-payout.server";
import { describeStoreCreditError } from "./describe-shopify-payout-error";

/** How far before the intent a debit may carry its timestamp (Shopify's clock vs ours). */
export const DEBIT_LOOKUP_CLOCK_SKEW_MS = 5 * 60_000;

export type DebitClawbackRequest = {
  db: Database;
  admin: AdminGraphqlClient;
  shop: string;
  actor: string;
  creatorId: string;
  /** The form's one-time key. */
  requestKey: string;
  now: Date;
};

export type DebitClawbackResult =
  | { ok: true; outcome: "debited" | "already_recorded"; payout: Payout }
  | { ok: false; status: 400 | 404 | 409 | 422; message: string };

class Refused extends Error {
  constructor(readonly status: 400 | 422, message: string) {
    super(message);
  }
}

export async function debitClawbackFromStoreCredit(request: DebitClawbackRequest): Promise<DebitClawbackResult> {
  const { db, shop } = request;
  if (request.requestKey.trim() === "") return { ok: false, status: 400, message: "The form lost its one-time key. Reload the page and try again." };
  const existing = await findPayoutByRequestKey(db, shop, request.requestKey);
  if (existing?.voidedAt) return { ok: false, status: 422, message: existing.voidReason ?? "This debit was refused. Reload the page." };
  if (existing?.reference) return { ok: true, outcome: "already_recorded", payout: existing };
  const creator = await db.creator.findFirst({ where: { shop, id: request.creatorId }, select: { id: true, name: true, shopifyCustomerId: true } });
  if (!creator) return { ok: false, status: 404, message: "This creator does not exist in this shop. Reload the page." };
  if (!creator.shopifyCustomerId) {
    return { ok: false, status: 422, message: `${creator.name} has no Shopify customer with store credit. Deduct the clawbacks from their next payout instead.` };
  }
  const target = { ...creator, customerId: creator.shopifyCustomerId };

  // An unfinished debit of this creator (a crash or a lost answer) is finished before anything new is planned.
  const unfinished = existing ?? (await findUnfinishedDebit(db, shop, creator.id));
  let intent: Payout;
  if (unfinished) {
    intent = unfinished;
  } else {
    try {
      intent = await recordDebitIntent(request, creator);
    } catch (error) {
      if (error instanceof Refused) return { ok: false, status: error.status, message: error.message };
      if (!isUniqueViolation(error)) throw error;
      const first = await findPayoutByRequestKey(db, shop, request.requestKey);
      if (!first) throw error;
      if (first.reference) return { ok: true, outcome: "already_recorded", payout: first };
      intent = first;
    }
  }
  return finishDebit(request, target, intent);
}

/** A clawback debit whose intent was committed but whose Shopify transaction was never recorded. */
function findUnfinishedDebit(db: Database, shop: string, creatorId: string): Promise<Payout | null> {
  return db.payout.findFirst({
    where: { shop, creatorId, method: "store_credit", runItemId: null, amountMinor: { lt: 0n }, reference: null, voidedAt: null },
    orderBy: { createdAt: "asc" },
  });
}

async function recordDebitIntent(request: DebitClawbackRequest, creator: { id: string; name: string }): Promise<Payout> {
  const { db, shop, now } = request;
  return db.$transaction(async (tx) => {
    const commissions = await lockOwedCommissions(tx, shop, creator.id);
    const currency = commissions.find((commission) => commission.netMinor < commission.paidMinor)?.currency;
    if (!currency) throw new Refused(422, `${creator.name} has no clawbacks to recover.`);
    const sameCurrency = commissions.filter((commission) => commission.currency === currency);
    const plan = planPayout(sameCurrency, currency, 0n);
    const clawbackMinor = -plan.recovered.reduce((sum, line) => sum + line.amountMinor, 0n);
    const clawback = { amountMinor: clawbackMinor, currency };
    const created = await tx.payout.create({
      data: {
        shop, creatorId: creator.id, currency, amountMinor: -clawbackMinor, commissionCount: plan.recovered.length,
        method: "store_credit", note: `Clawbacks of ${formatMoney(clawback)} debited from store credit`,
        createdBy: request.actor, requestKey: request.requestKey, createdAt: now,
      },
    });
    const recovered = new Set(plan.recovered.map((line) => line.commissionId));
    for (const commission of sameCurrency.filter((candidate) => recovered.has(candidate.id))) {
      const event: LedgerEvent = { type: "payout_paid", eventId: `payout:${created.id}`, payoutId: created.id };
      await applyLedgerEvents(tx, { shop, actor: request.actor, payoutId: created.id }, commission, [event], now, true);
    }
    return created;
  });
}

type DebitTarget = { id: string; name: string; customerId: string };

async function finishDebit(request: DebitClawbackRequest, creator: DebitTarget, intent: Payout): Promise<DebitClawbackResult> {
  const { db, shop, now } = request;
  const clawback = { amountMinor: -intent.amountMinor, currency: intent.currency };
  const found = await findShopifyDebits(request, creator, intent);
  if (found.length > 1) {
    return {
      ok: false, status: 409,
      message: `${creator.name}'s store credit shows ${found.length} debits of ${formatMoney(clawback)} since this one started (${found.map((debit) => debit.createdAt).join(", ")}); ` +
        "Affable cannot tell which one is this clawback, so it debits nothing more. Check the customer's store credit in Shopify, then void this clawback payout if no debit belongs to it.",
    };
  }
  let transaction: { id: string; balanceAfter: string | null };
  if (found[0]) {
    transaction = { id: found[0].id, balanceAfter: null };
  } else {
    const debit = await debitStoreCredit(request.admin, { customerId: creator.customerId, amount: { amount: formatDecimalAmount(clawback), currencyCode: clawback.currency } });
    if (!debit.ok) {
      const error = debit.userErrors[0] ?? { field: null, message: "Shopify refused the debit without saying why.", code: null };
      const message = describeStoreCreditError(error, { payCurrency: clawback.currency, creatorName: creator.name });
      const voided = await voidPayout({ db, shop, actor: "system:shopify", payoutId: intent.id, reason: message, now });
      if (!voided.ok && voided.status !== 409) throw new Error(`Could not void the refused clawback debit ${intent.id}: ${voided.message}`);
      return { ok: false, status: 422, message };
    }
    const after = debit.transaction.balanceAfterTransaction;
    transaction = { id: debit.transaction.id, balanceAfter: `${after.amount} ${after.currencyCode}` };
  }
  const payout = await db.$transaction(async (tx) => {
    const marked = await tx.payout.updateMany({ where: { shop, id: intent.id, reference: null, voidedAt: null }, data: { reference: transaction.id } });
    if (marked.count === 1) {
      await recordAuditEvent(tx, {
        shop,
        actor: intent.createdBy,
        action: "payout.clawback_debited_from_store_credit",
        subjectType: "payout",
        subjectId: intent.id,
        details: {
          creatorId: creator.id,
          amount: formatMoney(clawback),
          amountMinor: clawback.amountMinor.toString(),
          storeCreditTransactionId: transaction.id,
          balanceAfter: transaction.balanceAfter,
          foundAfterRestart: transaction.balanceAfter === null,
        },
      });
    }
    return tx.payout.findUniqueOrThrow({ where: { shop_id: { shop, id: intent.id } } });
  });
  return { ok: true, outcome: "debited", payout };
}

/** Shopify's debits of exactly this amount since the intent that no other payout of the shop stands for. */
async function findShopifyDebits(request: DebitClawbackRequest, creator: DebitTarget, intent: Payout) {
  const { db, shop, now } = request;
  const since = new Date(intent.createdAt.getTime() - DEBIT_LOOKUP_CLOCK_SKEW_MS);
  const accounts = (await readStoreCreditAccounts(request.admin, creator.customerId, intent.currency, since)) ?? [];
  const candidates = accounts
    .flatMap((account) => account.debits)
    .filter((debit) => debit.amount.currencyCode === intent.currency)
    .filter((debit) => parseDecimalAmount(debit.amount.amount.replace(/^-/, ""), intent.currency).amountMinor === -intent.amountMinor)
    .filter((debit) => Date.parse(debit.createdAt) <= Math.max(now.getTime(), intent.createdAt.getTime()) + DEBIT_LOOKUP_CLOCK_SKEW_MS);
  if (candidates.length === 0) return [];
  const claimed = await db.payout.findMany({
    where: { shop, reference: { in: candidates.map((debit) => debit.id) }, id: { not: intent.id } },
    select: { reference: true },
  });
  const taken = new Set(claimed.map((row) => row.reference));
  return candidates.filter((debit) => !taken.has(debit.id));
}
