/**
 * Tells a creator, once, that a payout they already received a statement for came back (the item failed after it
 * had succeeded: PayPal RETURNED, REVERSED…) and is owed to them again. Only after a statement was sent: a payout
 * that failed before it was ever reported paid is shown in the portal, and the statement never claimed it was paid.
 * Once like the statement: the SentEmail row ("payout-returned:<payoutId>") is inserted before sending. Never throws
 * for a mail failure; the failure is recorded on the row.
 */
import type { Database } from "../db.server";
import { formatMoney } from "../domain/money";
import type { Mailer } from "./mailer.server";
import { renderPayoutReturnedEmail } from "./payout-returned-email";
import { describeRunMethod } from "./payout-statement-email";
import { describePayoutDestination, payoutStatementKey, type StatementResult } from "./send-payout-statement-email.server";
import { claimEmailOnce, deliverClaimedEmail } from "./send-email-once.server";

export const PAYOUT_RETURNED_TEMPLATE = "payout_returned";

export function payoutReturnedKey(payoutId: string): string {
  return `payout-returned:${payoutId}`;
}

export async function sendPayoutReturnedEmail(deps: { db: Database; mailer?: Mailer | null }, shop: string, itemId: string, now: Date): Promise<StatementResult> {
  const { db } = deps;
  const item = await db.payoutRunItem.findFirst({ where: { shop, id: itemId } });
  if (item === null) return { outcome: "not_applicable", reason: "No such payout run item in this shop." };
  if (item.status !== "failed" || item.payoutId === null) return { outcome: "not_applicable", reason: `The item is ${item.status}, not failed.` };
  const payoutId = item.payoutId;
  const statement = await db.sentEmail.findUnique({ where: { shop_dedupeKey: { shop, dedupeKey: payoutStatementKey(payoutId) } }, select: { id: true } });
  if (statement === null) return { outcome: "not_applicable", reason: "No statement was sent for this payout." };
  const [creator, shopRow] = await Promise.all([
    db.creator.findFirst({ where: { shop, id: item.creatorId }, select: { name: true, email: true } }),
    db.shop.findUnique({ where: { shop }, select: { name: true, primaryDomainHost: true } }),
  ]);
  if (creator === null) return { outcome: "not_applicable", reason: "The creator no longer exists." };
  const claimed = await claimEmailOnce(db, { shop, to: creator.email, subject: "(payout returned)", template: PAYOUT_RETURNED_TEMPLATE, dedupeKey: payoutReturnedKey(payoutId), now });
  if (!claimed) return { outcome: "already_sent" };
  const shopName = shopRow?.name ?? shop;
  const email = {
    ...renderPayoutReturnedEmail({
      shopName,
      creatorName: creator.name,
      to: creator.email,
      amount: formatMoney({ amountMinor: item.amountMinor, currency: item.currency }),
      method: describeRunMethod(item.method),
      destination: describePayoutDestination(item.destination),
      reason: item.failureReason?.trim() || "the payment provider sent the money back.",
      portalUrl: `https://${shopRow?.primaryDomainHost ?? shop}/apps/affable/portal`,
    }),
    fromName: shopName,
    replyTo: (await db.programSettings.findUnique({ where: { shop }, select: { replyToEmail: true } }))?.replyToEmail ?? null,
  };
  return deliverClaimedEmail(db, deps.mailer, shop, payoutReturnedKey(payoutId), email);
}
