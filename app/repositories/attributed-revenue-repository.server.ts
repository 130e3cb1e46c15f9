/** Revenue attributed to a creator, for picking commission tiers; always scoped by shop. */
import type { Prisma } from "../generated/prisma/client";

type Client = Pick<Prisma.TransactionClient, "attributedOrder">;

/**
 * Σ commission base (shop currency, minor units) of the creator's attributed orders placed in [from, before),
 * excluding one order (the one being priced, should it already be stored). `from` null = since the beginning.
 *
 * The base counted is the one recorded at accrual: later refunds, cancellations and edits do not lower a
 * creator's tier revenue. Tier revenue therefore never moves backwards, and a commission's tier can always be
 * explained from the orders placed before it, whatever was refunded afterwards. This is decidePeriodTiers'
 * rule (app/domain/commission) as a query: orders placed strictly before, in the period.
 */
export async function sumAttributedRevenue(
  db: Client,
  query: { shop: string; creatorId: string; currency: string; from: Date | null; before: Date; excludeShopifyOrderId: string },
): Promise<bigint> {
  const result = await db.attributedOrder.aggregate({
    _sum: { baseMinor: true },
    where: {
      shop: query.shop,
      creatorId: query.creatorId,
      status: "attributed",
      currency: query.currency,
      orderCreatedAt: { ...(query.from ? { gte: query.from } : {}), lt: query.before },
      shopifyOrderId: { not: query.excludeShopifyOrderId },
    },
  });
  return result._sum.baseMinor ?? 0n;
}
