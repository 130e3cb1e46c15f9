import type { Prisma, WebhookEvent } from "../../generated/prisma/client";
import type { WebhookPayload, WebhookTopic } from "../payload-schemas";

/** A claimed event whose payload has been checked against its topic's schema. */
export type HandledWebhookEvent<T extends WebhookTopic> = Omit<WebhookEvent, "payload"> & { topic: T; payload: WebhookPayload<T> };

/**
 * A topic's handler. It runs inside the transaction that marks the event processed, so its writes and the
 * `processed` status commit together, or neither does and the event is retried. Throw to fail the attempt.
 */
export type WebhookHandler<T extends WebhookTopic> = (
  tx: Prisma.TransactionClient,
  event: HandledWebhookEvent<T>,
  now: Date,
) => Promise<{ note?: string } | void>;

export type WebhookHandlerRegistry = { [T in WebhookTopic]?: WebhookHandler<T> };
