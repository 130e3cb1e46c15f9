/**
 * Mail the shop itself sends (a gift card's code, a store credit notice), put where the SMTP catcher puts what it
 * receives: the state's `mail`, newest first, the last MAX_KEPT. Shopify sends these from its own mail servers, not
 * through the app, so the devstore writes them straight into the catcher's inbox (read at /store/{handle}/mail and
 * GET /__devstore/mail) instead of dialling its own SMTP port.
 */
import { allocateId } from "../state/allocate-id.ts";
import type { DevstoreState } from "../state/state-schema.ts";
import { MAX_KEPT } from "./start-smtp-catcher.ts";

export function recordShopMail(draft: DevstoreState, message: { to: string; subject: string; text: string }, now: Date): void {
  const at = now.toISOString();
  const id = allocateId(draft);
  draft.mail = [
    {
      id,
      messageId: `<shop-${id}@${draft.shop.myshopifyDomain}>`,
      from: `${draft.shop.name} <${draft.shop.contactEmail}>`,
      to: [message.to],
      replyTo: null,
      subject: message.subject,
      text: message.text,
      html: null,
      date: at,
      receivedAt: at,
    },
    ...draft.mail,
  ].slice(0, MAX_KEPT);
}
