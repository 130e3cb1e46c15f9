import { readPseudonymKey } from "../../services/redact-customer-identity.server";
import { redactShop } from "../../services/redact-shop.server";
import type { WebhookHandler } from "./types";

/** shop/redact: see app/services/redact-shop.server.ts for what is erased and what is kept. */
export const handleShopRedact: WebhookHandler<"SHOP_REDACT"> = async (tx, event, now) => {
  const result = await redactShop(tx, event.shop, readPseudonymKey(), event.id, now);
  return {
    note:
      `Shop redacted: ${result.sessions} session(s) deleted, ${result.creators} creator(s) and ${result.orders} order(s) ` +
      `pseudonymised, ${result.webhookEvents} stored delivery body(ies) erased; money records kept.`,
  };
};
