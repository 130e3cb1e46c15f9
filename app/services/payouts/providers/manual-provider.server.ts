/**
 * Manual payouts: the merchant pays outside Affable (as before Part 7) and marks each item paid or failed
 * (markItemOutcome). Handing an item over sends nothing anywhere, so "submit" only says the item now awaits the
 * merchant's mark, and "lookUp" answers with what Affable itself stored.
 */
import type { PayoutProvider, ProviderItemReport } from "./payout-provider";

export const MANUAL_AWAITING_MARK = "awaiting_merchant_mark";

export const manualPayoutProvider: PayoutProvider = {
  method: "manual",
  submit(_context, items) {
    return Promise.resolve(items.map((item): ProviderItemReport => ({ itemId: item.itemId, outcome: "submitted", providerItemId: null, providerStatus: MANUAL_AWAITING_MARK })));
  },
  async lookUp(context, items) {
    const stored = await context.db.payoutRunItem.findMany({
      where: { shop: context.shop, id: { in: items.map((item) => item.itemId) } },
      select: { id: true, status: true, providerItemId: true, providerStatus: true, failureReason: true, reviewReason: true },
    });
    const byId = new Map(stored.map((item) => [item.id, item]));
    return items.map((item): ProviderItemReport => {
      const row = byId.get(item.itemId);
      const providerStatus = row?.providerStatus ?? MANUAL_AWAITING_MARK;
      switch (row?.status) {
        case "submitted":
          return { itemId: item.itemId, outcome: "submitted", providerItemId: row.providerItemId, providerStatus };
        case "succeeded":
          return { itemId: item.itemId, outcome: "succeeded", providerItemId: row.providerItemId, providerStatus };
        case "failed":
          return { itemId: item.itemId, outcome: "failed", providerItemId: row.providerItemId, providerStatus, reason: row.failureReason ?? "Marked failed." };
        case "needs_review":
          return { itemId: item.itemId, outcome: "needs_review", reason: row.reviewReason ?? "Waiting for the merchant." };
        default:
          // Never handed over (or not in this shop): nothing was sent, so it is safe to hand over again.
          return { itemId: item.itemId, outcome: "unknown" };
      }
    });
  },
};
