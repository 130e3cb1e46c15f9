import { handleAppScopesUpdate } from "./app-scopes-update";
import { handleAppUninstalled } from "./app-uninstalled";
import { handleOrderWebhook, handleRefundCreated } from "./orders";
import type { WebhookHandlerRegistry } from "./types";

/**
 * The topics the processor acts on today. A topic without a handler is stored and left `received` (the processor
 * does not claim it), so nothing is lost: orders/edited (needs an Admin GraphQL re-read of the order) and the
 * compliance topics wait here for their handlers; once one is registered, the backlog is processed in arrival order.
 */
export const webhookHandlers: WebhookHandlerRegistry = {
  APP_UNINSTALLED: handleAppUninstalled,
  APP_SCOPES_UPDATE: handleAppScopesUpdate,
  ORDERS_CREATE: handleOrderWebhook,
  ORDERS_PAID: handleOrderWebhook,
  ORDERS_UPDATED: handleOrderWebhook,
  ORDERS_CANCELLED: handleOrderWebhook,
  REFUNDS_CREATE: handleRefundCreated,
};
