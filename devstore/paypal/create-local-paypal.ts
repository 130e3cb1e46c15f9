/**
 * The local PayPal: PayPal's REST API for payouts as the app sees it through devstore/intercept.mjs, answering on
 * PayPal's own hosts (https://api-m.sandbox.paypal.com and https://api-m.paypal.com: separate accounts and state).
 *
 * - POST /v1/oauth2/token: client credentials (Basic auth), Bearer tokens with expires_in.
 * - POST /v1/payments/payouts: validation as PayPal does it (sender_batch_header, 1…15,000 items, one supported
 *   currency per batch, decimals per currency, receiver format), a sender_batch_id reused within 30 days rejected
 *   with PayPal's error and a link to the original batch, PayPal-Request-Id answered with the first response, the
 *   batch total held from the merchant balance (422 INSUFFICIENT_FUNDS when it does not cover it).
 * - GET /v1/payments/payouts/{payout_batch_id} (paged) and GET /v1/payments/payouts-item/{payout_item_id}.
 * - Items are processed after the answer: SUCCESS, UNCLAIMED (receiver without a PayPal account) then RETURNED after
 *   30 simulated days, FAILED, BLOCKED, ONHOLD, as each receiver's behaviour says; failed and returned money goes
 *   back to the balance.
 * - Webhooks: POST/GET /v1/notifications/webhooks; events PAYMENT.PAYOUTSBATCH.* and PAYMENT.PAYOUTS-ITEM.* sent to
 *   every subscribed URL, signed SHA256withRSA over `<transmission id>|<time>|<webhook id>|<crc32 of body>` with a
 *   key whose certificate is served at PAYPAL-CERT-URL (GET /v1/notifications/certs/{id}), like PayPal's.
 * - Chaos (per environment): requests that hang before or after storing (all, or only one method / path), 5xx,
 *   429, late / duplicated / reversed webhooks.
 *
 * Control routes (loopback only, never PayPal's hosts) are in paypal-control-routes.ts.
 */
import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { crc32 } from "node:zlib";
import { Hono } from "hono";
import { generate } from "selfsigned";
import { AUTHENTICATION_FAILURE, paypalError, validationError, type PaypalErrorDetail, type PaypalLink } from "./paypal-errors.ts";
import { randomPaypalId, randomTransmissionId, randomWebhookEventId } from "./paypal-ids.ts";
import { PAYPAL_CURRENCY_DECIMALS, formatPaypalValue, parsePaypalValue } from "./paypal-money.ts";
import {
  PAYPAL_HOSTS,
  type Chaos,
  type ItemStatus,
  type PaypalAccount,
  type PaypalEnvironment,
  type PaypalEnvironmentState,
  type PaypalState,
  type PaypalStateStore,
  type PayoutBatchRecord,
  type PayoutItemRecord,
  type ReceiverBehaviour,
} from "./paypal-state.ts";

export const MAX_ITEMS_PER_BATCH = 15_000;
export const TOKEN_LIFETIME_SECONDS = 32_400;
export const DAY_MS = 86_400_000;
/** PayPal returns an unclaimed payment to the sender after 30 days. */
export const UNCLAIMED_RETURN_DAYS = 30;
/** PayPal rejects a sender_batch_id used in the last 30 days, and keeps PayPal-Request-Id answers as long. */
const DUPLICATE_WINDOW_MS = 30 * DAY_MS;
const MAX_PAGE_SIZE = 1000;
const WEBHOOK_TRIES = 5;

const ITEM_EVENT: Readonly<Record<ItemStatus, string | null>> = {
  SUCCESS: "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
  FAILED: "PAYMENT.PAYOUTS-ITEM.FAILED",
  PENDING: null,
  UNCLAIMED: "PAYMENT.PAYOUTS-ITEM.UNCLAIMED",
  RETURNED: "PAYMENT.PAYOUTS-ITEM.RETURNED",
  ONHOLD: "PAYMENT.PAYOUTS-ITEM.HELD",
  BLOCKED: "PAYMENT.PAYOUTS-ITEM.BLOCKED",
  REFUNDED: "PAYMENT.PAYOUTS-ITEM.REFUNDED",
  REVERSED: "PAYMENT.PAYOUTS-ITEM.REVERSED",
};

/** Statuses whose money is back in the sender's balance. */
const MONEY_RETURNED: ReadonlySet<ItemStatus> = new Set(["FAILED", "RETURNED", "BLOCKED", "REFUNDED", "REVERSED"]);

const ITEM_ERRORS: Partial<Record<ItemStatus, { name: string; message: string }>> = {
  UNCLAIMED: { name: "RECEIVER_UNREGISTERED", message: "Receiver is unregistered. Payment will be returned if unclaimed within 30 days." },
  FAILED: { name: "RECEIVER_ACCOUNT_LOCKED", message: "Receiver's account is locked or inactive." },
  BLOCKED: { name: "REGULATORY_BLOCKED", message: "This transaction is blocked due to regulatory compliance restrictions." },
  RETURNED: { name: "RECEIVER_UNREGISTERED", message: "Payment was returned to the sender: the receiver did not claim it within 30 days." },
};

export interface WebhookDeliveryLog {
  environment: PaypalEnvironment;
  eventId: string;
  eventType: string;
  url: string;
  transmissionId: string;
  status: number | null;
  error: string | null;
  at: string;
}

export interface LocalPaypalOptions {
  store: PaypalStateStore;
  /** The real clock; the simulated one is this plus the state's clockOffsetMs. */
  now?: () => Date;
  /** Process batches right after answering (default true). Tests turn it off and call process(). */
  autoProcess?: boolean;
  /** Wait before the first webhook retry; doubles each time (default 1 s). */
  webhookRetryMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export interface LocalPaypal {
  app: Hono;
  store: PaypalStateStore;
  /** Whether a request URL is for PayPal's API hosts. */
  handles(url: URL): boolean;
  /** The simulated time. */
  now(): Date;
  /** Processes pending batches and returns unclaimed items older than 30 days; sends the webhooks. */
  process(): void;
  /** Moves the simulated clock, then processes. */
  advance(milliseconds: number): void;
  /** Sets an item's status as PayPal would later (RETURNED, REVERSED, REFUNDED, …) and sends its webhook. */
  setItemStatus(environment: PaypalEnvironment, payoutItemId: string, status: ItemStatus): PayoutItemRecord;
  deliveries(): readonly WebhookDeliveryLog[];
  /** Resolves when every webhook queued so far was delivered or gave up. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function environmentOfHost(hostname: string): PaypalEnvironment | null {
  if (hostname === PAYPAL_HOSTS.sandbox || hostname === "api.sandbox.paypal.com") return "sandbox";
  if (hostname === PAYPAL_HOSTS.live || hostname === "api.paypal.com") return "live";
  return null;
}

type Json = Record<string, unknown>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
type QueuedEvent = { environment: PaypalEnvironment; clientId: string; event: Json };

export function createLocalPaypal(options: LocalPaypalOptions): LocalPaypal {
  const { store } = options;
  const realNow = options.now ?? (() => new Date());
  const now = (): Date => new Date(realNow().getTime() + store.read().clockOffsetMs);
  const log = options.log ?? (() => {});
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const retryMs = options.webhookRetryMs ?? 1000;
  const autoProcess = options.autoProcess ?? true;
  const deliveryLog: WebhookDeliveryLog[] = [];
  const inFlight = new Set<Promise<void>>();
  /** Every pending wait, with what ends it early: close() resolves them all so nothing stays pending. */
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  let closed = false;
  let signingPromise: Promise<NonNullable<PaypalState["signing"]>> | null = null;

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (closed || ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  function track(promise: Promise<void>): void {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  }

  async function ensureSigning(): Promise<NonNullable<PaypalState["signing"]>> {
    const existing = store.read().signing;
    if (existing) return existing;
    signingPromise ??= (async () => {
      // PayPal signs with the key of messageverificationcerts.paypal.com; this stand-in's certificate is
      // self-signed (no CA would sign it), which is the one thing the app cannot check as it would in production.
      const generated = await generate([{ name: "commonName", value: "messageverificationcerts.paypal.com" }, { name: "organizationName", value: "PayPal, Inc." }], {
        keySize: 2048,
        algorithm: "sha256",
        notBeforeDate: new Date(realNow().getTime() - DAY_MS),
        notAfterDate: new Date(realNow().getTime() + 3650 * DAY_MS),
      });
      const signing = { certId: `CERT-360caa42-fca2a594-${randomBytes(4).toString("hex")}`, privateKeyPem: generated.private, certificatePem: generated.cert };
      store.update((draft) => {
        draft.signing ??= signing;
      });
      return store.read().signing!;
    })();
    return signingPromise;
  }

  // ───────────── webhooks ─────────────

  function sendEvents(queued: QueuedEvent[]): void {
    if (queued.length === 0) return;
    const byEnvironment = new Map<PaypalEnvironment, QueuedEvent[]>();
    for (const item of queued) byEnvironment.set(item.environment, [...(byEnvironment.get(item.environment) ?? []), item]);
    for (const [environment, events] of byEnvironment) {
      const chaos = store.read()[environment].chaos;
      const ordered = chaos.reverseWebhookOrder ? [...events].reverse() : events;
      track(
        (async () => {
          await wait(chaos.webhookDelayMs);
          for (const item of ordered) {
            const account = store.read()[environment].accounts.find((candidate) => candidate.clientId === item.clientId);
            for (const webhook of account?.webhooks ?? []) {
              const type = String(item.event.event_type);
              if (!webhook.event_types.includes("*") && !webhook.event_types.includes(type)) continue;
              const copies = chaos.duplicateWebhooks ? 2 : 1;
              for (let copy = 0; copy < copies; copy++) await deliver(environment, webhook, item.event);
            }
          }
        })(),
      );
    }
  }

  async function deliver(environment: PaypalEnvironment, webhook: { id: string; url: string }, event: Json): Promise<void> {
    const signing = await ensureSigning();
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= WEBHOOK_TRIES && !closed; attempt++) {
      const transmissionId = randomTransmissionId();
      const transmissionTime = new Date(realNow()).toISOString();
      const signed = `${transmissionId}|${transmissionTime}|${webhook.id}|${crc32(Buffer.from(body, "utf8"))}`;
      const signature = sign("sha256", Buffer.from(signed, "utf8"), createPrivateKey(signing.privateKeyPem)).toString("base64");
      const record: WebhookDeliveryLog = {
        environment,
        eventId: String(event.id),
        eventType: String(event.event_type),
        url: webhook.url,
        transmissionId,
        status: null,
        error: null,
        at: transmissionTime,
      };
      try {
        const response = await doFetch(webhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "paypal-transmission-id": transmissionId,
            "paypal-transmission-time": transmissionTime,
            "paypal-transmission-sig": signature,
            "paypal-cert-url": `https://${PAYPAL_HOSTS[environment]}/v1/notifications/certs/${signing.certId}`,
            "paypal-auth-algo": "SHA256withRSA",
            "user-agent": "PayPal/AUHR-214.0-58096924",
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        record.status = response.status;
        await response.body?.cancel();
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      deliveryLog.push(record);
      if (deliveryLog.length > 500) deliveryLog.shift();
      if (record.status !== null && record.status >= 200 && record.status < 300) return;
      log(`[paypal] webhook ${record.eventType} to ${webhook.url} failed (${record.status ?? record.error}); try ${attempt} of ${WEBHOOK_TRIES}.`);
      await wait(retryMs * 2 ** (attempt - 1));
    }
  }

  function itemEvent(environment: PaypalEnvironment, item: PayoutItemRecord): Json | null {
    const type = ITEM_EVENT[item.transaction_status];
    if (!type) return null;
    const id = randomWebhookEventId();
    return {
      id,
      event_version: "1.0",
      create_time: now().toISOString(),
      resource_type: "payouts_item",
      event_type: type,
      summary: `A payout item is ${item.transaction_status.toLowerCase()}.`,
      resource: presentItem(environment, item),
      links: [{ href: `https://${PAYPAL_HOSTS[environment]}/v1/notifications/webhooks-events/${id}`, rel: "self", method: "GET" }],
    };
  }

  function batchEvent(environment: PaypalEnvironment, state: PaypalEnvironmentState, batch: PayoutBatchRecord): Json {
    const id = randomWebhookEventId();
    return {
      id,
      event_version: "1.0",
      create_time: now().toISOString(),
      resource_type: "payouts",
      event_type: `PAYMENT.PAYOUTSBATCH.${batch.batch_status}`,
      summary: `Payouts batch is ${batch.batch_status.toLowerCase()}.`,
      resource: { batch_header: presentBatchHeader(environment, state, batch), links: [batchLink(environment, batch.payout_batch_id)] },
      links: [{ href: `https://${PAYPAL_HOSTS[environment]}/v1/notifications/webhooks-events/${id}`, rel: "self", method: "GET" }],
    };
  }

  // ───────────── processing ─────────────

  function behaviourOf(state: PaypalEnvironmentState, account: PaypalAccount | undefined, receiver: string): ReceiverBehaviour {
    return state.receivers[receiver.toLowerCase()] ?? account?.unknownReceiver ?? "success";
  }

  function creditBack(account: PaypalAccount | undefined, item: PayoutItemRecord): void {
    if (!account) return;
    const currency = item.payout_item.amount.currency;
    account.balances[currency] = (BigInt(account.balances[currency] ?? "0") + BigInt(item.amount_minor)).toString();
  }

  function moveItem(account: PaypalAccount | undefined, item: PayoutItemRecord, status: ItemStatus, at: Date): void {
    if (!MONEY_RETURNED.has(item.transaction_status) && MONEY_RETURNED.has(status)) creditBack(account, item);
    item.transaction_status = status;
    item.time_processed = at.toISOString();
    item.errors = ITEM_ERRORS[status] ?? null;
    if (status !== "FAILED" && status !== "BLOCKED") item.transaction_id ??= randomPaypalId(17);
  }

  function processAll(): void {
    const queued: QueuedEvent[] = [];
    store.update((draft) => {
      const at = now();
      for (const environment of ["sandbox", "live"] as const) {
        const state = draft[environment];
        const items = new Map(state.items.map((item) => [item.payout_item_id, item]));
        for (const batch of state.batches) {
          const account = state.accounts.find((candidate) => candidate.clientId === batch.clientId);
          if (batch.batch_status === "PENDING" || batch.batch_status === "PROCESSING") {
            for (const id of batch.item_ids) {
              const item = items.get(id)!;
              if (item.transaction_status !== "PENDING") continue;
              const next = statusFor(behaviourOf(state, account, item.payout_item.receiver));
              if (next === "PENDING") continue;
              moveItem(account, item, next, at);
              const event = itemEvent(environment, item);
              if (event) queued.push({ environment, clientId: batch.clientId, event });
            }
            const stillOpen = batch.item_ids.some((id) => items.get(id)!.transaction_status === "PENDING");
            const status = stillOpen ? "PROCESSING" : "SUCCESS";
            if (status !== batch.batch_status) {
              batch.batch_status = status;
              if (status === "SUCCESS") batch.time_completed = at.toISOString();
              queued.push({ environment, clientId: batch.clientId, event: batchEvent(environment, state, batch) });
            }
          }
          for (const id of batch.item_ids) {
            const item = items.get(id)!;
            if (item.transaction_status !== "UNCLAIMED" || !item.time_processed) continue;
            if (at.getTime() - Date.parse(item.time_processed) < UNCLAIMED_RETURN_DAYS * DAY_MS) continue;
            moveItem(account, item, "RETURNED", at);
            const event = itemEvent(environment, item);
            if (event) queued.push({ environment, clientId: batch.clientId, event });
          }
        }
        // Answers to PayPal-Request-Id are kept 30 days.
        state.requests = state.requests.filter((request) => at.getTime() - Date.parse(request.at) < DUPLICATE_WINDOW_MS);
      }
    });
    sendEvents(queued);
  }

  function scheduleProcessing(): void {
    if (!autoProcess || closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      try {
        processAll();
      } catch (error) {
        log(`[paypal] processing failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, 0);
    timers.set(timer, () => undefined);
  }

  // ───────────── presentation ─────────────

  function presentItem(environment: PaypalEnvironment, item: PayoutItemRecord): Json {
    const currency = item.payout_item.amount.currency;
    return {
      payout_item_id: item.payout_item_id,
      transaction_id: item.transaction_id ?? undefined,
      transaction_status: item.transaction_status,
      payout_item_fee: { currency, value: formatPaypalValue(0n, currency) },
      payout_batch_id: item.payout_batch_id,
      payout_item: item.payout_item,
      time_processed: item.time_processed ?? undefined,
      ...(item.errors ? { errors: { ...item.errors, information_link: "https://developer.paypal.com/docs/api/payments.payouts-batch/#errors" } } : {}),
      links: [
        { href: `https://${PAYPAL_HOSTS[environment]}/v1/payments/payouts-item/${item.payout_item_id}`, rel: "item", method: "GET", encType: "application/json" },
        batchLink(environment, item.payout_batch_id),
      ],
    };
  }

  function presentBatchHeader(environment: PaypalEnvironment, state: PaypalEnvironmentState, batch: PayoutBatchRecord): Json {
    return {
      payout_batch_id: batch.payout_batch_id,
      batch_status: batch.batch_status,
      time_created: batch.time_created,
      ...(batch.time_completed ? { time_completed: batch.time_completed } : {}),
      sender_batch_header: batch.sender_batch_header,
      amount: { currency: batch.currency, value: formatPaypalValue(BigInt(batch.total_minor), batch.currency) },
      fees: { currency: batch.currency, value: formatPaypalValue(0n, batch.currency) },
    };
  }

  // ───────────── HTTP ─────────────

  const app = new Hono<{ Variables: { environment: PaypalEnvironment; clientId: string } }>();

  app.use("*", async (c, next) => {
    const environment = environmentOfHost(new URL(c.req.url).hostname);
    if (!environment) return c.json(paypalError("RESOURCE_NOT_FOUND", "The specified resource does not exist."), 404);
    c.set("environment", environment);
    c.header("Paypal-Debug-Id", randomPaypalId(13).toLowerCase());
    await next();
  });

  app.post("/v1/oauth2/token", async (c) => {
    const environment = c.get("environment");
    const credentials = readBasicAuth(c.req.header("authorization"));
    const form = new URLSearchParams(await c.req.text());
    if (form.get("grant_type") !== "client_credentials") {
      return c.json({ error: "unsupported_grant_type", error_description: "Grant Type is NULL" }, 400);
    }
    const account = credentials && store.read()[environment].accounts.find((candidate) => candidate.clientId === credentials.clientId);
    if (!credentials || !account || account.clientSecret !== credentials.clientSecret) {
      return c.json({ error: "invalid_client", error_description: "Client Authentication failed" }, 401);
    }
    const token = `A21AA${randomBytes(40).toString("base64url")}`;
    const expiresAt = new Date(now().getTime() + TOKEN_LIFETIME_SECONDS * 1000);
    store.update((draft) => {
      const tokens = draft[environment].tokens.filter((entry) => Date.parse(entry.expiresAt) > now().getTime());
      draft[environment].tokens = [...tokens, { token, clientId: account.clientId, expiresAt: expiresAt.toISOString() }];
    });
    return c.json({
      scope: "https://uri.paypal.com/services/payments/payouts https://uri.paypal.com/services/applications/webhooks",
      access_token: token,
      token_type: "Bearer",
      app_id: `APP-${randomPaypalId(17)}`,
      expires_in: TOKEN_LIFETIME_SECONDS,
      nonce: `${now().toISOString()}${randomBytes(8).toString("hex")}`,
    });
  });

  // The certificate PAYPAL-CERT-URL points to: public, like PayPal's.
  app.get("/v1/notifications/certs/:certId", async (c) => {
    const signing = await ensureSigning();
    if (c.req.param("certId") !== signing.certId) return c.json(paypalError("RESOURCE_NOT_FOUND", "The specified resource does not exist."), 404);
    return c.body(signing.certificatePem, 200, { "content-type": "application/x-pem-file" });
  });

  // Everything below needs a Bearer token and goes through the chaos switch.
  app.use("/v1/*", async (c, next) => {
    const environment = c.get("environment");
    const match = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "");
    const token = match && store.read()[environment].tokens.find((entry) => entry.token === match[1]);
    if (!token || Date.parse(token.expiresAt) <= now().getTime()) return c.json(AUTHENTICATION_FAILURE(), 401);
    c.set("clientId", token.clientId);

    const chaos = store.read()[environment].chaos;
    if (chaos.rateLimit && chaos.rateLimit.count > 0) {
      store.update((draft) => void (draft[environment].chaos.rateLimit!.count -= 1));
      return c.json(paypalError("RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting."), 429);
    }
    if (chaos.serverError && chaos.serverError.count > 0) {
      const status = chaos.serverError.status;
      store.update((draft) => void (draft[environment].chaos.serverError!.count -= 1));
      return c.json(paypalError("INTERNAL_SERVER_ERROR", "An internal server error has occurred."), status);
    }
    const hang = chaos.hang && chaos.hang.count > 0 && hangMatches(chaos.hang, c.req.method, new URL(c.req.url).pathname) ? chaos.hang : null;
    if (hang) store.update((draft) => void (draft[environment].chaos.hang!.count -= 1));
    if (hang?.when === "before") {
      await wait(hang.ms);
      return c.json(paypalError("INTERNAL_SERVER_ERROR", "An internal server error has occurred."), 503);
    }
    await next();
    if (hang?.when === "after") await wait(hang.ms);
  });

  app.post("/v1/payments/payouts", async (c) => {
    const environment = c.get("environment");
    const clientId = c.get("clientId");
    const requestId = c.req.header("paypal-request-id") ?? null;
    if (requestId) {
      const earlier = store.read()[environment].requests.find((entry) => entry.clientId === clientId && entry.requestId === requestId);
      if (earlier) return c.json(earlier.body as Json, earlier.status as 200);
    }
    const answer = createBatch(environment, clientId, await c.req.text());
    if (requestId && answer.status < 500) {
      store.update((draft) =>
        void draft[environment].requests.push({ clientId, requestId, status: answer.status, body: answer.body, at: now().toISOString() }),
      );
    }
    if (answer.status === 201) scheduleProcessing();
    return c.json(answer.body as Json, answer.status as 201);
  });

  app.get("/v1/payments/payouts/:batchId", (c) => {
    const environment = c.get("environment");
    const state = store.read()[environment];
    const batch = state.batches.find((candidate) => candidate.payout_batch_id === c.req.param("batchId") && candidate.clientId === c.get("clientId"));
    if (!batch) return c.json(paypalError("INVALID_RESOURCE_ID", "Requested resource ID was not found."), 404);
    const page = Number(c.req.query("page") ?? "1");
    const pageSize = Number(c.req.query("page_size") ?? String(MAX_PAGE_SIZE));
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      return c.json(validationError([{ field: "page_size", location: "query", issue: `page must be ≥ 1 and page_size between 1 and ${MAX_PAGE_SIZE}.` }]), 400);
    }
    const items = new Map(state.items.map((item) => [item.payout_item_id, item]));
    const ids = batch.item_ids.slice((page - 1) * pageSize, page * pageSize);
    const totalPages = Math.max(1, Math.ceil(batch.item_ids.length / pageSize));
    const links: PaypalLink[] = [{ ...batchLink(environment, batch.payout_batch_id), href: `${batchLink(environment, batch.payout_batch_id).href}?page=${page}&page_size=${pageSize}` }];
    if (page < totalPages) links.push({ href: `https://${PAYPAL_HOSTS[environment]}/v1/payments/payouts/${batch.payout_batch_id}?page=${page + 1}&page_size=${pageSize}`, rel: "next", method: "GET" });
    return c.json({
      batch_header: presentBatchHeader(environment, state, batch),
      items: ids.map((id) => presentItem(environment, items.get(id)!)),
      ...(c.req.query("total_required") === "true" ? { total_items: batch.item_ids.length, total_pages: totalPages } : {}),
      links,
    });
  });

  app.get("/v1/payments/payouts-item/:itemId", (c) => {
    const environment = c.get("environment");
    const state = store.read()[environment];
    const item = state.items.find((candidate) => candidate.payout_item_id === c.req.param("itemId"));
    const batch = item && state.batches.find((candidate) => candidate.payout_batch_id === item.payout_batch_id);
    if (!item || !batch || batch.clientId !== c.get("clientId")) return c.json(paypalError("INVALID_RESOURCE_ID", "Requested resource ID was not found."), 404);
    return c.json(presentItem(environment, item));
  });

  app.post("/v1/notifications/webhooks", async (c) => {
    const environment = c.get("environment");
    const body = (await c.req.json().catch(() => null)) as { url?: unknown; event_types?: unknown } | null;
    const url = typeof body?.url === "string" ? body.url : "";
    const eventTypes = Array.isArray(body?.event_types) ? body.event_types.map((entry) => (entry as { name?: unknown })?.name).filter((name): name is string => typeof name === "string") : [];
    const details: PaypalErrorDetail[] = [];
    if (!isAcceptableWebhookUrl(url)) details.push({ field: "url", location: "body", issue: "Must be a valid https URL (the local PayPal also accepts http on localhost / 127.0.0.1)." });
    if (eventTypes.length === 0) details.push({ field: "event_types", location: "body", issue: "At least one event type is required." });
    if (details.length > 0) return c.json(validationError(details), 400);
    const account = store.read()[environment].accounts.find((candidate) => candidate.clientId === c.get("clientId"))!;
    if (account.webhooks.some((webhook) => webhook.url === url)) return c.json(paypalError("WEBHOOK_URL_ALREADY_EXISTS", "Webhook URL already exists."), 400);
    if (account.webhooks.length >= 10) return c.json(paypalError("WEBHOOK_NUMBER_LIMIT_EXCEEDED", "Maximum number of webhooks exceeded."), 400);
    const webhook = { id: randomPaypalId(17), url, event_types: eventTypes };
    store.update((draft) => void draft[environment].accounts.find((candidate) => candidate.clientId === account.clientId)!.webhooks.push(webhook));
    return c.json(presentWebhook(environment, webhook), 201);
  });

  app.get("/v1/notifications/webhooks", (c) => {
    const environment = c.get("environment");
    const account = store.read()[environment].accounts.find((candidate) => candidate.clientId === c.get("clientId"));
    return c.json({ webhooks: (account?.webhooks ?? []).map((webhook) => presentWebhook(environment, webhook)) });
  });

  app.delete("/v1/notifications/webhooks/:id", (c) => {
    const environment = c.get("environment");
    const removed = store.update((draft) => {
      const account = draft[environment].accounts.find((candidate) => candidate.clientId === c.get("clientId"))!;
      const before = account.webhooks.length;
      account.webhooks = account.webhooks.filter((webhook) => webhook.id !== c.req.param("id"));
      return before !== account.webhooks.length;
    });
    return removed ? c.body(null, 204) : c.json(paypalError("INVALID_RESOURCE_ID", "Webhook id not found."), 404);
  });

  app.notFound((c) => c.json(paypalError("RESOURCE_NOT_FOUND", "The specified resource does not exist."), 404));

  function createBatch(environment: PaypalEnvironment, clientId: string, text: string): Answer {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { status: 400, body: paypalError("MALFORMED_REQUEST_JSON", "The request JSON is not well formed.") };
    }
    const parsed = validatePayoutRequest(body);
    if (!parsed.ok) return { status: 400, body: validationError(parsed.details) };
    const { header, items, currency, totalMinor } = parsed.value;
    const state = store.read()[environment];
    const at = now();

    if (header.sender_batch_id) {
      const earlier = state.batches.find(
        (batch) =>
          batch.clientId === clientId &&
          batch.sender_batch_header.sender_batch_id === header.sender_batch_id &&
          at.getTime() - Date.parse(batch.time_created) < DUPLICATE_WINDOW_MS,
      );
      if (earlier) {
        return {
          status: 400,
          body: paypalError(
            "USER_BUSINESS_ERROR",
            "User business error.",
            [{ field: "SENDER_BATCH_ID", location: "body", issue: `Batch with given sender_batch_id already exists`, value: header.sender_batch_id }],
            [batchLink(environment, earlier.payout_batch_id)],
          ),
        };
      }
    }

    const account = state.accounts.find((candidate) => candidate.clientId === clientId)!;
    if (BigInt(account.balances[currency] ?? "0") < totalMinor) {
      return { status: 422, body: paypalError("INSUFFICIENT_FUNDS", "Sender does not have sufficient funds. Please add funds and retry.") };
    }

    const batchId = randomPaypalId(13);
    const records: PayoutItemRecord[] = items.map((item) => ({
      payout_item_id: randomPaypalId(13),
      payout_batch_id: batchId,
      transaction_id: null,
      transaction_status: "PENDING",
      amount_minor: item.minor.toString(),
      payout_item: item.payoutItem,
      time_processed: null,
      errors: null,
    }));
    const batch: PayoutBatchRecord = {
      payout_batch_id: batchId,
      clientId,
      batch_status: "PENDING",
      time_created: at.toISOString(),
      time_completed: null,
      sender_batch_header: header,
      currency,
      total_minor: totalMinor.toString(),
      item_ids: records.map((record) => record.payout_item_id),
    };
    store.update((draft) => {
      const target = draft[environment];
      const holder = target.accounts.find((candidate) => candidate.clientId === clientId)!;
      holder.balances[currency] = (BigInt(holder.balances[currency] ?? "0") - totalMinor).toString();
      target.batches.push(batch);
      target.items.push(...records);
    });
    return {
      status: 201,
      body: {
        batch_header: { payout_batch_id: batchId, batch_status: "PENDING", sender_batch_header: header },
        links: [batchLink(environment, batchId)],
      },
    };
  }

  return {
    app: app as unknown as Hono,
    store,
    handles: (url) => environmentOfHost(url.hostname) !== null,
    now,
    process: processAll,
    advance(milliseconds) {
      store.update((draft) => void (draft.clockOffsetMs += Math.max(0, Math.round(milliseconds))));
      processAll();
    },
    setItemStatus(environment, payoutItemId, status) {
      const queued: QueuedEvent[] = [];
      const result = store.update((draft) => {
        const state = draft[environment];
        const item = state.items.find((candidate) => candidate.payout_item_id === payoutItemId);
        if (!item) throw new Error(`No payout item ${payoutItemId} in the ${environment} environment.`);
        const batch = state.batches.find((candidate) => candidate.payout_batch_id === item.payout_batch_id)!;
        const account = state.accounts.find((candidate) => candidate.clientId === batch.clientId);
        moveItem(account, item, status, now());
        const event = itemEvent(environment, item);
        if (event) queued.push({ environment, clientId: batch.clientId, event });
        return structuredClone(item);
      });
      sendEvents(queued);
      return result;
    },
    deliveries: () => deliveryLog,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      closed = true;
      for (const [timer, release] of timers) {
        clearTimeout(timer);
        release();
      }
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function hangMatches(hang: NonNullable<Chaos["hang"]>, method: string, pathname: string): boolean {
  return (hang.method === undefined || hang.method === method) && (hang.path === undefined || pathname.startsWith(hang.path));
}

function statusFor(behaviour: ReceiverBehaviour): ItemStatus {
  switch (behaviour) {
    case "success":
      return "SUCCESS";
    case "unclaimed":
      return "UNCLAIMED";
    case "failed":
      return "FAILED";
    case "blocked":
      return "BLOCKED";
    case "onhold":
      return "ONHOLD";
    case "pending":
      return "PENDING";
  }
}

function batchLink(environment: PaypalEnvironment, batchId: string): PaypalLink {
  return { href: `https://${PAYPAL_HOSTS[environment]}/v1/payments/payouts/${batchId}`, rel: "self", method: "GET", encType: "application/json" };
}

function presentWebhook(environment: PaypalEnvironment, webhook: { id: string; url: string; event_types: string[] }): Json {
  return {
    id: webhook.id,
    url: webhook.url,
    event_types: webhook.event_types.map((name) => ({ name, description: name === "*" ? "ALL" : name })),
    links: [{ href: `https://${PAYPAL_HOSTS[environment]}/v1/notifications/webhooks/${webhook.id}`, rel: "self", method: "GET" }],
  };
}

function readBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic (.+)$/.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function isAcceptableWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.protocol === "https:") return true;
    return url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type ValidPayout = {
  header: PayoutBatchRecord["sender_batch_header"];
  items: { minor: bigint; payoutItem: PayoutItemRecord["payout_item"] }[];
  currency: string;
  totalMinor: bigint;
};

/** PayPal's checks on a create-batch request; every problem is reported with its field, like PayPal's details[]. */
export function validatePayoutRequest(body: unknown): { ok: true; value: ValidPayout } | { ok: false; details: PaypalErrorDetail[] } {
  const details: PaypalErrorDetail[] = [];
  const problem = (field: string, issue: string): void => void details.push({ field, location: "body", issue });
  const object = (value: unknown): Record<string, unknown> | null =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const root = object(body);
  const header = object(root?.sender_batch_header);
  if (!header) problem("sender_batch_header", "Required field is missing.");
  const senderBatchId = header?.sender_batch_id;
  if (senderBatchId !== undefined && (typeof senderBatchId !== "string" || senderBatchId.length > 256)) problem("sender_batch_header.sender_batch_id", "Must be a string of at most 256 characters.");
  const emailSubject = header?.email_subject;
  if (emailSubject !== undefined && (typeof emailSubject !== "string" || emailSubject.length > 255)) problem("sender_batch_header.email_subject", "Must be a string of at most 255 characters.");
  const emailMessage = header?.email_message;
  if (emailMessage !== undefined && (typeof emailMessage !== "string" || emailMessage.length > 1000)) problem("sender_batch_header.email_message", "Must be a string of at most 1000 characters.");
  const headerRecipientType = typeof header?.recipient_type === "string" ? header.recipient_type : undefined;

  const rawItems = root?.items;
  if (!Array.isArray(rawItems) || rawItems.length === 0) {
    problem("items", "Required field is missing.");
    return { ok: false, details };
  }
  if (rawItems.length > MAX_ITEMS_PER_BATCH) {
    problem("items", `Number of items exceeds the allowed maximum of ${MAX_ITEMS_PER_BATCH} per batch.`);
    return { ok: false, details };
  }
  const items: ValidPayout["items"] = [];
  const currencies = new Set<string>();
  const senderItemIds = new Set<string>();
  rawItems.forEach((raw, index) => {
    const item = object(raw);
    const at = `items[${index}]`;
    if (!item) return problem(at, "Must be an object.");
    const recipientType = (typeof item.recipient_type === "string" ? item.recipient_type : headerRecipientType) ?? "EMAIL";
    if (recipientType !== "EMAIL" && recipientType !== "PAYPAL_ID" && recipientType !== "PHONE") return problem(`${at}.recipient_type`, "Must be EMAIL, PHONE or PAYPAL_ID.");
    const receiver = typeof item.receiver === "string" ? item.receiver.trim() : "";
    if (!receiver) return problem(`${at}.receiver`, "Required field is missing.");
    if (recipientType === "EMAIL" && (!EMAIL.test(receiver) || receiver.length > 127)) return problem(`${at}.receiver`, "Receiver is invalid or does not match with type.");
    if (recipientType === "PAYPAL_ID" && !/^[A-Z0-9]{13}$/.test(receiver)) return problem(`${at}.receiver`, "Receiver is invalid or does not match with type.");
    const amount = object(item.amount);
    const currency = typeof amount?.currency === "string" ? amount.currency : "";
    const value = typeof amount?.value === "string" ? amount.value : "";
    if (!currency || !value) return problem(`${at}.amount`, "Required field is missing (amount.value and amount.currency, value as a string).");
    if (PAYPAL_CURRENCY_DECIMALS[currency] === undefined) return problem(`${at}.amount.currency`, `Currency code ${currency} is not supported.`);
    const parsed = parsePaypalValue(value, currency);
    if (!parsed.ok) return problem(`${at}.amount.value`, parsed.issue);
    const note = item.note;
    if (note !== undefined && (typeof note !== "string" || note.length > 4000)) return problem(`${at}.note`, "Must be a string of at most 4000 characters.");
    const senderItemId = item.sender_item_id;
    if (senderItemId !== undefined) {
      if (typeof senderItemId !== "string" || senderItemId.length > 63) return problem(`${at}.sender_item_id`, "Must be a string of at most 63 characters.");
      if (senderItemIds.has(senderItemId)) return problem(`${at}.sender_item_id`, "DUPLICATE_ITEM: This transaction is duplicated in this batch. Please check the sender_item_id.");
      senderItemIds.add(senderItemId);
    }
    currencies.add(currency);
    items.push({
      minor: parsed.minor,
      payoutItem: {
        recipient_type: recipientType,
        amount: { currency, value },
        ...(typeof note === "string" ? { note } : {}),
        receiver,
        ...(typeof senderItemId === "string" ? { sender_item_id: senderItemId } : {}),
      },
    });
  });
  if (currencies.size > 1) problem("items[].amount.currency", `All items of a batch must be in one currency; this batch has ${[...currencies].sort().join(", ")}.`);
  if (details.length > 0) return { ok: false, details };
  const currency = [...currencies][0]!;
  return {
    ok: true,
    value: {
      header: {
        ...(typeof senderBatchId === "string" ? { sender_batch_id: senderBatchId } : { sender_batch_id: `auto-${randomPaypalId(13)}` }),
        ...(typeof emailSubject === "string" ? { email_subject: emailSubject } : {}),
        ...(typeof emailMessage === "string" ? { email_message: emailMessage } : {}),
        ...(headerRecipientType ? { recipient_type: headerRecipientType } : {}),
      },
      items,
      currency,
      totalMinor: items.reduce((sum, item) => sum + item.minor, 0n),
    },
  };
}

