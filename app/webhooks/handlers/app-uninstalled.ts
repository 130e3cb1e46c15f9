import type { WebhookHandler } from "./types";

/**
 * app/uninstalled: the shop's sessions go (their tokens are dead); the shop's data stays until shop/redact, so a
 * reinstall within 48 hours finds everything as it was. Uninstall time is when Shopify says it happened.
 *
 * Shopify may deliver (or retry) this after the merchant has already reinstalled: applied then, it would delete the
 * new session and mark an installed shop uninstalled, so every order after it would be ignored. So it applies only
 * when it was triggered after the last install (Shop.installedAt, refreshed by syncShop on every install).
 */
export const handleAppUninstalled: WebhookHandler<"APP_UNINSTALLED"> = async (tx, event, now) => {
  const uninstalledAt = event.triggeredAt ?? event.receivedAt ?? now;
  // The check and the write are one statement, so a reinstall committing meanwhile is never overwritten.
  const marked = await tx.shop.updateMany({ where: { shop: event.shop, installedAt: { lt: uninstalledAt } }, data: { uninstalledAt } });
  if (marked.count === 0) {
    const shop = await tx.shop.findUnique({ where: { shop: event.shop }, select: { installedAt: true } });
    if (shop !== null) {
      return {
        note: `Not applied: triggered at ${uninstalledAt.toISOString()}, before the app was last installed (${shop.installedAt.toISOString()}).`,
      };
    }
  }
  const sessions = await tx.session.deleteMany({ where: { shop: event.shop } });
  return { note: `Removed ${sessions.count} session(s); ${marked.count === 0 ? "the shop was never recorded" : "marked the shop uninstalled"}.` };
};
