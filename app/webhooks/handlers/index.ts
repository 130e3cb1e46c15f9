import { handleAppScopesUpdate } from "./app-scopes-update";
import { handleAppUninstalled } from "./app-uninstalled";
import { handleCustomersDataRequest } from "./customers-data-request";
import { handleCustomersRedact } from "./customers-redact";
import { handleOrderEdited, handleOrderWebhook, handleRefundCreated } from "./orders";
import { handleShopRedact } from "./shop-redact";
import type { WebhookHandlerRegistry } from "./types";

/**
 * Every topic in shopify.app.toml has its handler. A topic without one would be stored and left `received` (the
 * processor does not claim it), so nothing is lost; once a handler is registered, its backlog is processed.
 */
export const webhookHandlers: WebhookHandlerRegistry = {
  APP_UNINSTALLED: handleAppUninstalled,
  APP_SCOPES_UPDATE: handleAppScopesUpdate,
  ORDERS_CREATE: handleOrderWebhook,
  ORDERS_PAID: handleOrderWebhook,
  ORDERS_UPDATED: handleOrderWebhook,
  ORDERS_CANCELLED: handleOrderWebhook,
  ORDERS_EDITED: handleOrderEdited,
  REFUNDS_CREATE: handleRefundCreated,
  CUSTOMERS_DATA_REQUEST: handleCustomersDataRequest,
  CUSTOMERS_REDACT: handleCustomersRedact,
  SHOP_REDACT: handleShopRedact,
};
