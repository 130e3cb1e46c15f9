/** Creator queries, every one scoped by shop. */
import { randomBytes } from "node:crypto";
import type { Database } from "../db.server";
import type { CreatorDraft, CreatorStatus } from "../domain/creators";
import { Prisma } from "../generated/prisma/client";

/** 15 random bytes → 20 URL-safe characters: unguessable, never reused, never changed. */
export function generateRefToken(): string {
  return randomBytes(15).toString("base64url");
}

/** The columns a CreatorDraft fills (everything but shop, refToken and status history). */
export function draftToColumns(draft: CreatorDraft) {
  return {
    name: draft.name,
    email: draft.email,
    handle: draft.handle,
    payoutEmail: draft.payoutEmail,
    socialHandles: draft.socialHandles,
    notes: draft.notes,
    commissionOverrideType: draft.commission.type === "none" ? null : draft.commission.type,
    commissionOverrideBasisPoints: draft.commission.type === "percentage" ? draft.commission.basisPoints : null,
    commissionOverrideFlatMinor: draft.commission.type === "flat" ? draft.commission.amountMinor : null,
    // Only when the input carried them: an API patch or a CSV row without these fields leaves them as they are.
    ...(draft.phone === undefined ? {} : { phone: draft.phone }),
    ...(draft.shippingAddress === undefined
      ? {}
      : { shippingAddress: draft.shippingAddress === null ? Prisma.DbNull : { ...draft.shippingAddress } }),
  } satisfies Partial<Prisma.CreatorUncheckedCreateInput>;
}

export type UniqueCreatorField = "email" | "handle" | "refToken";

/**
 * Which unique key a failed insert or update violated (Prisma P2002), or null for any other error. The
 * driver adapters word the metadata differently from the Rust engine, so look for the field name anywhere in it.
 */
export function readUniqueViolation(error: unknown): UniqueCreatorField | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const described = `${JSON.stringify(error.meta ?? {})} ${error.message}`;
  if (/refToken/.test(described)) return "refToken";
  if (/handle/.test(described)) return "handle";
  if (/email/.test(described)) return "email";
  return null;
}

export function findCreator(db: Database, shop: string, id: string) {
  return db.creator.findUnique({ where: { shop_id: { shop, id } } });
}

export const CREATOR_SORTS = ["name", "created", "status"] as const;
export type CreatorSort = (typeof CREATOR_SORTS)[number];

export interface CreatorListQuery {
  search?: string | undefined;
  status?: CreatorStatus | undefined;
  sort?: CreatorSort;
  direction?: "asc" | "desc";
  ids?: readonly string[] | undefined;
}

export function creatorListWhere(shop: string, query: CreatorListQuery): Prisma.CreatorWhereInput {
  const search = query.search?.trim();
  return {
    shop,
    ...(query.status ? { status: query.status } : {}),
    ...(query.ids ? { id: { in: [...query.ids] } } : {}),
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: "insensitive" as const } },
            { email: { contains: search, mode: "insensitive" as const } },
            { handle: { contains: search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
}

export function creatorListOrder(query: CreatorListQuery): Prisma.CreatorOrderByWithRelationInput[] {
  const direction = query.direction ?? (query.sort === "created" || query.sort === undefined ? "desc" : "asc");
  const column = query.sort === "name" ? "name" : query.sort === "status" ? "status" : "createdAt";
  return [{ [column]: direction }, { id: "asc" }];
}

export async function listCreators(db: Database, shop: string, query: CreatorListQuery, page: { skip: number; take: number }) {
  const where = creatorListWhere(shop, query);
  const [creators, total] = await Promise.all([
    db.creator.findMany({ where, orderBy: creatorListOrder(query), skip: page.skip, take: page.take }),
    db.creator.count({ where }),
  ]);
  return { creators, total };
}
