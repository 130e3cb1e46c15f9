/**
 * The webhook inbox's processor: claims due events, runs each topic's handler, and records the outcome.
 *
 * - Claiming is one statement (UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING *), so two
 *   processors running at once (two app instances, or the interval and a kick) never claim the same event.
 * - A claimed event is `processing` with `nextAttemptAt` as its lease deadline. If the process dies mid-way, the
 *   next run after the deadline claims it again: an event acknowledged to Shopify is never lost.
 * - A handler's writes and the `processed` mark commit in one transaction, and only while this run still owns the
 *   claim (same status and attempt number), so a run whose lease was taken over cannot commit twice.
 * - A failure is retried with exponential backoff; after MAX_ATTEMPTS the event stays `failed` with its last
 *   error, until someone replays it from Sync health.
 * - Topics without a handler are never claimed: they stay `received` until one is registered (see handlers/index.ts).
 */
import type { Database } from "../db.server";
import { Prisma, type WebhookEvent } from "../generated/prisma/client";
import type { AdminGraphqlClient } from "../shopify/admin-client.server";
import { webhookHandlers } from "./handlers";
import { NotRetryableError } from "../services/not-retryable-error";
import { type PreparedWebhookHandler, type WebhookHandler, type WebhookHandlerRegistry, type WebhookPrepareContext } from "./handlers/types";
import { describePayloadIssues, webhookPayloadSchemas, type WebhookTopic } from "./payload-schemas";

export const WEBHOOK_LEASE_MS = 2 * 60_000;
export const WEBHOOK_MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 60 * 60_000;
/** Well inside the lease, so a slow handler is cut off before another run may reclaim its event. */
const HANDLER_TIMEOUT_MS = 10_000;

/** Delay before attempt `attempts + 1`: 1, 2, 4, 8 … minutes, at most an hour. */
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export interface ProcessWebhookOptions {
  handlers?: WebhookHandlerRegistry;
  /** The shop's Admin GraphQL client for handlers' `prepare` steps. Default: its offline session (app/shopify.server). */
  shopifyAdmin?: (shop: string) => Promise<AdminGraphqlClient>;
  maxAttempts?: number;
  leaseMs?: number;
  /**
   * Asked before each claimed event: true when the process is stopping. The events not started yet are released
   * (due again at once, the attempt given back) instead of waiting out their lease in another process.
   */
  shouldStop?: () => boolean;
}

export interface ProcessWebhookSummary {
  claimed: number;
  processed: number;
  retrying: number;
  failed: number;
  invalid: number;
  /** Claims another run took over after this run's lease ran out; that run owns the outcome. */
  lostLease: number;
  /** Events abandoned in `processing` on their last attempt (a crash each time), now `failed`. */
  abandoned: number;
  /** Claimed, then handed back unstarted because the process is stopping (shouldStop). */
  released: number;
}

export async function processDueWebhookEvents(db: Database, now: Date, limit = 10, options: ProcessWebhookOptions = {}): Promise<ProcessWebhookSummary> {
  const handlers = options.handlers ?? webhookHandlers;
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? WEBHOOK_LEASE_MS;
  const summary: ProcessWebhookSummary = { claimed: 0, processed: 0, retrying: 0, failed: 0, invalid: 0, lostLease: 0, abandoned: 0, released: 0 };
  const topics = Object.keys(handlers);
  if (topics.length === 0 || limit <= 0) return summary;

  summary.abandoned = await failAbandonedEvents(db, now, maxAttempts);
  const claimed = await claimDueEvents(db, now, limit, topics, maxAttempts, new Date(now.getTime() + leaseMs));
  summary.claimed = claimed.length;
  const context: WebhookPrepareContext = { db, admin: options.shopifyAdmin ?? readOfflineAdmin };
  for (const [index, event] of claimed.entries()) {
    if (options.shouldStop?.()) {
      summary.released = await releaseClaims(db, claimed.slice(index), now);
      break;
    }
    summary[await processClaimedEvent(db, event, now, handlers, maxAttempts, context)] += 1;
  }
  return summary;
}

/** Ends this run's lease on events it has not started: due again now, with the claim's attempt given back. */
async function releaseClaims(db: Database, events: WebhookEvent[], now: Date): Promise<number> {
  let released = 0;
  for (const event of events) {
    const { count } = await db.webhookEvent.updateMany({
      where: { id: event.id, shop: event.shop, status: "processing", attempts: event.attempts },
      data: { attempts: event.attempts - 1, nextAttemptAt: now },
    });
    released += count;
  }
  return released;
}

// The claim is the one query without `shop` in its where, by design: the processor serves every shop. Each
// claimed row carries its shop, and everything after the claim is scoped by it.
function claimDueEvents(db: Database, now: Date, limit: number, topics: string[], maxAttempts: number, leaseDeadline: Date) {
  return db.$queryRaw<WebhookEvent[]>`
    UPDATE "WebhookEvent"
    SET "status" = 'processing', "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseDeadline}
    WHERE "id" IN (
      SELECT "id" FROM "WebhookEvent"
      WHERE "status" IN ('received', 'failed', 'processing')
        AND "nextAttemptAt" <= ${now}
        AND "attempts" < ${maxAttempts}
        AND "topic" IN (${Prisma.join(topics)})
      ORDER BY "nextAttemptAt", "receivedAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`;
}

// Global like the claim: a run that died on an event's last attempt leaves it `processing`; give up on it visibly.
function failAbandonedEvents(db: Database, now: Date, maxAttempts: number) {
  return db.$executeRaw`
    UPDATE "WebhookEvent"
    SET "status" = 'failed', "nextAttemptAt" = NULL,
        "lastError" = 'Processing never finished within its lease (the worker crashed or was stopped) on every attempt. Replay it from Sync health once the cause is fixed.'
    WHERE "status" = 'processing' AND "nextAttemptAt" <= ${now} AND "attempts" >= ${maxAttempts}`;
}

class LeaseLostError extends Error {}

async function processClaimedEvent(
  db: Database,
  event: WebhookEvent,
  now: Date,
  handlers: WebhookHandlerRegistry,
  maxAttempts: number,
  context: WebhookPrepareContext,
): Promise<"processed" | "retrying" | "failed" | "invalid" | "lostLease"> {
  const topic = event.topic as WebhookTopic;
  // Only events whose topic has a handler are claimed, so both lookups succeed.
  const handler = handlers[topic] as WebhookHandler<WebhookTopic> | PreparedWebhookHandler<WebhookTopic>;
  const ownedByThisRun = { id: event.id, shop: event.shop, status: "processing", attempts: event.attempts } as const;

  const parsed = webhookPayloadSchemas[topic].safeParse(event.payload);
  if (!parsed.success) {
    await db.webhookEvent.updateMany({
      where: ownedByThisRun,
      data: { status: "invalid", nextAttemptAt: null, lastError: describePayloadIssues(event.topicRaw, parsed.error) },
    });
    return "invalid";
  }

  const handled = { ...event, topic, payload: parsed.data };
  try {
    const prepared = typeof handler === "function" ? undefined : await handler.prepare(handled, now, context);
    await db.$transaction(
      async (tx) => {
        const result = typeof handler === "function" ? await handler(tx, handled, now) : await handler.handle(tx, handled, now, prepared);
        const marked = await tx.webhookEvent.updateMany({
          where: ownedByThisRun,
          data: { status: "processed", processedAt: now, nextAttemptAt: null, lastError: null, resultNote: result?.note ?? null },
        });
        if (marked.count !== 1) throw new LeaseLostError();
      },
      { timeout: HANDLER_TIMEOUT_MS },
    );
    return "processed";
  } catch (error) {
    if (error instanceof LeaseLostError) return "lostLease";
    const giveUp = event.attempts >= maxAttempts || error instanceof NotRetryableError;
    const message = error instanceof Error ? error.message : String(error);
    const marked = await db.webhookEvent.updateMany({
      where: ownedByThisRun,
      data: {
        status: "failed",
        lastError: error instanceof NotRetryableError
          ? `Not retried (retrying cannot fix this): ${message} Replay it from Sync health once fixed.`
          : `Attempt ${event.attempts} of ${maxAttempts}: ${message}`,
        nextAttemptAt: giveUp ? null : new Date(now.getTime() + webhookRetryDelayMs(event.attempts)),
      },
    });
    if (marked.count !== 1) return "lostLease";
    return giveUp ? "failed" : "retrying";
  }
}

/** The worker's default: the shop's offline session, loaded lazily so tests that pass handlers never need app config. */
async function readOfflineAdmin(shop: string): Promise<AdminGraphqlClient> {
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return admin;
}
