import { handleAppScopesUpdate } from "./app-scopes-update";
import { handleAppUninstalled } from "./app-uninstalled";
import type { WebhookHandlerRegistry } from "./types";

/**
 * The topics the processor acts on today. A topic without a handler is stored and left `received` (the processor
 * does not claim it), so nothing is lost: orders/* and refunds/create wait here for the money loop, and the
 * compliance topics for their handlers; once a handler is registered, the backlog is processed in arrival order.
 */
export const webhookHandlers: WebhookHandlerRegistry = {
  APP_UNINSTALLED: handleAppUninstalled,
  APP_SCOPES_UPDATE: handleAppScopesUpdate,
};
