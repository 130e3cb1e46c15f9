/**
 * The merchant uninstalls the app (admin › Apps › Uninstall): Shopify removes the installation, revokes every token
 * the app holds for the shop at once, then sends `app/uninstalled` with the shop as its payload. The app can no
 * longer call the Admin API when that webhook arrives; it must clean up from the payload and its own records.
 */
import type { DevstoreContext } from "../context.ts";
import type { WebhookDelivery } from "./create-webhook-deliverer.ts";
import { presentShopPayload } from "./present-shop-payload.ts";

export interface UninstallResult {
  /** False when the app was not installed (nothing revoked, nothing sent). */
  uninstalled: boolean;
  revokedTokens: number;
  /** The app/uninstalled delivery; null when not subscribed or when webhooks are off. */
  delivery: WebhookDelivery | null;
}

export function uninstallApp(ctx: Pick<DevstoreContext, "state" | "app" | "now" | "webhooks">): UninstallResult {
  const apiKey = ctx.app.apiKey;
  const revoked = ctx.state.update((draft) => {
    if (!draft.installations.some((installation) => installation.apiKey === apiKey)) return null;
    const before = draft.accessTokens.length + draft.refreshTokens.length;
    draft.accessTokens = draft.accessTokens.filter((token) => token.apiKey !== apiKey);
    draft.refreshTokens = draft.refreshTokens.filter((token) => token.apiKey !== apiKey);
    draft.installations = draft.installations.filter((installation) => installation.apiKey !== apiKey);
    return before - draft.accessTokens.length - draft.refreshTokens.length;
  });
  if (revoked === null) return { uninstalled: false, revokedTokens: 0, delivery: null };
  const delivery = ctx.webhooks?.deliver({ topic: "app/uninstalled", payload: presentShopPayload(ctx.state.read(), ctx.now()) }) ?? null;
  return { uninstalled: true, revokedTokens: revoked, delivery };
}
