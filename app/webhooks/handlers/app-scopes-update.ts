import type { WebhookHandler } from "./types";

/** app/scopes_update: keeps the stored sessions' scopes in step with what the merchant granted. */
export const handleAppScopesUpdate: WebhookHandler<"APP_SCOPES_UPDATE"> = async (tx, event) => {
  const updated = await tx.session.updateMany({ where: { shop: event.shop }, data: { scope: event.payload.current.join(",") } });
  return { note: updated.count === 0 ? "No stored session to update." : `Updated the scopes of ${updated.count} session(s).` };
};
