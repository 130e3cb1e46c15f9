/**
 * The one door every webhook route goes through: authenticate (the library checks the HMAC), check the payload's
 * shape for its topic, store the delivery in the webhook inbox, answer fast. Processing happens later, in
 * app/webhooks/process-webhook-events.server.ts, so a slow or failing handler never makes Shopify wait or retry,
 * and a crash after answering loses nothing: the row is already stored.
 *
 * Answers: 200 stored (or already stored: a retry of the same X-Shopify-Webhook-Id), 200 ignored (a shop that is
 * not installed), 400 with the reason for a body that is not JSON or not the topic's shape (stored as `invalid`
 * first, so it can be inspected and replayed from Sync health), and the library's own 401 / 405 / 400 for a bad
 * HMAC, a non-POST or missing headers (nothing stored: an unsigned request is not Shopify's).
 */
import { createHash } from "node:crypto";
import db, { type Database } from "../db.server";
import { findShop } from "../repositories/shop-repository.server";
import { insertWebhookEvent, type NewWebhookEvent } from "../repositories/webhook-event-repository.server";
import { authenticate } from "../shopify.server";
import { checkWebhookPayload, COMPLIANCE_TOPICS, isWebhookTopic, normalizeWebhookTopic } from "../webhooks/payload-schemas";
import { kickWebhookWorker } from "../webhooks/start-webhook-worker.server";

type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

export interface ReceiveWebhookDependencies {
  db: Database;
  authenticateWebhook: (request: Request) => Promise<Pick<WebhookContext, "shop" | "topic" | "webhookId" | "apiVersion" | "payload"> & { eventId?: string; triggeredAt?: string }>;
  now: () => Date;
  /** Tells the in-process worker there is something to do (a no-op when no worker runs, as in tests). */
  kick: () => void;
}

const defaultDependencies: ReceiveWebhookDependencies = {
  db,
  authenticateWebhook: (request) => authenticate.webhook(request),
  now: () => new Date(),
  kick: kickWebhookWorker,
};

export async function receiveWebhook(request: Request, dependencies: ReceiveWebhookDependencies = defaultDependencies): Promise<Response> {
  // The library reads the body to check the HMAC; keep our own copy for the hash (and for a body that is not JSON).
  const copy = request.clone();
  let context: Awaited<ReturnType<ReceiveWebhookDependencies["authenticateWebhook"]>>;
  try {
    context = await dependencies.authenticateWebhook(request);
  } catch (error) {
    if (error instanceof Response) return error;
    // The library JSON.parses the body only after the HMAC and headers checked out, so this is a genuine
    // Shopify delivery whose body is not JSON: record it rather than answer 500 (which Shopify would retry).
    if (error instanceof SyntaxError) return recordUnparseableBody(copy, error, dependencies);
    throw error;
  }

  const rawBody = await copy.text();
  const receivedAt = dependencies.now();
  const topicRaw = copy.headers.get("x-shopify-topic") ?? context.topic;
  const topic = normalizeWebhookTopic(topicRaw);
  const base: Omit<NewWebhookEvent, "status" | "lastError"> = {
    shop: context.shop,
    topic,
    topicRaw,
    webhookId: context.webhookId,
    eventId: context.eventId ?? null,
    apiVersion: context.apiVersion,
    triggeredAt: parseTimestamp(context.triggeredAt),
    receivedAt,
    payload: context.payload as NewWebhookEvent["payload"],
    rawBody: null,
    payloadHash: hashBody(rawBody),
  };

  const decision = await decide(dependencies.db, context.shop, topic, context.payload);
  const lastError = decision.status === "received" ? null : decision.reason;
  const stored = await insertWebhookEvent(dependencies.db, { ...base, status: decision.status, lastError });
  // A retry of a delivery already stored: nothing new to store, and nothing for Shopify to retry.
  if (stored === "duplicate") return new Response("Already received", { status: 200 });

  switch (decision.status) {
    case "received":
      dependencies.kick();
      return new Response("Received", { status: 200 });
    case "ignored":
      return new Response(`Ignored: ${decision.reason}`, { status: 200 });
    case "invalid":
      return new Response(decision.reason, { status: 400 });
  }
}

type Decision = { status: "received" } | { status: "ignored" | "invalid"; reason: string };

async function decide(database: Database, shop: string, topic: string, payload: unknown): Promise<Decision> {
  if (!isWebhookTopic(topic)) {
    return { status: "ignored", reason: `Affable does not subscribe to ${topic}; add it to shopify.app.toml and app/webhooks/payload-schemas.ts to handle it.` };
  }
  if (!COMPLIANCE_TOPICS.has(topic)) {
    const installed = await findShop(database, shop);
    if (!installed) return { status: "ignored", reason: `${shop} has never installed Affable.` };
    if (installed.uninstalledAt) return { status: "ignored", reason: `${shop} uninstalled Affable on ${installed.uninstalledAt.toISOString()}.` };
  }
  const check = checkWebhookPayload(topic, payload);
  return check.ok ? { status: "received" } : { status: "invalid", reason: check.reason };
}

async function recordUnparseableBody(copy: Request, error: SyntaxError, dependencies: ReceiveWebhookDependencies): Promise<Response> {
  const headers = copy.headers;
  const rawBody = await copy.text();
  const topicRaw = headers.get("x-shopify-topic") ?? "";
  const reason = `The body is not valid JSON (${error.message}).`;
  const shop = headers.get("x-shopify-shop-domain");
  const webhookId = headers.get("x-shopify-webhook-id");
  if (shop && webhookId) {
    await insertWebhookEvent(dependencies.db, {
      shop,
      topic: normalizeWebhookTopic(topicRaw),
      topicRaw,
      webhookId,
      eventId: headers.get("x-shopify-event-id"),
      apiVersion: headers.get("x-shopify-api-version") ?? "",
      triggeredAt: parseTimestamp(headers.get("x-shopify-triggered-at") ?? undefined),
      receivedAt: dependencies.now(),
      payload: null,
      rawBody,
      payloadHash: hashBody(rawBody),
      status: "invalid",
      lastError: reason,
    });
  }
  return new Response(reason, { status: 400 });
}

function hashBody(rawBody: string): string {
  return createHash("sha256").update(rawBody).digest("hex");
}

function parseTimestamp(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
