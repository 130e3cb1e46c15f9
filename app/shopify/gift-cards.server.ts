/**
 * Shopify gift cards (Admin GraphQL, write_gift_cards / read_gift_cards — scopes Shopify grants only after it
 * approves the app's request). The full code is readable only in giftCardCreate's answer; afterwards Shopify shows
 * the last four characters, so Affable chooses the code itself (derived from the payout item) and can always find
 * the card again by that code.
 */
import { runAdminQuery, ShopifyAdminError, type AdminGraphqlClient } from "./admin-client.server";
import type { MoneyV2, ShopifyUserError } from "./store-credit.server";

const CREATE = `#graphql
  mutation AffableGiftCardCreate($input: GiftCardCreateInput!) {
    giftCardCreate(input: $input) {
      giftCard { id lastCharacters maskedCode balance { amount currencyCode } }
      giftCardCode
      userErrors { field message code }
    }
  }
`;

const FIND_BY_CODE = `#graphql
  query AffableGiftCardByCode($query: String!) {
    giftCards(first: 2, query: $query) {
      nodes { id lastCharacters balance { amount currencyCode } initialValue { amount currencyCode } customer { id } }
    }
  }
`;

const NOTIFY = `#graphql
  mutation AffableGiftCardNotify($id: ID!) {
    giftCardSendNotificationToCustomer(id: $id) {
      giftCard { id }
      userErrors { field message code }
    }
  }
`;

export type CreatedGiftCard = { id: string; lastCharacters: string; balance: MoneyV2; code: string };
export type GiftCardCreateResult = { ok: true; card: CreatedGiftCard } | { ok: false; userErrors: ShopifyUserError[] };

type CreateData = {
  giftCardCreate: { giftCard: { id: string; lastCharacters: string; balance: MoneyV2 } | null; giftCardCode: string | null; userErrors: ShopifyUserError[] } | null;
};

export async function createGiftCard(
  admin: AdminGraphqlClient,
  input: { initialValue: string; code: string; customerId: string; note: string; expiresOn: string | null },
): Promise<GiftCardCreateResult> {
  const data = await runAdminQuery<CreateData>(admin, "creating the creator's gift card", CREATE, { input });
  const payload = data.giftCardCreate;
  if (!payload) throw new ShopifyAdminError("Shopify answered giftCardCreate with nothing.");
  if (payload.userErrors.length > 0 || !payload.giftCard) return { ok: false, userErrors: payload.userErrors };
  return { ok: true, card: { ...payload.giftCard, code: payload.giftCardCode ?? input.code } };
}

export type FoundGiftCard = { id: string; lastCharacters: string; balance: MoneyV2; initialValue: MoneyV2; customer: { id: string } | null };

/** The gift card with exactly this code (Shopify's free-text gift card search matches codes), or null. */
export async function findGiftCardByCode(admin: AdminGraphqlClient, code: string): Promise<FoundGiftCard | null> {
  const data = await runAdminQuery<{ giftCards: { nodes: FoundGiftCard[] } }>(admin, "looking up the creator's gift card", FIND_BY_CODE, { query: code });
  const last = code.slice(-4).toLowerCase();
  const matches = data.giftCards.nodes.filter((node) => node.lastCharacters.toLowerCase() === last);
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

export async function sendGiftCardToCustomer(admin: AdminGraphqlClient, giftCardId: string): Promise<ShopifyUserError[]> {
  const data = await runAdminQuery<{ giftCardSendNotificationToCustomer: { userErrors: ShopifyUserError[] } | null }>(admin, "emailing the gift card to the creator", NOTIFY, { id: giftCardId });
  return data.giftCardSendNotificationToCustomer?.userErrors ?? [];
}
