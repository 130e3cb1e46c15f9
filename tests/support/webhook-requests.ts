/**
 * Webhook deliveries signed exactly as Shopify signs them: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the
 * raw body with the app's secret. Fixtures in tests/fixtures/webhooks are real-shaped REST webhook payloads.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/webhooks");

export type WebhookFixtureName =
  | "orders-paid"
  | "refunds-create"
  | "app-uninstalled"
  | "orders-paid-code"
  | "orders-paid-ref"
  | "orders-paid-risk"
  | "orders-cancelled"
  | "refunds-create-partial"
  | "refunds-create-full";

export function readWebhookFixture(name: WebhookFixtureName): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown>;
}

export interface WebhookDelivery {
  topic: string;
  shop: string;
  secret: string;
  /** An object is sent as JSON; a string is sent as it is (for bodies that are not JSON). */
  body: unknown;
  webhookId?: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  method?: string;
  /** Sign with this instead of the real HMAC. */
  hmac?: string;
}

export function signedWebhookRequest(delivery: WebhookDelivery): Request {
  const rawBody = typeof delivery.body === "string" ? delivery.body : JSON.stringify(delivery.body);
  const hmac = delivery.hmac ?? createHmac("sha256", delivery.secret).update(rawBody, "utf8").digest("base64");
  const method = delivery.method ?? "POST";
  return new Request(`https://affable.test/webhooks/${delivery.topic}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-API-Version": delivery.apiVersion ?? "2026-10",
      "X-Shopify-Webhook-Id": delivery.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
      "X-Shopify-Triggered-At": delivery.triggeredAt ?? "2026-11-20T17:31:38.000000000Z",
    },
    ...(method === "GET" || method === "HEAD" ? {} : { body: rawBody }),
  });
}

/**
 * Points the app's environment at a test database and app secret, so webhook route modules (and the
 * shopify.server they import, which validates the environment at import) can be imported afterwards.
 */
export function useTestAppEnvironment(databaseUrl: string, apiSecret: string) {
  Object.assign(process.env, {
    NODE_ENV: "test",
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: apiSecret,
    // A key of the right shape, made from the test's secret: suites that store payout credentials can open them.
    SECRETS_ENCRYPTION_KEY: createHash("sha256").update(`secrets:${apiSecret}`).digest("base64"),
    SHOPIFY_APP_URL: "https://affable.test",
    SCOPES: "read_orders",
    DATABASE_URL: databaseUrl,
  });
}
