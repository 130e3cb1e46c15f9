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
import { createHash, randomUUID } from "node:crypto";
import db, { sql, type Database, type SqlClient } from "../../db.server";
import type { WebhookEventStatus } from "../../generated/prisma/client";
import { insertWebhookEvent, type NewWebhookEvent } from "../../repositories/webhook-event-repository.server";
import { authenticate } from "../../shopify.server";
import { checkWebhookPayload, COMPLIANCE_TOPICS, isWebhookTopic, normalizeWebhookTopic } from "../../webhooks/payload-schemas";
import { groupWrites } from "../../webhooks/group-writes";
import { kickWebhookWorker } from "../../webhooks/start-webhook-worker.server";

type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

export interface ReceiveWebhookDependencies {
  db: Database;
  sql: SqlClient;
  authenticateWebhook: (request: Request) => Promise<Pick<WebhookContext, "shop" | "topic" | "webhookId" | "apiVersion" | "payload">>;
  now: () => Date;
  /** Tells the webhook worker deliveries are arriving (a no-op when no worker runs, as in tests). */
  kick: () => void;
}

const defaultDependencies: ReceiveWebhookDependencies = {
  db,
  sql,
  authenticateWebhook: (request) => authenticate.webhook(request),
  now: () => new Date(),
  kick: kickWebhookWorker,
};

export async function receiveWebhook(request: Request, dependencies: ReceiveWebhookDependencies = defaultDependencies): Promise<Response> {
  // Before storing, too: a worker in the middle of a backlog yields to deliveries after its current event, and on
  // the embedded database (one connection) it would otherwise only hear of them once its whole run had ended.
  dependencies.kick();
  // Read the body once: the library's copy is rebuilt from it, and the hash (or an unparseable body) needs it too.
  const rawBody = request.method === "POST" ? await request.text() : "";
  let context: Awaited<ReturnType<ReceiveWebhookDependencies["authenticateWebhook"]>>;
  try {
    context = await dependencies.authenticateWebhook(withAuthenticatedHeadersOnly(request, rawBody));
  } catch (error) {
    if (error instanceof Response) return error;
    // The library JSON.parses the body only after the HMAC and headers checked out, so this is a genuine
    // Shopify delivery whose body is not JSON: record it rather than answer 500 (which Shopify would retry).
    if (error instanceof SyntaxError) return recordUnparseableBody(request.headers, rawBody, error, dependencies);
    throw error;
  }

  const receivedAt = dependencies.now();
  const topicRaw = request.headers.get("x-shopify-topic") ?? context.topic;
  const topic = normalizeWebhookTopic(topicRaw);
  const base: Omit<InboxRow["event"], "status" | "lastError"> = {
    shop: context.shop,
    topic,
    topicRaw,
    webhookId: context.webhookId,
    eventId: request.headers.get("x-shopify-event-id"),
    apiVersion: context.apiVersion,
    triggeredAt: parseTimestamp(request.headers.get("x-shopify-triggered-at") ?? request.headers.get("shopify-triggered-at")),
    receivedAt,
    payloadHash: hashBody(rawBody),
  };

  const decision = decide(topic, context.payload);
  const stored = await storeInInbox(dependencies.sql, {
    event: { ...base, status: decision.status, lastError: decision.reason },
    rawJson: rawBody,
    rawBody: null,
    requiresInstall: decision.requiresInstall,
  });
  // A retry of a delivery already stored: nothing new to store, and nothing for Shopify to retry.
  if (stored === null) return new Response("Already received", { status: 200 });

  switch (stored.status) {
    case "received":
      dependencies.kick();
      return new Response("Received", { status: 200 });
    case "ignored":
      return new Response(`Ignored: ${stored.lastError}`, { status: 200 });
    default:
      return new Response(stored.lastError, { status: 400 });
  }
}

/** `requiresInstall`: the status holds only if the shop is installed; otherwise the delivery is ignored. */
type Decision = { status: "received" | "ignored" | "invalid"; reason: string | null; requiresInstall: boolean };

function decide(topic: string, payload: unknown): Decision {
  if (!isWebhookTopic(topic)) {
    const reason = `Affable does not subscribe to ${topic}; add it to shopify.app.toml and app/webhooks/payload-schemas.ts to handle it.`;
    return { status: "ignored", reason, requiresInstall: false };
  }
  const check = checkWebhookPayload(topic, payload);
  // Compliance topics are honoured whatever the install state: shop/redact arrives 48 hours after uninstall.
  const requiresInstall = !COMPLIANCE_TOPICS.has(topic);
  return check.ok ? { status: "received", reason: null, requiresInstall } : { status: "invalid", reason: check.reason, requiresInstall };
}

interface InboxRow {
  /** The columns besides the payload and the raw body. */
  event: Omit<NewWebhookEvent, "payload" | "rawBody">;
  /** The delivery's body, which the library has parsed: stored as the payload, verbatim. */
  rawJson: string;
  /** Kept only when the payload is not the body as sent (storeRefusedBody); otherwise null. */
  rawBody: string | null;
  /** The status holds only if the shop is installed; otherwise the delivery is ignored. */
  requiresInstall: boolean;
}

/** What was stored, or null when this (shop, webhookId) already was (a retry). */
type StoredDelivery = { status: WebhookEventStatus; lastError: string } | null;

const inboxWriters = new WeakMap<SqlClient, (row: InboxRow) => Promise<StoredDelivery>>();

/**
 * Stores a delivery in the inbox, grouped with the deliveries arriving at the same moment into one statement
 * (group commit, app/webhooks/group-writes.ts): under a burst one round trip and one commit carry dozens of them.
 * A lone delivery is written at once. If the database refuses a group (PostgreSQL's jsonb rejects a "\u0000"
 * that JSON.parse accepts), each delivery is written alone, so one bad body never fails the others, and the bad one
 * is stored as `invalid` (storeRefusedBody).
 */
function storeInInbox(sqlClient: SqlClient, row: InboxRow): Promise<StoredDelivery> {
  let write = inboxWriters.get(sqlClient);
  if (!write) {
    write = groupWrites<InboxRow, StoredDelivery>(
      async (rows) => {
        try {
          return await storeWebhookEvents(sqlClient, rows);
        } catch (error) {
          if (rows.length === 1) return [await storeRefusedBody(sqlClient, rows[0]!, error)];
          return Promise.all(
            rows.map((alone) =>
              storeWebhookEvents(sqlClient, [alone])
                .then(([stored]) => stored ?? null, (failure: unknown) => storeRefusedBody(sqlClient, alone, failure))
                .catch((failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure)))),
            ),
          );
        }
      },
      // One group in flight: the deliveries that arrive meanwhile form the next one.
      { maxGroupSize: 100, maxConcurrentWrites: 1 },
    );
    inboxWriters.set(sqlClient, write);
  }
  return write(row);
}

/** PostgreSQL's untranslatable_character: jsonb refuses the escape "\u0000" (it cannot hold a NUL character). */
const UNTRANSLATABLE_CHARACTER = "22P05";

/**
 * A delivery written alone that the database refused. If jsonb refused a "\u0000" in the body, the delivery is
 * stored anyway, as `invalid`: the raw text as sent (text holds the escape itself) and, as the payload, the body
 * with each NUL replaced by U+FFFD, so once someone has looked at it a replay from Sync health processes the order.
 * Answering 500 instead would make Shopify retry the same body for 48 hours and lose the order. Any other refusal
 * (the database is down) is thrown: Shopify retries a 500, and nothing was stored.
 */
async function storeRefusedBody(sqlClient: SqlClient, row: InboxRow, error: unknown): Promise<StoredDelivery> {
  if ((error as { code?: unknown } | null)?.code !== UNTRANSLATABLE_CHARACTER) throw error;
  const reason =
    'The body contains "\\u0000" (a NUL character), which the database cannot store; it was stored with each one ' +
    'replaced by U+FFFD (the raw body is kept as sent). Check the order in Shopify, then replay it from Sync health.' +
    (row.event.lastError ? ` ${row.event.lastError}` : "");
  const cleaned: InboxRow = {
    event: { ...row.event, status: "invalid", lastError: reason },
    rawJson: JSON.stringify(replaceNulCharacters(JSON.parse(row.rawJson))),
    rawBody: row.rawJson,
    requiresInstall: row.requiresInstall,
  };
  const [stored] = await storeWebhookEvents(sqlClient, [cleaned]);
  return stored ?? null;
}

/** `value` with every NUL character in its strings (keys too) replaced by U+FFFD. */
export function replaceNulCharacters(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\u0000", "\uFFFD");
  if (Array.isArray(value)) return value.map(replaceNulCharacters);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key.replaceAll("\u0000", "\uFFFD"), replaceNulCharacters(entry)]));
  }
  return value;
}

/**
 * Reads each shop's install state and stores each delivery with the status that follows, in ONE statement; a
 * delivery whose (shop, webhookId) is already stored comes back null (the unique key decides, not a read before
 * the write). Plain SQL, prepared once per connection: this is the hot path, and through Prisma it cost more CPU
 * than everything else a delivery needs (tools/bench/webhooks.ts). The rows travel as one JSON array with each body
 * spliced in verbatim, so nothing is serialised twice. Ids are random UUIDs (opaque everywhere).
 */
async function storeWebhookEvents(sqlClient: SqlClient, rows: InboxRow[]): Promise<StoredDelivery[]> {
  const ids = rows.map(() => randomUUID());
  const json = rows.map(({ event, rawJson, rawBody, requiresInstall }, index) => {
    const columns = JSON.stringify({
      id: ids[index],
      shop: event.shop,
      topic: event.topic,
      topicRaw: event.topicRaw,
      webhookId: event.webhookId,
      eventId: event.eventId,
      apiVersion: event.apiVersion,
      // UTC, like every timestamp(3) column Prisma writes.
      triggeredAt: event.triggeredAt?.toISOString() ?? null,
      receivedAt: event.receivedAt.toISOString(),
      payloadHash: event.payloadHash,
      status: event.status,
      lastError: event.lastError,
      requiresInstall,
      rawBody,
    });
    return `${columns.slice(0, -1)},"payload":${rawJson}}`;
  });
  const stored = await sqlClient.query<{ id: string; status: WebhookEventStatus; lastError: string | null }>({
    name: "affable_store_webhook_events",
    text: STORE_WEBHOOK_EVENTS,
    values: [`[${json.join(",")}]`],
  });
  const byId = new Map(stored.map((row) => [row.id, { status: row.status, lastError: row.lastError ?? "" }]));
  return ids.map((id) => byId.get(id) ?? null);
}

const STORE_WEBHOOK_EVENTS = `
  WITH "incoming" AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS "row"(
      "id" text, "shop" text, "topic" text, "topicRaw" text, "webhookId" text, "eventId" text, "apiVersion" text,
      "triggeredAt" timestamp(3), "receivedAt" timestamp(3), "payload" jsonb, "payloadHash" text,
      "status" text, "lastError" text, "requiresInstall" boolean, "rawBody" text
    )
  ), "decided" AS (
    SELECT
      "incoming".*,
      CASE
        WHEN NOT "incoming"."requiresInstall" THEN "incoming"."status"
        WHEN "Shop"."shop" IS NULL OR "Shop"."uninstalledAt" IS NOT NULL THEN 'ignored'
        ELSE "incoming"."status"
      END AS "decidedStatus",
      CASE
        WHEN NOT "incoming"."requiresInstall" THEN "incoming"."lastError"
        WHEN "Shop"."shop" IS NULL THEN "incoming"."shop" || ' has never installed Affable.'
        WHEN "Shop"."uninstalledAt" IS NOT NULL THEN "incoming"."shop" || ' uninstalled Affable on '
          || to_char("Shop"."uninstalledAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '.'
        ELSE "incoming"."lastError"
      END AS "decidedError"
    FROM "incoming" LEFT JOIN "Shop" ON "Shop"."shop" = "incoming"."shop"
  )
  INSERT INTO "WebhookEvent" (
    "id", "shop", "topic", "topicRaw", "webhookId", "eventId", "apiVersion", "triggeredAt", "receivedAt",
    "payload", "rawBody", "payloadHash", "status", "lastError", "nextAttemptAt"
  )
  SELECT
    "id", "shop", "topic", "topicRaw", "webhookId", "eventId", "apiVersion", "triggeredAt", "receivedAt",
    "payload", "rawBody", "payloadHash", "decidedStatus"::"WebhookEventStatus", "decidedError",
    -- A received event is due at once; the processor claims by (status, nextAttemptAt).
    CASE WHEN "decidedStatus" = 'received' THEN "receivedAt" END
  FROM "decided"
  ON CONFLICT ("shop", "webhookId") DO NOTHING
  RETURNING "id", "status"::text AS "status", "lastError"`;

async function recordUnparseableBody(headers: Headers, rawBody: string, error: SyntaxError, dependencies: ReceiveWebhookDependencies): Promise<Response> {
  const topicRaw = headers.get("x-shopify-topic") ?? "";
  // PostgreSQL's text cannot hold a NUL character either (a raw one is what made JSON.parse refuse the body).
  const storable = rawBody.replaceAll("\u0000", "\uFFFD");
  const reason = `The body is not valid JSON (${error.message}).${storable === rawBody ? "" : ' NUL characters in the stored text are shown as U+FFFD.'}`;
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
      triggeredAt: parseTimestamp(headers.get("x-shopify-triggered-at")),
      receivedAt: dependencies.now(),
      payload: null,
      rawBody: storable,
      payloadHash: hashBody(rawBody),
      status: "invalid",
      lastError: reason,
    });
  }
  return new Response(reason, { status: 400 });
}

/**
 * The request the library authenticates: the same method, URL and body, with only the headers it checks (the
 * HMAC, and the topic, shop, API version and webhook id it requires). @shopify/shopify-api re-canonicalises every
 * header name whenever it adds or looks one up (quadratic in the header count): with the ~15 headers a delivery
 * carries that cost more CPU than storing it (tools/bench/webhooks.ts). The event id and trigger time, which it
 * only passes through, are read from the delivery's own headers.
 */
function withAuthenticatedHeadersOnly(request: Request, rawBody: string): Request {
  const headers = new Headers();
  for (const name of AUTHENTICATED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Request(request.url, { method: request.method, headers, body: request.method === "POST" ? rawBody : null });
}

/** Webhooks send `X-Shopify-*`; events webhooks send `Shopify-*` plus a handle and an action. */
const AUTHENTICATED_HEADERS = [
  ...["hmac-sha256", "topic", "shop-domain", "api-version", "webhook-id"].flatMap((name) => [`x-shopify-${name}`, `shopify-${name}`]),
  "shopify-handle",
  "shopify-action",
];

function hashBody(rawBody: string): string {
  return createHash("sha256").update(rawBody).digest("hex");
}

function parseTimestamp(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
