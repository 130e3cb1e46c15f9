/**
 * Commissions made the real way in integration tests: the fixture's AMELIA15 orders/paid payload ($8.92 of
 * commission at 10 %), given a fresh order id and placed `daysAgo` before `now`, through recordOrderWebhook.
 */
import type { Database } from "../../app/db.server.ts";
import { recordOrderWebhook } from "../../app/services/orders-commissions/record-order-money.server.ts";
import { webhookPayloadSchemas } from "../../app/webhooks/payload-schemas.ts";
import { readWebhookFixture } from "./webhook-requests.ts";

const DAY_MS = 86_400_000;

/** `database` is read at each call (suites open theirs in beforeAll); ids count up from `firstOrderId`. */
export function createFixtureOrderRecorder(database: () => Database, options: { now: Date; firstOrderId: number }) {
  let nextOrderId = options.firstOrderId;
  return async function recordOrder(shop: string, daysAgo: number) {
    const db = database();
    const id = nextOrderId++;
    const payload = webhookPayloadSchemas.ORDERS_PAID.parse({
      ...readWebhookFixture("orders-paid-code"),
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#${id % 10_000}`,
      created_at: new Date(options.now.getTime() - daysAgo * DAY_MS).toISOString(),
    });
    await db.$transaction((tx) => recordOrderWebhook(tx, { shop, webhookEventId: `test-order-${id}` }, payload, options.now));
    return db.commission.findFirstOrThrow({ where: { shop, shopifyOrderId: `gid://shopify/Order/${id}` } });
  };
}
