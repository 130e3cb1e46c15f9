/** Queries for orders, commissions, ledger entries and deferred refunds; always scoped by shop. */
import type { Prisma } from "../generated/prisma/client";

type Client = Prisma.TransactionClient;

/**
 * Serialises everything that changes one order's money (its order webhooks and its refunds) for the rest of the
 * transaction, so a refund that is being deferred and the order that would pick it up cannot miss each other.
 */
export async function lockOrderForUpdate(tx: Client, shop: string, shopifyOrderLegacyId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${shop}/order/${shopifyOrderLegacyId}`}, 0))::text AS locked`;
}

/**
 * Serialises everything that reads or adds to one creator's tier revenue (accruals, conversions, order edits and
 * the re-tiering that follows a late order) for the rest of the transaction, so two orders of one creator
 * processed at once cannot both miss each other. Taken after the order lock, never before it.
 */
export async function lockCreatorTierRevenue(tx: Client, shop: string, creatorId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${shop}/creator-tiers/${creatorId}`}, 0))::text AS locked`;
}

/**
 * Locks and reads the creator's commissions on orders placed after `placedAfter`: the ones a late earlier order may
 * re-tier. Rows are locked in id order, like a payout locks them (lockOwedCommissions), so the two never deadlock
 * and a payout cannot pay a commission while it is being re-tiered.
 */
export async function lockCommissionsPlacedAfter(tx: Client, shop: string, creatorId: string, placedAfter: Date) {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Commission"
    WHERE shop = ${shop} AND "creatorId" = ${creatorId} AND "orderCreatedAt" > ${placedAfter}
    ORDER BY id
    FOR UPDATE`;
  if (rows.length === 0) return [];
  return tx.commission.findMany({ where: { shop, id: { in: rows.map((row) => row.id) } }, orderBy: [{ orderCreatedAt: "asc" }, { id: "asc" }] });
}

export function findOrderByLegacyId(tx: Client, shop: string, shopifyOrderLegacyId: string) {
  return tx.attributedOrder.findFirst({ where: { shop, shopifyOrderLegacyId } });
}

export function findOrder(tx: Client, shop: string, shopifyOrderId: string) {
  return tx.attributedOrder.findUnique({ where: { shop_shopifyOrderId: { shop, shopifyOrderId } } });
}

export function findOrderCommissions(tx: Client, shop: string, shopifyOrderId: string) {
  return tx.commission.findMany({ where: { shop, shopifyOrderId }, orderBy: { createdAt: "asc" } });
}

/**
 * Creators who could match the order's signals: by code, or by ref token (both case-insensitive, like checkout),
 * or by id (the creator a customer was referred by). Codes come with their status history, deleted ones included:
 * attribution goes by a code's status when the order was placed (decideAttribution).
 */
export function findCandidateCreators(tx: Client, shop: string, codes: readonly string[], refTokens: readonly string[], creatorIds: readonly string[] = []) {
  return tx.creator.findMany({
    where: {
      shop,
      OR: [
        { codes: { some: { shop, codeNormalized: { in: codes.map((code) => code.toUpperCase()) } } } },
        { refToken: { in: [...refTokens], mode: "insensitive" } },
        { id: { in: [...creatorIds] } },
      ],
    },
    include: {
      codes: {
        where: { shop },
        select: { code: true, status: true, statusChanges: { where: { shop }, select: { status: true, since: true } } },
      },
    },
  });
}

export function findDeferredEvents(tx: Client, shop: string, shopifyOrderLegacyId: string) {
  return tx.deferredOrderEvent.findMany({ where: { shop, shopifyOrderLegacyId }, orderBy: { createdAt: "asc" } });
}

export function deleteDeferredEvents(tx: Client, shop: string, shopifyOrderLegacyId: string) {
  return tx.deferredOrderEvent.deleteMany({ where: { shop, shopifyOrderLegacyId } });
}

/**
 * Claims up to `limit` pending commissions whose order is older than `orderedBefore` and that have something to
 * approve, locking them for the transaction. SKIP LOCKED lets two approval jobs run at once without waiting on
 * (or approving) each other's rows.
 */
export async function claimDueCommissionIds(tx: Client, shop: string, orderedBefore: Date, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Commission"
    WHERE shop = ${shop} AND status = 'pending' AND "netMinor" > 0 AND "orderCreatedAt" <= ${orderedBefore}
    ORDER BY "orderCreatedAt", id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
  return rows.map((row) => row.id);
}

/** Locks one creator's commissions that still owe or are owed money, so two payouts cannot pay the same one. */
export async function lockOwedCommissions(tx: Client, shop: string, creatorId: string) {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Commission"
    WHERE shop = ${shop} AND "creatorId" = ${creatorId} AND "netMinor" <> "paidMinor"
    ORDER BY id
    FOR UPDATE`;
  if (rows.length === 0) return [];
  return tx.commission.findMany({ where: { shop, id: { in: rows.map((row) => row.id) } }, orderBy: { orderCreatedAt: "asc" } });
}

/**
 * The creator a customer was linked to for life (POST /api/v1/customers), whichever way the caller spelled the
 * customer: the Shopify gid or its numeric id.
 */
export async function findCustomerReferrer(tx: Client, shop: string, customerGid: string | null): Promise<string | null> {
  if (customerGid === null) return null;
  const numeric = customerGid.replace(/^gid:\/\/shopify\/Customer\//, "");
  const referral = await tx.customerReferral.findFirst({ where: { shop, customerId: { in: [customerGid, numeric] } }, select: { creatorId: true } });
  return referral?.creatorId ?? null;
}
