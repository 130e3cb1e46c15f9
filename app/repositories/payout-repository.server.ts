/** Queries for payouts; always scoped by shop. */
import type { Prisma } from "../generated/prisma/client";

type Client = Prisma.TransactionClient;

export function findPayoutByRequestKey(db: Client, shop: string, requestKey: string) {
  return db.payout.findUnique({ where: { shop_requestKey: { shop, requestKey } } });
}

/** Newest first, with the creator's name; `creatorId` narrows to one creator. */
export async function listPayouts(db: Client, shop: string, options: { creatorId?: string; skip: number; take: number }) {
  const where: Prisma.PayoutWhereInput = { shop, ...(options.creatorId === undefined ? {} : { creatorId: options.creatorId }) };
  const [payouts, total] = await Promise.all([
    db.payout.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: options.skip, take: options.take }),
    db.payout.count({ where }),
  ]);
  return { payouts, total };
}

/** One payout and the ledger rows it appended (payout rows, one per commission paid or recovered). */
export async function findPayoutWithEntries(db: Client, shop: string, payoutId: string) {
  const payout = await db.payout.findUnique({ where: { shop_id: { shop, id: payoutId } } });
  if (payout === null) return null;
  const entries = await db.ledgerEntry.findMany({
    where: { shop, payoutId },
    orderBy: { createdAt: "asc" },
    include: { commission: { select: { id: true, shopifyOrderId: true, status: true, netMinor: true, paidMinor: true } } },
  });
  return { payout, entries };
}

/** Σ payouts per calendar month (UTC) since `from`, per currency, oldest first; voided payouts are not counted. */
export async function sumPayoutsByMonth(db: Client, shop: string, from: Date) {
  return db.$queryRaw<Array<{ month: string; currency: string; amountMinor: bigint }>>`
    SELECT to_char(date_trunc('month', "createdAt"), 'YYYY-MM') AS month, currency, SUM("amountMinor")::bigint AS "amountMinor"
    FROM "Payout"
    WHERE shop = ${shop} AND "createdAt" >= ${from} AND "voidedAt" IS NULL
    GROUP BY 1, 2
    ORDER BY 1`;
}
