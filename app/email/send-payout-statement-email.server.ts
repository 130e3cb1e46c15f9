/**
 * Emails a creator the statement of one paid payout, once. The SentEmail row (dedupeKey
 * "payout-statement:<payoutId>") is inserted BEFORE sending: a duplicate report, a webhook racing the status sync or a
 * second job instance finds the key taken and sends nothing. A crash between the insert and the send leaves the row
 * saying "sending" (at most once, and visible), never a second email. Never throws for a mail failure: the payment
 * stands, the failure is recorded on the row.
 */
import type { Database } from "../db.server";
import { formatMoney } from "../domain/money";
import { formatShopDate } from "../domain/reporting/format-shop-date";
import { describeRunMethod, renderPayoutStatementEmail, type PayoutStatementLine } from "./payout-statement-email";
import type { Mailer } from "./mailer.server";
import { claimEmailOnce, deliverClaimedEmail, type OnceEmailResult } from "./send-email-once.server";

export const PAYOUT_STATEMENT_TEMPLATE = "payout_statement";

export type StatementResult = OnceEmailResult;

export function payoutStatementKey(payoutId: string): string {
  return `payout-statement:${payoutId}`;
}

export async function sendPayoutStatementEmail(
  deps: { db: Database; mailer?: Mailer | null },
  shop: string,
  itemId: string,
  now: Date,
): Promise<StatementResult> {
  const { db } = deps;
  const item = await db.payoutRunItem.findFirst({ where: { shop, id: itemId } });
  if (item === null) return { outcome: "not_applicable", reason: "No such payout run item in this shop." };
  if (item.status !== "succeeded" || item.payoutId === null) return { outcome: "not_applicable", reason: `The item is ${item.status}, not paid.` };
  const payoutId = item.payoutId;
  const [creator, shopRow, entries] = await Promise.all([
    db.creator.findFirst({ where: { shop, id: item.creatorId }, select: { name: true, email: true } }),
    db.shop.findUnique({ where: { shop }, select: { name: true, ianaTimezone: true, primaryDomainHost: true } }),
    db.ledgerEntry.findMany({
      where: { shop, payoutId, kind: "payout", sourceKey: `payout:${payoutId}` },
      select: { amountMinor: true, currency: true, commission: { select: { shopifyOrderId: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  if (creator === null) return { outcome: "not_applicable", reason: "The creator no longer exists." };

  const claimed = await claimEmailOnce(db, { shop, to: creator.email, subject: "(payout statement)", template: PAYOUT_STATEMENT_TEMPLATE, dedupeKey: payoutStatementKey(payoutId), now });
  if (!claimed) return { outcome: "already_sent" };

  const orders = await db.attributedOrder.findMany({
    where: { shop, shopifyOrderId: { in: [...new Set(entries.map((entry) => entry.commission.shopifyOrderId))] } },
    select: { shopifyOrderId: true, name: true },
  });
  const orderNames = new Map(orders.map((order) => [order.shopifyOrderId, order.name]));
  const label = (orderId: string) => orderNames.get(orderId) ?? orderId.split("/").pop() ?? orderId;
  const commissions: PayoutStatementLine[] = [];
  const clawbacks: PayoutStatementLine[] = [];
  let clawbackMinor = 0n;
  for (const entry of entries) {
    const line = { orderLabel: label(entry.commission.shopifyOrderId), amount: formatMoney({ amountMinor: entry.amountMinor < 0n ? -entry.amountMinor : entry.amountMinor, currency: entry.currency }) };
    if (entry.amountMinor < 0n) {
      clawbacks.push(line);
      clawbackMinor -= entry.amountMinor;
    } else {
      commissions.push(line);
    }
  }
  const shopName = shopRow?.name ?? shop;
  const email = {
    ...renderPayoutStatementEmail({
      shopName,
      creatorName: creator.name,
      to: creator.email,
      amount: formatMoney({ amountMinor: item.amountMinor, currency: item.currency }),
      method: describeRunMethod(item.method),
      destination: describePayoutDestination(item.destination),
      reference: item.providerItemId ?? item.senderItemId,
      paidOn: formatShopDate(item.finishedAt ?? now, shopRow?.ianaTimezone || "UTC"),
      commissions,
      clawbacks,
      clawbackTotal: clawbacks.length > 0 ? formatMoney({ amountMinor: clawbackMinor, currency: item.currency }) : null,
      portalUrl: `https://${shopRow?.primaryDomainHost ?? shop}/apps/affable/portal`,
    }),
    fromName: shopName,
    replyTo: (await db.programSettings.findUnique({ where: { shop }, select: { replyToEmail: true } }))?.replyToEmail ?? null,
  };
  return deliverClaimedEmail(db, deps.mailer, shop, payoutStatementKey(payoutId), email);
}

/** PayoutRunItem.destination as shown: { paypalEmail } | { ibanLast4, accountHolderName } | { customerId }. */
export function describePayoutDestination(destination: unknown): string | null {
  if (destination === null || typeof destination !== "object") return null;
  const value = destination as Record<string, unknown>;
  if (typeof value.paypalEmail === "string") return value.paypalEmail;
  if (typeof value.ibanLast4 === "string") return `account ending ${value.ibanLast4}${typeof value.accountHolderName === "string" ? `, ${value.accountHolderName}` : ""}`;
  return null;
}
