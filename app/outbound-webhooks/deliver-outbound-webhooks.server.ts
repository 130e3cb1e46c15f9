/**
 * Sends due outbound webhook messages, each signed in the Standard Webhooks format, and logs every attempt with
 * its status code. A 2xx delivers; anything else (or no answer within the timeout) is retried on the Standard
 * Webhooks schedule; after the last attempt the message is failed (replayable from the admin).
 *
 * A message is claimed by moving its nextAttemptAt forward with a conditional update (the lease), so two workers
 * never send the same attempt; a worker that dies mid-send leaves it to be retried when the lease ends.
 */
import type { Database } from "../db.server";
import type { OutboundWebhookMessage } from "../generated/prisma/client";
import { signOutboundWebhook } from "./sign-outbound-webhook";

/** Seconds after attempt n (1-based) before the next one: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_DELAYS_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const RESPONSE_EXCERPT_CHARS = 2_048;

export interface DeliveryOptions {
  now: Date;
  /** Messages per run; the worker runs again soon enough. */
  limit?: number;
  fetch?: typeof fetch;
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

export async function deliverDueOutboundWebhooks(db: Database, options: DeliveryOptions): Promise<DeliveryReport> {
  const { now } = options;
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  const due = await db.outboundWebhookMessage.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 20,
  });
  for (const message of due) {
    const claimed = await db.outboundWebhookMessage.updateMany({
      where: { shop: message.shop, id: message.id, status: "pending", nextAttemptAt: message.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count === 0) continue;
    const outcome = await deliverOne(db, message, now, options.fetch ?? fetch);
    report[outcome] += 1;
  }
  return report;
}

async function deliverOne(db: Database, message: OutboundWebhookMessage, now: Date, send: typeof fetch): Promise<keyof DeliveryReport> {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { shop: message.shop, id: message.endpointId } });
  const attempts = message.attempts + 1;
  if (endpoint === null || !endpoint.enabled) {
    await db.outboundWebhookMessage.updateMany({
      where: { shop: message.shop, id: message.id },
      data: { status: "failed", nextAttemptAt: null, lastError: endpoint === null ? "The endpoint was deleted." : "The endpoint is disabled; enable it and replay." },
    });
    return "failed";
  }
  const body = JSON.stringify(message.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  const started = Date.now();
  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    const response = await send(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Affable-Webhooks/1",
        "webhook-id": message.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signOutboundWebhook({ id: message.id, timestamp, body, secret: endpoint.secret }),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = response.status;
    responseBody = (await response.text()).slice(0, RESPONSE_EXCERPT_CHARS);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const durationMs = Date.now() - started;
  const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const delaySeconds = RETRY_DELAYS_SECONDS[attempts - 1];
  const outcome: keyof DeliveryReport = delivered ? "delivered" : delaySeconds === undefined ? "failed" : "retrying";
  const lastError = delivered ? null : (error ?? `The endpoint answered ${statusCode}.`);
  await db.$transaction([
    db.outboundWebhookAttempt.create({
      data: { shop: message.shop, messageId: message.id, statusCode, responseBody, error, durationMs, attemptedAt: now },
    }),
    db.outboundWebhookMessage.updateMany({
      where: { shop: message.shop, id: message.id },
      data: {
        attempts,
        lastStatusCode: statusCode,
        lastError,
        status: outcome === "delivered" ? "delivered" : outcome === "failed" ? "failed" : "pending",
        nextAttemptAt: outcome === "retrying" && delaySeconds !== undefined ? new Date(now.getTime() + delaySeconds * 1000) : null,
        ...(delivered ? { deliveredAt: now } : {}),
      },
    }),
  ]);
  return outcome;
}
