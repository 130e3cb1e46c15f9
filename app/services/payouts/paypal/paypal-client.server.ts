/**
 * PayPal's REST API for payouts and webhooks, through the global fetch (so devstore/intercept.mjs sends it to the
 * local PayPal in development and tests; production reaches PayPal itself).
 *
 * - OAuth2 client credentials; the token is cached per shop + environment + client id (+ a hash of the secret, so
 *   a new secret never reuses an old token) until a minute before expires_in; a 401 on an API call drops it and
 *   asks once more.
 * - A timeout, a network error, 429 or 5xx → ProviderRetryableError (the payout job retries with backoff; PayPal
 *   says a 5xx may be retried with the same sender_batch_id). Any other 4xx → PaypalApiError carrying PayPal's
 *   name, message, details and links.
 * - The secret is sent only in the Basic header of the token request and never appears in an error or a log line.
 */
import { createHash } from "node:crypto";
import { ProviderRetryableError } from "../providers/payout-provider";

export type PaypalEnvironmentName = "sandbox" | "live";

export const PAYPAL_API_ORIGINS: Readonly<Record<PaypalEnvironmentName, string>> = {
  sandbox: "https://api-m.sandbox.paypal.com",
  live: "https://api-m.paypal.com",
};

export type PaypalCredentials = { shop: string; environment: PaypalEnvironmentName; clientId: string; clientSecret: string };

export type PaypalErrorDetail = { field?: string; issue?: string; description?: string; value?: string };
export type PaypalLink = { href: string; rel: string; method?: string };

/** A 4xx from PayPal (not retryable), with PayPal's own error body. */
export class PaypalApiError extends Error {
  override name = "PaypalApiError";
  constructor(
    readonly status: number,
    readonly paypalName: string,
    readonly paypalMessage: string,
    readonly details: PaypalErrorDetail[],
    readonly links: PaypalLink[],
    readonly debugId: string | null,
  ) {
    super(`PayPal answered ${status} ${paypalName}: ${paypalMessage}${details.length > 0 ? ` (${details.map(describeDetail).join("; ")})` : ""}${debugId ? ` [debug id ${debugId}]` : ""}`);
  }
}

function describeDetail(detail: PaypalErrorDetail): string {
  return [detail.field, detail.issue ?? detail.description].filter(Boolean).join(": ");
}

export type PaypalPayoutItemRequest = {
  recipient_type: "EMAIL" | "PAYPAL_ID";
  amount: { value: string; currency: string };
  receiver: string;
  note?: string;
  sender_item_id: string;
};

export type PaypalPayoutRequest = {
  sender_batch_header: { sender_batch_id: string; email_subject?: string; email_message?: string };
  items: PaypalPayoutItemRequest[];
};

export type PaypalBatchItem = {
  payout_item_id: string;
  payout_batch_id: string;
  transaction_id?: string;
  transaction_status: string;
  payout_item: { receiver?: string; sender_item_id?: string; amount?: { value: string; currency: string } };
  errors?: { name?: string; message?: string };
};

export type PaypalBatch = {
  batch_header: { payout_batch_id: string; batch_status: string; sender_batch_header?: { sender_batch_id?: string } };
  items: PaypalBatchItem[];
};

export type PaypalWebhook = { id: string; url: string };

export interface PaypalClientOptions {
  /** Per request; PayPal's payouts call can take a while for 15,000 items. */
  timeoutMs?: number;
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_PAGE_SIZE = 1000;
type CachedToken = { token: string; expiresAt: number };
const tokenCache = new Map<string, CachedToken>();

/** For tests: forget every cached token. */
export function clearPaypalTokenCache(): void {
  tokenCache.clear();
}

export interface PaypalClient {
  readonly environment: PaypalEnvironmentName;
  /** Asks PayPal for a token now (used to check credentials when connecting). */
  fetchToken(): Promise<string>;
  /** POST /v1/payments/payouts with PayPal-Request-Id. 201 → the batch id; a 4xx → PaypalApiError. */
  createBatch(request: PaypalPayoutRequest, requestId: string): Promise<{ payoutBatchId: string; batchStatus: string }>;
  /** GET /v1/payments/payouts/{id}, every page. */
  getBatch(payoutBatchId: string): Promise<PaypalBatch>;
  getItem(payoutItemId: string): Promise<PaypalBatchItem>;
  createWebhook(url: string, eventTypes: readonly string[]): Promise<PaypalWebhook>;
  listWebhooks(): Promise<PaypalWebhook[]>;
}

export function createPaypalClient(credentials: PaypalCredentials, options: PaypalClientOptions = {}): PaypalClient {
  const origin = PAYPAL_API_ORIGINS[credentials.environment];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const secretHash = createHash("sha256").update(credentials.clientSecret).digest("hex").slice(0, 16);
  const cacheKey = `${credentials.shop}|${credentials.environment}|${credentials.clientId}|${secretHash}`;

  async function send(pathname: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await fetch(`${origin}${pathname}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new ProviderRetryableError(
        timedOut
          ? `PayPal did not answer ${what} within ${Math.round(timeoutMs / 1000)} s; Affable will ask again (the same sender_batch_id cannot pay twice).`
          : `Could not reach PayPal for ${what} (${error instanceof Error ? error.message : String(error)}); Affable will try again.`,
      );
    }
  }

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, "utf8").toString("base64");
    const response = await send(
      "/v1/oauth2/token",
      {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: "grant_type=client_credentials",
      },
      "the token request",
    );
    const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | null;
    if (response.status === 429 || response.status >= 500) throw retryable(response, body, "the token request");
    if (!response.ok || typeof body?.access_token !== "string") {
      throw new PaypalApiError(
        response.status,
        typeof body?.error === "string" ? body.error : "invalid_response",
        typeof body?.error_description === "string" ? body.error_description : `PayPal's token answer had no access_token (HTTP ${response.status}).`,
        [],
        [],
        response.headers.get("paypal-debug-id"),
      );
    }
    const lifetimeSeconds = typeof body.expires_in === "number" ? body.expires_in : 300;
    tokenCache.set(cacheKey, { token: body.access_token, expiresAt: now().getTime() + Math.max(0, lifetimeSeconds - 60) * 1000 });
    return body.access_token;
  }

  async function token(): Promise<string> {
    const cached = tokenCache.get(cacheKey);
    if (cached && cached.expiresAt > now().getTime()) return cached.token;
    return fetchToken();
  }

  async function call<T>(method: string, pathname: string, what: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    for (let attempt = 1; ; attempt++) {
      const bearer = await token();
      const response = await send(
        pathname,
        {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        what,
      );
      const text = await response.text();
      const json = parseJson(text);
      if (response.status === 401 && attempt === 1) {
        // The cached token expired early or was revoked: ask for a new one, once.
        tokenCache.delete(cacheKey);
        continue;
      }
      if (response.status === 429 || response.status >= 500) throw retryable(response, json, what);
      if (response.status >= 400) throw toApiError(response, json);
      return { status: response.status, body: json as T };
    }
  }

  return {
    environment: credentials.environment,
    fetchToken,
    async createBatch(request, requestId) {
      const answer = await call<{ batch_header?: { payout_batch_id?: string; batch_status?: string } }>("POST", "/v1/payments/payouts", "the payout batch", request, {
        "paypal-request-id": requestId,
      });
      const header = answer.body?.batch_header;
      if (typeof header?.payout_batch_id !== "string") {
        throw new ProviderRetryableError(`PayPal accepted the payout batch (HTTP ${answer.status}) without a payout_batch_id; Affable will look it up again.`);
      }
      return { payoutBatchId: header.payout_batch_id, batchStatus: header.batch_status ?? "PENDING" };
    },
    async getBatch(payoutBatchId) {
      const items: PaypalBatchItem[] = [];
      let header: PaypalBatch["batch_header"] | null = null;
      // 15,000 items at most: 15 pages of 1,000.
      for (let page = 1; page <= 16; page++) {
        const answer = await call<{ batch_header: PaypalBatch["batch_header"]; items?: PaypalBatchItem[]; links?: PaypalLink[] }>(
          "GET",
          `/v1/payments/payouts/${encodeURIComponent(payoutBatchId)}?page=${page}&page_size=${MAX_PAGE_SIZE}`,
          "the payout batch status",
        );
        header = answer.body.batch_header;
        items.push(...(answer.body.items ?? []));
        if (!(answer.body.links ?? []).some((link) => link.rel === "next")) break;
      }
      return { batch_header: header!, items };
    },
    async getItem(payoutItemId) {
      return (await call<PaypalBatchItem>("GET", `/v1/payments/payouts-item/${encodeURIComponent(payoutItemId)}`, "the payout item status")).body;
    },
    async createWebhook(url, eventTypes) {
      const answer = await call<PaypalWebhook>("POST", "/v1/notifications/webhooks", "the webhook subscription", { url, event_types: eventTypes.map((name) => ({ name })) });
      return { id: answer.body.id, url: answer.body.url };
    },
    async listWebhooks() {
      const answer = await call<{ webhooks?: PaypalWebhook[] }>("GET", "/v1/notifications/webhooks", "the webhook list");
      return (answer.body.webhooks ?? []).map((webhook) => ({ id: webhook.id, url: webhook.url }));
    },
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function retryable(response: Response, body: unknown, what: string): ProviderRetryableError {
  const parsed = body as { name?: unknown; message?: unknown } | null;
  const retryAfter = Number(response.headers.get("retry-after"));
  const name = typeof parsed?.name === "string" ? ` ${parsed.name}` : "";
  const message = typeof parsed?.message === "string" ? `: ${parsed.message}` : "";
  return new ProviderRetryableError(
    `PayPal answered ${response.status}${name}${message} for ${what}; Affable will try again later.`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  );
}

function toApiError(response: Response, body: unknown): PaypalApiError {
  const parsed = (body ?? {}) as { name?: unknown; message?: unknown; debug_id?: unknown; details?: unknown; links?: unknown };
  const details = Array.isArray(parsed.details) ? (parsed.details as PaypalErrorDetail[]) : [];
  const links = Array.isArray(parsed.links) ? (parsed.links as PaypalLink[]).filter((link) => typeof link?.href === "string") : [];
  return new PaypalApiError(
    response.status,
    typeof parsed.name === "string" ? parsed.name : `HTTP_${response.status}`,
    typeof parsed.message === "string" ? parsed.message : "PayPal refused the request without a message.",
    details,
    links,
    typeof parsed.debug_id === "string" ? parsed.debug_id : response.headers.get("paypal-debug-id"),
  );
}

/** PayPal's answer to a reused sender_batch_id: the batch it already has (from the HATEOAS link), or null. */
export function findExistingBatchId(error: PaypalApiError): string | null {
  const duplicate =
    error.paypalName === "USER_BUSINESS_ERROR" ||
    error.paypalName === "SENDER_BATCH_ID_ALREADY_USED" ||
    error.paypalName === "DUPLICATE_REQUEST_ID" ||
    error.details.some((detail) => /sender_batch_id/i.test(`${detail.field ?? ""} ${detail.issue ?? ""}`));
  if (!duplicate) return null;
  for (const link of error.links) {
    const match = /\/v1\/payments\/payouts\/([A-Za-z0-9]+)(?:[?#]|$)/.exec(link.href);
    if (match) return match[1]!;
  }
  return null;
}
