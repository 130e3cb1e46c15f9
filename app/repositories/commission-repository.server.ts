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

export function findOrderByLegacyId(tx: Client, shop: string, shopifyOrderLegacyId: string) {
  return tx.attributedOrder.findFirst({ where: { shop, shopifyOrderLegacyId } });
}

export function findOrder(tx: Client, shop: string, shopifyOrderId: string) {
  return tx.attributedOrder.findUnique({ where: { shop_shopifyOrderId: { shop, shopifyOrderId } } });
}

export function findOrderCommissions(tx: Client, shop: string, shopifyOrderId: string) {
  return tx.commission.findMany({ where: { shop, shopifyOrderId }, orderBy: { createdAt: "asc" } });
}

/** Creators who could match the order's signals: by code, or by ref token (both case-insensitive, like checkout). */
export function findCandidateCreators(tx: Client, shop: string, codes: readonly string[], refTokens: readonly string[]) {
  return tx.creator.findMany({
    where: {
      shop,
      OR: [
        { codes: { some: { shop, codeNormalized: { in: codes.map((code) => code.toUpperCase()) } } } },
        { refToken: { in: [...refTokens], mode: "insensitive" } },
      ],
    },
    include: { codes: { where: { shop }, select: { code: true } } },
  });
}

export function findDeferredEvents(tx: Client, shop: string, shopifyOrderLegacyId: string) {
  return tx.deferredOrderEvent.findMany({ where: { shop, shopifyOrderLegacyId }, orderBy: { createdAt: "asc" } });
}

export function deleteDeferredEvents(tx: Client, shop: string, shopifyOrderLegacyId: string) {
  return tx.deferredOrderEvent.deleteMany({ where: { shop, shopifyOrderLegacyId } });
}
