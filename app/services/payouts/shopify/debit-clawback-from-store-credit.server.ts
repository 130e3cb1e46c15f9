/**
 * The merchant chooses to take a creator's clawbacks (commissions refunded after they were paid) back from the
 * creator's Shopify store credit, instead of waiting to deduct them from the next payout. Only clawbacks move: the
 * recovered lines are create-payout's (planPayout: commissions with net < paid), recorded as a Payout of the negative
 * total with one `payout` ledger row per commission (LedgerEntry.payoutId), so those commissions are square and the
 * clawbacks no longer carry over. An AuditEvent says who did it and Shopify's transaction id.
 *
 * Order of work: lock the commissions and insert the Payout (its requestKey makes a double click one debit: the second
 * insert waits on the unique key and then fails), debit Shopify, then write the ledger and commit. A refused debit
 * (INSUFFICIENT_FUNDS…) rolls everything back and is answered in the merchant's words. The database transaction is
 * held across the one Shopify call on purpose: it is what keeps a concurrent payout from paying these commissions.
 */
import type { Database } from "../../../db.server";
import type { LedgerEvent } from "../../../domain/ledger";
import { formatDecimalAmount, formatMoney } from "../../../domain/money";
import { planPayout } from "../../../domain/payouts";
import type { Payout } from "../../../generated/prisma/client";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { lockOwedCommissions } from "../../../repositories/commission-repository.server";
import { isUniqueViolation } from "../../../repositories/is-unique-violation.server";
import { findPayoutByRequestKey } from "../../../repositories/payout-repository.server";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { debitStoreCredit } from "../../../shopify/store-credit.server";
import { applyLedgerEvents } from "../../orders-commissions/commission-ledger.server";
import { describeStoreCreditError } from "./describe-shopify-payout-error";

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
  | { ok: false; status: 400 | 404 | 422; message: string };

class Refused extends Error {
  constructor(readonly status: 400 | 422, message: string) {
    super(message);
  }
}

export async function debitClawbackFromStoreCredit(request: DebitClawbackRequest): Promise<DebitClawbackResult> {
  const { db, shop, now } = request;
  if (request.requestKey.trim() === "") return { ok: false, status: 400, message: "The form lost its one-time key. Reload the page and try again." };
  const existing = await findPayoutByRequestKey(db, shop, request.requestKey);
  if (existing) return { ok: true, outcome: "already_recorded", payout: existing };
  const creator = await db.creator.findFirst({ where: { shop, id: request.creatorId }, select: { id: true, name: true, shopifyCustomerId: true } });
  if (!creator) return { ok: false, status: 404, message: "This creator does not exist in this shop. Reload the page." };
  if (!creator.shopifyCustomerId) {
    return { ok: false, status: 422, message: `${creator.name} has no Shopify customer with store credit. Deduct the clawbacks from their next payout instead.` };
  }
  const customerId = creator.shopifyCustomerId;

  try {
    const payout = await db.$transaction(async (tx) => {
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
      const debit = await debitStoreCredit(request.admin, { customerId, amount: { amount: formatDecimalAmount(clawback), currencyCode: currency } });
      if (!debit.ok) {
        const error = debit.userErrors[0] ?? { field: null, message: "Shopify refused the debit without saying why.", code: null };
        throw new Refused(422, describeStoreCreditError(error, { payCurrency: currency, creatorName: creator.name }));
      }
      const recovered = new Set(plan.recovered.map((line) => line.commissionId));
      for (const commission of sameCurrency.filter((candidate) => recovered.has(candidate.id))) {
        const event: LedgerEvent = { type: "payout_paid", eventId: `payout:${created.id}`, payoutId: created.id };
        await applyLedgerEvents(tx, { shop, actor: request.actor, payoutId: created.id }, commission, [event], now, true);
      }
      await recordAuditEvent(tx, {
        shop,
        actor: request.actor,
        action: "payout.clawback_debited_from_store_credit",
        subjectType: "payout",
        subjectId: created.id,
        details: {
          creatorId: creator.id,
          amount: formatMoney(clawback),
          amountMinor: clawbackMinor.toString(),
          storeCreditTransactionId: debit.transaction.id,
          balanceAfter: `${debit.transaction.balanceAfterTransaction.amount} ${debit.transaction.balanceAfterTransaction.currencyCode}`,
          recovered: plan.recovered.map((line) => line.commissionId),
        },
      });
      return tx.payout.update({ where: { id: created.id }, data: { reference: debit.transaction.id } });
    });
    return { ok: true, outcome: "debited", payout };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, status: error.status, message: error.message };
    if (!isUniqueViolation(error)) throw error;
    const first = await findPayoutByRequestKey(db, shop, request.requestKey);
    if (first) return { ok: true, outcome: "already_recorded", payout: first };
    throw error;
  }
}
