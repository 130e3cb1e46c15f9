/**
 * Pays creators in Shopify gift cards: giftCardCreate for the creator's customer (found or created by email) in the
 * shop currency, expiring after PayoutSettings.giftCardExpiryDays, then giftCardSendNotificationToCustomer so
 * Shopify emails the code. The code is only readable in the create answer, so Affable stores it sealed
 * (PayoutRunItem.giftCardCodeSealed, context "gift-card:<shop>:<itemId>") with its last characters, for the creator's
 * portal.
 *
 * Exactly once: the code is derived from the item's senderItemId (derive-gift-card-code.server.ts). A retry after a
 * crash asks for the same code, Shopify answers TAKEN, and the provider looks that card up (giftCards by code)
 * instead of creating a second one. lookUp does the same lookup without creating anything. Shopify's email with the
 * code is claimed in SentEmail ("gift-card-notification:<itemId>") before it is asked for, so a retry never sends
 * it twice (a crash between the claim and the send leaves it unsent: the code is in the creator's portal).
 */
import { formatDecimalAmount, parseDecimalAmount } from "../../../domain/money";
import { claimEmailOnce, recordClaimedEmail } from "../../../email/send-email-once.server";
import { sealSecret } from "../../../security/secret-box.server";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { createGiftCard, findGiftCardByCode, sendGiftCardToCustomer, type FoundGiftCard } from "../../../shopify/gift-cards.server";
import type { PayoutProvider, ProviderContext, ProviderItem, ProviderItemReport } from "../providers/payout-provider";
import { deriveGiftCardCode } from "./derive-gift-card-code.server";
import { describeGiftCardError } from "./describe-shopify-payout-error";
import { findOrCreateCreatorCustomer } from "./find-or-create-creator-customer.server";
import { assertPayoutScopes, expiryFrom, openOfflineAdmin, toProviderError, type OpenShopAdmin } from "./shopify-provider-support.server";

export function giftCardSealContext(shop: string, itemId: string): string {
  return `gift-card:${shop}:${itemId}`;
}

export function createGiftCardPayoutProvider(options: { openAdmin?: OpenShopAdmin } = {}): PayoutProvider {
  const openAdmin = options.openAdmin ?? openOfflineAdmin;
  return {
    method: "gift_card",

    async submit(context, items) {
      const admin = await openAdmin(context.shop);
      await assertPayoutScopes(admin, "gift_card");
      const reports: ProviderItemReport[] = [];
      for (const item of items) reports.push(await guard(() => submitOne(context, admin, item)));
      return reports;
    },

    async lookUp(context, items) {
      const admin = await openAdmin(context.shop);
      const reports: ProviderItemReport[] = [];
      for (const item of items) {
        reports.push(
          await guard(async () => {
            const found = await findGiftCardByCode(admin, deriveGiftCardCode(context.shop, item.senderItemId));
            return found ? reportFound(item, found, "created") : { itemId: item.itemId, outcome: "unknown" as const };
          }),
        );
      }
      return reports;
    },
  };
}

async function guard(run: () => Promise<ProviderItemReport>): Promise<ProviderItemReport> {
  try {
    return await run();
  } catch (error) {
    throw toProviderError(error);
  }
}

async function submitOne(context: ProviderContext, admin: AdminGraphqlClient, item: ProviderItem): Promise<ProviderItemReport> {
  const { db, shop, now } = context;
  const code = deriveGiftCardCode(shop, item.senderItemId);
  // Stored before Shopify is asked: the code is fixed for this item, so a crash after creation loses nothing.
  await db.payoutRunItem.updateMany({
    where: { shop, id: item.itemId },
    data: { giftCardCodeSealed: sealSecret(code, giftCardSealContext(shop, item.itemId)), giftCardLastCharacters: code.slice(-4) },
  });
  const customer = await findOrCreateCreatorCustomer(db, admin, shop, item.creatorId);
  const settings = await db.payoutSettings.findUnique({ where: { shop }, select: { giftCardExpiryDays: true } });
  const result = await createGiftCard(admin, {
    initialValue: formatDecimalAmount({ amountMinor: item.amountMinor, currency: item.currency }),
    code,
    customerId: customer.customerId,
    note: item.note || `Affable payout ${item.senderItemId}`,
    expiresOn: expiryFrom(now, settings?.giftCardExpiryDays)?.toISOString().slice(0, 10) ?? null,
  });

  let card: FoundGiftCard | null = null;
  if (result.ok) {
    card = { id: result.card.id, lastCharacters: result.card.lastCharacters, balance: result.card.balance, initialValue: result.card.balance, customer: { id: customer.customerId } };
  } else if (result.userErrors.some((error) => error.code === "TAKEN")) {
    // Made by an earlier attempt whose answer was lost: find it rather than create another.
    card = await findGiftCardByCode(admin, code);
    if (!card) {
      return { itemId: item.itemId, outcome: "needs_review", reason: "Shopify says this payout's gift card code is taken but the card cannot be found. Check Gift cards in Shopify before paying again." };
    }
  } else {
    const error = result.userErrors[0] ?? { field: null, message: "Shopify refused the gift card without saying why.", code: null };
    return {
      itemId: item.itemId,
      outcome: "failed",
      providerItemId: null,
      providerStatus: error.code ?? "USER_ERROR",
      reason: describeGiftCardError(error, { payCurrency: item.currency, creatorName: customer.creator.name }),
    };
  }

  const report = reportFound(item, card, "created");
  if (report.outcome !== "succeeded") return report;
  // The card exists whatever happens next; a failed email is noted, not a failed payout (the code is in the portal).
  // Shopify's email is sent at most once per item: a retry after a crash finds the claim and does not send it again.
  const key = giftCardNotificationKey(item.itemId);
  const claimed = await claimEmailOnce(db, { shop, to: customer.creator.email, subject: "(Shopify's gift card email)", template: GIFT_CARD_NOTIFICATION_TEMPLATE, dedupeKey: key, now });
  if (!claimed) return { ...report, providerStatus: "created_and_emailed" };
  const notifyErrors = await sendGiftCardToCustomer(admin, card.id);
  const notifyError = notifyErrors.map((error) => error.message).join("; ");
  await recordClaimedEmail(db, shop, key, { error: notifyErrors.length === 0 ? null : notifyError });
  return notifyErrors.length === 0 ? { ...report, providerStatus: "created_and_emailed" } : { ...report, providerStatus: `created; email not sent: ${notifyError}` };
}

export const GIFT_CARD_NOTIFICATION_TEMPLATE = "gift_card_notification";

/** SentEmail.dedupeKey of Shopify's gift card email for one payout run item (claimed before Shopify is asked). */
export function giftCardNotificationKey(itemId: string): string {
  return `gift-card-notification:${itemId}`;
}

/** A card found by this item's code is this item's payment only if its value is the item's amount. */
function reportFound(item: ProviderItem, card: FoundGiftCard, status: string): ProviderItemReport {
  const value = card.initialValue.currencyCode === item.currency ? parseDecimalAmount(card.initialValue.amount, item.currency).amountMinor : null;
  if (value !== item.amountMinor) {
    return {
      itemId: item.itemId,
      outcome: "needs_review",
      reason: `A gift card with this payout's code exists but holds ${card.initialValue.amount} ${card.initialValue.currencyCode}, not the payout's amount. Check Gift cards in Shopify, then mark this payout paid or failed.`,
    };
  }
  return { itemId: item.itemId, outcome: "succeeded", providerItemId: card.id, providerStatus: status };
}

export const giftCardPayoutProvider = createGiftCardPayoutProvider();
