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

export function findCodeByText(db: Client, shop: string, code: string) {
  return db.discountCode.findUnique({ where: { shop_codeNormalized: { shop, codeNormalized: code.toUpperCase() } } });
}

export function listCreatorCodes(db: Database, shop: string, creatorId: string) {
  return db.discountCode.findMany({ where: { shop, creatorId, status: { not: "deleted" } }, orderBy: { createdAt: "asc" } });
}

export function listCreatorLinks(db: Database, shop: string, creatorId: string) {
  return db.referralLink.findMany({ where: { shop, creatorId }, orderBy: { createdAt: "asc" } });
}
