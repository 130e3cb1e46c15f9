import { readPseudonymKey } from "../../services/compliance/redact-customer-identity.server";
import { redactCustomer } from "../../services/compliance/redact-customer.server";
import type { WebhookHandler } from "./types";

/** customers/redact: see app/services/compliance/redact-customer.server.ts for what is erased and what is kept. */
export const handleCustomersRedact: WebhookHandler<"CUSTOMERS_REDACT"> = async (tx, event, now) => {
  const result = await redactCustomer(tx, event.shop, event.payload, readPseudonymKey(), now);
  return {
    note:
      `Customer redacted as ${result.pseudonym.slice(0, 21)}…: ${result.orders} order(s) pseudonymised, ` +
      `${result.webhookEvents} stored delivery(ies) scrubbed, ${result.customerReferrals} referral(s), ` +
      `${result.dataRequests} data request(s), ${result.creatorsUnlinked} creator link(s) removed.`,
  };
};
