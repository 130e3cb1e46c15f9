/** Queries for creators' discount codes, always scoped by shop. */
import type { Database } from "../db.server";
import type { Prisma } from "../generated/prisma/client";

type Client = Pick<Prisma.TransactionClient, "discountCode" | "creator">;

export function findCreatorInShop(db: Client, shop: string, creatorId: string) {
  return db.creator.findUnique({ where: { shop_id: { shop, id: creatorId } } });
}

export function findCodeInShop(db: Client, shop: string, codeId: string) {
  return db.discountCode.findFirst({ where: { shop, id: codeId } });
}

/**
 * The live (not deleted) code with this text, if any: a deleted code frees its text (a partial unique index keeps
 * one live code per text; attribution tells a late order for the old holder apart by the codes' status histories).
 */
export function findCodeByText(db: Client, shop: string, code: string) {
  return db.discountCode.findFirst({ where: { shop, codeNormalized: code.toUpperCase(), status: { not: "deleted" } } });
}

export function listCreatorCodes(db: Database, shop: string, creatorId: string) {
  return db.discountCode.findMany({ where: { shop, creatorId, status: { not: "deleted" } }, orderBy: { createdAt: "asc" } });
}

export function listCreatorLinks(db: Database, shop: string, creatorId: string) {
  return db.referralLink.findMany({ where: { shop, creatorId }, orderBy: { createdAt: "asc" } });
}
