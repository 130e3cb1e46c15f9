import type { Database } from "../../db.server";
import { NotRetryableError } from "../../services/not-retryable-error";
import type { Prisma, WebhookEvent } from "../../generated/prisma/client";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
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

/** What a handler's `prepare` step may use: the database (reads only) and the shop's Admin GraphQL client. */
export interface WebhookPrepareContext {
  db: Database;
  /** The shop's Admin GraphQL client, from its offline session. Throws when the shop has none (uninstalled). */
  admin(shop: string): Promise<AdminGraphqlClient>;
}

/**
 * A handler with a step that runs BEFORE the transaction: reads from Shopify (Admin GraphQL) must not hold a
 * database transaction and its locks open for a network round trip. `prepare` fails the attempt like `handle`
 * does (and is retried); what it returns is handed to `handle`.
 */
export interface PreparedWebhookHandler<T extends WebhookTopic> {
  prepare(event: HandledWebhookEvent<T>, now: Date, context: WebhookPrepareContext): Promise<unknown>;
  handle(tx: Prisma.TransactionClient, event: HandledWebhookEvent<T>, now: Date, prepared: unknown): Promise<{ note?: string } | void>;
}

/** Keeps `prepare`'s result type flowing into `handle` while the registry stores them untyped. */
export function definePreparedHandler<T extends WebhookTopic, P>(handler: {
  prepare(event: HandledWebhookEvent<T>, now: Date, context: WebhookPrepareContext): Promise<P>;
  handle(tx: Prisma.TransactionClient, event: HandledWebhookEvent<T>, now: Date, prepared: P): Promise<{ note?: string } | void>;
}): PreparedWebhookHandler<T> {
  return handler as PreparedWebhookHandler<T>;
}

/**
 * A handler whose failure retrying cannot fix (e.g. the program is configured in another currency): the event is
 * marked failed at once, with this message saying what to change, and is replayed from Sync health after the fix.
 */
export class PermanentWebhookError extends NotRetryableError {
  override name = "PermanentWebhookError";
}

export type WebhookHandlerRegistry = { [T in WebhookTopic]?: WebhookHandler<T> | PreparedWebhookHandler<T> };
