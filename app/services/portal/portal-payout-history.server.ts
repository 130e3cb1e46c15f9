/**
 * The creator's payout history and the statement of one payout. A Payout row is what was paid (recorded by hand, or
 * made when a payout run was approved); its run item, when there is one, says where the money is now (processing,
 * paid, failed with the provider's reason). The statement lists the commissions it paid and the clawbacks it took
 * back (the `payout` ledger rows carrying its id). Every query names the shop AND the creator: a creator reaches only
 * their own payouts; another creator's payout id is "not found", like one that does not exist.
 */
import type { Database } from "../../db.server";
import { formatMoney } from "../../domain/money";
import { formatShopDate } from "../../domain/reporting/format-shop-date";
import type { PortalCreator } from "./creator-portal-auth.server";
import type { PortalShop } from "./load-creator-portal.server";

const LIST_LIMIT = 100;

const METHOD_LABELS: Record<string, string> = {
  paypal: "PayPal",
  bank_transfer: "Bank transfer",
  sepa_file: "Bank transfer",
  wise_file: "Bank transfer (Wise)",
  csv_file: "Bank transfer",
  store_credit: "Store credit",
  gift_card: "Gift card",
  manual: "Paid by the shop",
  other: "Other",
};

export const describeMethod = (method: string | null | undefined) => (method ? (METHOD_LABELS[method] ?? method) : "—");

export type PayoutStatusWord = "processing" | "paid" | "failed" | "voided";

interface PayoutForStatus {
  voidedAt: Date | null;
  voidReason: string | null;
}
interface RunItemForStatus {
  status: string;
  failureReason: string | null;
}

/** Where a payout stands, in the creator's words. */
export function describePayoutStatus(payout: PayoutForStatus, item: RunItemForStatus | null): { status: PayoutStatusWord; label: string } {
  if (item) {
    switch (item.status) {
      case "succeeded":
        return { status: "paid", label: "Paid" };
      case "failed":
        return { status: "failed", label: `Failed: ${item.failureReason ?? payout.voidReason ?? "the payment did not go through"}. The amount is owed to you again and goes into a later payout.` };
      case "voided":
      case "excluded":
        return { status: "voided", label: "Voided: this payout was cancelled before it was sent." };
    }
    if (payout.voidedAt) return { status: "voided", label: "Voided" };
    return { status: "processing", label: "Processing" };
  }
  if (payout.voidedAt) return { status: "voided", label: "Voided: recorded by mistake and taken back; the amount is owed to you again." };
  return { status: "paid", label: "Paid" };
}

async function loadRunItems(db: Database, shop: string, creatorId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, Awaited<ReturnType<typeof findItems>>[number]>();
  const items = await findItems(db, shop, creatorId, ids);
  return new Map(items.map((item) => [item.id, item]));
}

function findItems(db: Database, shop: string, creatorId: string, ids: string[]) {
  return db.payoutRunItem.findMany({
    where: { shop, creatorId, id: { in: ids } },
    select: { id: true, status: true, method: true, failureReason: true, providerItemId: true, providerBatchId: true, senderItemId: true, clawbackMinor: true, finishedAt: true, giftCardLastCharacters: true },
  });
}

export interface PortalPayoutRow {
  id: string;
  date: string;
  amountText: string;
  method: string;
  status: PayoutStatusWord;
  statusLabel: string;
  reference: string;
}

export async function loadPortalPayoutHistory(db: Database, shop: PortalShop, creator: PortalCreator): Promise<PortalPayoutRow[]> {
  const payouts = await db.payout.findMany({
    where: { shop: shop.shop, creatorId: creator.id },
    orderBy: { createdAt: "desc" },
    take: LIST_LIMIT,
    select: { id: true, createdAt: true, amountMinor: true, currency: true, method: true, reference: true, voidedAt: true, voidReason: true, runItemId: true },
  });
  const items = await loadRunItems(db, shop.shop, creator.id, payouts.flatMap((payout) => (payout.runItemId ? [payout.runItemId] : [])));
  return payouts.map((payout) => {
    const item = payout.runItemId ? (items.get(payout.runItemId) ?? null) : null;
    const status = describePayoutStatus(payout, item);
    return {
      id: payout.id,
      date: formatShopDate(payout.createdAt, shop.timeZone),
      amountText: formatMoney({ amountMinor: payout.amountMinor, currency: payout.currency }),
      method: describeMethod(item?.method ?? payout.method),
      status: status.status,
      statusLabel: status.label,
      reference: payout.reference ?? item?.providerItemId ?? "",
    };
  });
}

export interface PortalPayoutStatement {
  date: string;
  paidDate: string | null;
  amountText: string;
  method: string;
  status: PayoutStatusWord;
  statusLabel: string;
  reference: string;
  providerId: string;
  commissions: Array<{ order: string; orderDate: string; amountText: string }>;
  clawbacks: Array<{ order: string; amountText: string }>;
  commissionsTotalText: string;
  clawbacksTotalText: string;
}

export async function loadPortalPayoutStatement(db: Database, shop: PortalShop, creator: PortalCreator, payoutId: string): Promise<PortalPayoutStatement | null> {
  const payout = await db.payout.findFirst({
    where: { shop: shop.shop, creatorId: creator.id, id: payoutId },
    select: { id: true, createdAt: true, amountMinor: true, currency: true, method: true, reference: true, voidedAt: true, voidReason: true, runItemId: true },
  });
  if (!payout) return null;
  const item = payout.runItemId ? ((await findItems(db, shop.shop, creator.id, [payout.runItemId]))[0] ?? null) : null;
  // What the payout paid and took back: its own ledger rows, not the rows a later void appended to undo them.
  const rows = await db.ledgerEntry.findMany({
    where: { shop: shop.shop, payoutId: payout.id, kind: "payout", NOT: { sourceKey: { startsWith: "payout_void:" } }, commission: { creatorId: creator.id } },
    select: { amountMinor: true, currency: true, commission: { select: { shopifyOrderId: true, orderCreatedAt: true } } },
    orderBy: { createdAt: "asc" },
  });
  const orderIds = [...new Set(rows.map((row) => row.commission.shopifyOrderId))];
  const orders = orderIds.length
    ? await db.attributedOrder.findMany({ where: { shop: shop.shop, shopifyOrderId: { in: orderIds } }, select: { shopifyOrderId: true, name: true } })
    : [];
  const names = new Map(orders.map((order) => [order.shopifyOrderId, order.name ?? "Order"]));
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency: payout.currency });
  const paid = rows.filter((row) => row.amountMinor > 0n);
  const recovered = rows.filter((row) => row.amountMinor < 0n);
  const status = describePayoutStatus(payout, item);
  return {
    date: formatShopDate(payout.createdAt, shop.timeZone),
    paidDate: status.status === "paid" && item?.finishedAt ? formatShopDate(item.finishedAt, shop.timeZone) : null,
    amountText: money(payout.amountMinor),
    method: describeMethod(item?.method ?? payout.method),
    status: status.status,
    statusLabel: status.label,
    reference: payout.reference ?? "",
    providerId: item?.providerItemId ?? "",
    commissions: paid.map((row) => ({
      order: names.get(row.commission.shopifyOrderId) ?? "Order",
      orderDate: formatShopDate(row.commission.orderCreatedAt, shop.timeZone),
      amountText: money(row.amountMinor),
    })),
    clawbacks: recovered.map((row) => ({ order: names.get(row.commission.shopifyOrderId) ?? "Order", amountText: money(-row.amountMinor) })),
    commissionsTotalText: money(paid.reduce((sum, row) => sum + row.amountMinor, 0n)),
    clawbacksTotalText: money(recovered.reduce((sum, row) => sum - row.amountMinor, 0n)),
  };
}
