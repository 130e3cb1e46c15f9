/**
 * A payout item's gift card code: HMAC-SHA256 of the shop and the item's senderItemId under the app's
 * "gift-card-code" key, written in base 36 and cut to 20 characters (Shopify takes 8–20 letters and digits, case
 * insensitive). The same item always asks for the same code, so Shopify's "code taken" after a crash means "you made
 * it already": the provider looks that card up instead of creating another. Without the app secret nobody can
 * compute another creator's code from the (visible) item id.
 */
import { createHmac } from "node:crypto";
import { deriveKey } from "../../../security/derive-key.server";

export const GIFT_CARD_CODE_LENGTH = 20;

export function deriveGiftCardCode(shop: string, senderItemId: string, key: Buffer = deriveKey("gift-card-code")): string {
  const digest = createHmac("sha256", key).update(`${shop}\u0000${senderItemId}`).digest("hex");
  return BigInt(`0x${digest}`).toString(36).padStart(GIFT_CARD_CODE_LENGTH, "0").slice(0, GIFT_CARD_CODE_LENGTH);
}
