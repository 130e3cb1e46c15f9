import { buildDataRequest } from "../../services/compliance/build-data-request.server";
import type { WebhookHandler } from "./types";

/** customers/data_request: the report waits in Privacy for the merchant to download and send on. */
export const handleCustomersDataRequest: WebhookHandler<"CUSTOMERS_DATA_REQUEST"> = async (tx, event, now) => {
  const result = await buildDataRequest(tx, event.shop, event.id, event.payload, now);
  return {
    note: result.created
      ? `Data request ${result.id} assembled (${result.orders} order(s)); download it from Privacy.`
      : `Data request ${result.id} was already assembled for this delivery.`,
  };
};
