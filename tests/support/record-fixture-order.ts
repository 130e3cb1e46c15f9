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

/**
 * A USD shop whose 10 % program (30-day holding period) has one approved creator, Amelia, with the fixture orders'
 * code AMELIA15: what createFixtureOrderRecorder's orders are attributed to. Returns the creator.
 */
export async function seedFixtureOrderShop(db: Database, shop: string, timeZone = "UTC") {
  await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: timeZone } });
  await db.programSettings.create({ data: { shop, currency: "USD", defaultCommissionBasisPoints: 1000, holdingPeriodDays: 30 } });
  const creator = await db.creator.create({
    data: { shop, handle: "amelia", name: "Amelia", email: "amelia@example.com", refToken: `r_amelia_${shop.length}`, status: "approved" },
  });
  await db.discountCode.create({
    data: {
      shop, creatorId: creator.id, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: `gid://shopify/DiscountCodeNode/${shop.length}`,
      valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-01-01T00:00:00Z"),
    },
  });
  return creator;
}

/** A commission's ledger rows in order, as [kind, amount, status after, actor]. */
export async function readLedgerRows(db: Database, commissionId: string) {
  const rows = await db.ledgerEntry.findMany({ where: { commissionId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => [row.kind, row.amountMinor, row.statusAfter, row.actor] as const);
}
