import { readPseudonymKey } from "../../services/compliance/redact-customer-identity.server";
import { findShopRedactionRefusal, recordShopRedactionRefusal, redactShop } from "../../services/compliance/redact-shop.server";
import type { WebhookHandler } from "./types";

/**
 * shop/redact: see app/services/compliance/redact-shop.server.ts for what is erased and what is kept. A request naming another
 * shop, or for a shop that is installed, erases nothing: the event is processed with the reason (and audited), not
 * failed, since retrying cannot change the answer; Shopify already had its 200 when the delivery was stored.
 */
export const handleShopRedact: WebhookHandler<"SHOP_REDACT"> = async (tx, event, now) => {
  const refusal = await findShopRedactionRefusal(tx, event.shop, event.payload.shop_domain);
  if (refusal !== null) {
    await recordShopRedactionRefusal(tx, event.shop, refusal, event.id);
    return { note: `Not redacted: ${refusal}` };
  }
  const result = await redactShop(tx, event.shop, readPseudonymKey(), event.id, now);
  return {
    note:
      `Shop redacted: ${result.sessions} session(s) deleted, ${result.creators} creator(s) and ${result.orders} order(s) ` +
      `pseudonymised, ${result.webhookEvents} stored delivery body(ies) erased; money records kept.`,
  };
};
