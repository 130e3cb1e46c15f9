/**
 * Sends due outbound webhook messages, each signed in the Standard Webhooks format, and logs every attempt with
 * its status code. A 2xx delivers; anything else (or no answer within the timeout) is retried on the Standard
 * Webhooks schedule; after the last attempt the message is failed (replayable from the admin).
 *
 * A message is claimed by moving its nextAttemptAt forward with a conditional update (the lease), so two workers
 * never send the same attempt; a worker that dies mid-send leaves it to be retried when the lease ends.
 *
 * Each endpoint has its own lane (one message at a time, oldest due first) and lanes run side by side, so an
 * endpoint that answers slowly — or never, until the timeout — only delays its own messages, never another shop's.
 * A run picks the endpoints whose oldest due message waited longest (fair: one backlog cannot take the whole run)
 * and skips endpoints whose lane is still busy from an earlier run of this process (`busyEndpoints`).
 * Every request goes through postToEndpoint (SSRF policy, pinned address, no redirects, 2 KB, timeout).
 */
import type { Database } from "../db.server";
import type { OutboundWebhookMessage } from "../generated/prisma/client";
import { endpointPolicyForEnvironment, type EndpointAddressPolicy } from "./endpoint-address-policy";
import { DEFAULT_TIMEOUT_MS, postToEndpoint, resolveWithSystemDns, type EndpointTransport, type ResolveHostname } from "./post-to-endpoint.server";
import { signOutboundWebhook } from "./sign-outbound-webhook";

export const RETRY_DELAYS_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
const LEASE_MS = 60_000;
/** Endpoints served side by side in one run. */
const DEFAULT_MAX_LANES = 8;
/** Messages one lane sends in a run before making room for the next run's choice of endpoints. */
const DEFAULT_MESSAGES_PER_LANE = 20;

export interface DeliveryOptions {
  now: Date;
  /** Endpoints served side by side in this run (default 8). */
  maxLanes?: number;
  /** Messages per endpoint in this run (default 20); the worker runs again soon enough. */
  messagesPerLane?: number;
  /** Endpoints with a lane still running from an earlier run: skipped, and marked while this run serves them. */
  busyEndpoints?: Set<string>;
  /** Called once the endpoints of this run are chosen (and marked busy). */
  onLanesChosen?: () => void;
  /** Which addresses may be reached; defaults to the policy of NODE_ENV (loopback only in development). */
  addressPolicy?: EndpointAddressPolicy;
  /** Name resolution; defaults to the system resolver. Tests point names at 127.0.0.1 with it. */
  resolve?: ResolveHostname;
  timeoutMs?: number;
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

export async function deliverDueOutboundWebhooks(db: Database, options: DeliveryOptions): Promise<DeliveryReport> {
  const { now } = options;
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  const busy = options.busyEndpoints ?? new Set<string>();
  const transport: EndpointTransport = {
    policy: options.addressPolicy ?? endpointPolicyForEnvironment(process.env.NODE_ENV),
    resolve: options.resolve ?? resolveWithSystemDns,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const startedAt = Date.now();
  // A lane may run for a while after `now`: each claim's lease counts from the moment it is taken.
  const leaseUntil = () => new Date(now.getTime() + (Date.now() - startedAt) + LEASE_MS);
  let lanes: string[] = [];
  try {
    const due = await db.outboundWebhookMessage.groupBy({
      by: ["endpointId"],
      where: { status: "pending", nextAttemptAt: { lte: now }, ...(busy.size > 0 ? { endpointId: { notIn: [...busy] } } : {}) },
      _min: { nextAttemptAt: true },
      orderBy: { _min: { nextAttemptAt: "asc" } },
      take: options.maxLanes ?? DEFAULT_MAX_LANES,
    });
    lanes = due.map((row) => row.endpointId).filter((endpointId) => !busy.has(endpointId));
    for (const endpointId of lanes) busy.add(endpointId);
  } finally {
    options.onLanesChosen?.();
  }
  await Promise.all(
    lanes.map(async (endpointId) => {
      try {
        for (let sent = 0; sent < (options.messagesPerLane ?? DEFAULT_MESSAGES_PER_LANE); sent += 1) {
          const message = await claimNextMessage(db, endpointId, now, leaseUntil());
          if (message === null) break;
          const outcome = await deliverOne(db, message, now, transport);
          report[outcome] += 1;
        }
      } finally {
        busy.delete(endpointId);
      }
    }),
  );
  return report;
}

/** The endpoint's oldest due message, claimed by a conditional update (another worker may take it first). */
async function claimNextMessage(db: Database, endpointId: string, now: Date, leaseUntil: Date): Promise<OutboundWebhookMessage | null> {
  for (;;) {
    const message = await db.outboundWebhookMessage.findFirst({
      where: { endpointId, status: "pending", nextAttemptAt: { lte: now } },
      orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    });
    if (message === null) return null;
    const claimed = await db.outboundWebhookMessage.updateMany({
      where: { shop: message.shop, id: message.id, status: "pending", nextAttemptAt: message.nextAttemptAt },
      data: { nextAttemptAt: leaseUntil },
    });
    if (claimed.count === 1) return message;
  }
}

async function deliverOne(db: Database, message: OutboundWebhookMessage, now: Date, transport: EndpointTransport): Promise<keyof DeliveryReport> {
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
    const answer = await postToEndpoint(endpoint.url, {
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Affable-Webhooks/1",
        "webhook-id": message.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signOutboundWebhook({ id: message.id, timestamp, body, secret: endpoint.secret }),
      },
      body,
    }, transport);
    statusCode = answer.statusCode;
    responseBody = answer.bodyExcerpt;
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
