/**
 * A creator's numbers over a date range (by order date) for a merchant's own dashboard, as SQL sums:
 * clicks from the storefront's click beacon (Click), orders and revenue from AttributedOrder (Shopify and API
 * sales alike), the orders that came from a click by the order → click join, earnings from Commission by status.
 */
import type { z } from "zod";
import type { ApiCaller } from "../../api/authenticate-api-key.server";
import type { creatorStatsQuerySchema, creatorStatsSchema } from "../../api/schemas/creator-schemas";
import { toJsonMinor } from "../../api/serialize-money";
import type { Database } from "../../db.server";
import { summarizeEarnings } from "../../domain/portal/summarize-earnings";
import { loadCreatorOrThrow } from "./api-creators.server";

export async function loadCreatorStats(
  db: Database,
  caller: ApiCaller,
  creatorId: string,
  query: z.output<typeof creatorStatsQuerySchema>,
): Promise<z.input<typeof creatorStatsSchema>> {
  await loadCreatorOrThrow(db, caller.shop, creatorId);
  const from = query.from === undefined ? null : new Date(query.from);
  const to = query.to === undefined ? null : new Date(query.to);
  const orderCreatedAt = { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
  const clickedAt = { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
  const [clicks, orders, ordersFromClicks, byStatus] = await Promise.all([
    db.click.count({ where: { shop: caller.shop, creatorId, createdAt: clickedAt } }),
    db.attributedOrder.aggregate({
      where: { shop: caller.shop, creatorId, status: "attributed", orderCreatedAt },
      _count: { _all: true },
      _sum: { baseMinor: true },
    }),
    // The exact join (AttributedOrder.clickId, set only for the same shop and creator), not clicks and orders that
    // merely fall in the same range.
    db.attributedOrder.count({ where: { shop: caller.shop, creatorId, status: "attributed", orderCreatedAt, click: { is: { shop: caller.shop, creatorId } } } }),
    db.commission.groupBy({
      by: ["status"],
      where: { shop: caller.shop, creatorId, orderCreatedAt },
      _sum: { netMinor: true, paidMinor: true },
    }),
  ]);
  const earnings = summarizeEarnings(byStatus.map((row) => ({ status: row.status, netMinor: row._sum.netMinor, paidMinor: row._sum.paidMinor })));
  return {
    creatorId,
    from: from?.toISOString() ?? null,
    to: to?.toISOString() ?? null,
    currency: caller.currency,
    clicks,
    orders: orders._count._all,
    ordersFromClicks,
    revenueMinor: toJsonMinor(orders._sum.baseMinor ?? 0n),
    earnings: { pendingMinor: toJsonMinor(earnings.pendingMinor), approvedMinor: toJsonMinor(earnings.approvedMinor), paidMinor: toJsonMinor(earnings.paidMinor) },
  };
}
