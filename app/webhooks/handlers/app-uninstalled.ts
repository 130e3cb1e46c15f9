import type { WebhookHandler } from "./types";

/**
 * app/uninstalled: the shop's sessions go (their tokens are dead); the shop's data stays until shop/redact, so a
 * reinstall within 48 hours finds everything as it was. Uninstall time is when Shopify says it happened.
 */
export const handleAppUninstalled: WebhookHandler<"APP_UNINSTALLED"> = async (tx, event, now) => {
  const sessions = await tx.session.deleteMany({ where: { shop: event.shop } });
  await tx.shop.updateMany({ where: { shop: event.shop }, data: { uninstalledAt: event.triggeredAt ?? event.receivedAt ?? now } });
  return { note: `Removed ${sessions.count} session(s); marked the shop uninstalled.` };
};
