/**
 * Tiers depend only on the orders' own times, not on when Affable happens to process them (issue #12, A3): one
 * creator, one tiered calendar month, three orders that cross the tier threshold, delivered in order, in reverse
 * and all at once, through the real order service on PostgreSQL. Every delivery order must end at the same
 * commission per order; a late earlier order re-tiers the later ones with appended tier_adjustment entries.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { readOrderPayload, type OrderPayload } from "../../webhooks/orders/read-order-payload";
import { recordOrderEdit } from "./record-order-edit.server";
import { recordConversion } from "./record-conversion.server";
import { recordOrderWebhook } from "./record-order-money.server";
import { createPayout } from "../payouts/create-payout.server";
import { applyLedgerEvents } from "./commission-ledger.server";

const postgresUrl = inject("postgresUrl");
const NOW = new Date("2026-11-25T00:00:00Z");
let db: Database;
let shopCount = 0;
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

/** ¥ tiers: 10 % from ¥0, 20 % once the creator has brought ¥10,000 in the month. */
const TIERS = [{ minimumRevenueMinor: "0", basisPoints: 1000 }, { minimumRevenueMinor: "10000", basisPoints: 2000 }];

type Shop = { shop: string; creatorId: string; refToken: string };

async function createShop(): Promise<Shop> {
  shopCount += 1;
  const shop = `tiers-${shopCount}.myshopify.com`;
  await db.shop.create({ data: { shop, name: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  await db.programSettings.create({ data: { shop, currency: "JPY", defaultCommissionType: "tiered", tiers: TIERS, tierPeriod: "calendar_month", holdingPeriodDays: 0 } });
  const refToken = `r_tier${shopCount}`;
  const creator = await db.creator.create({ data: { shop, handle: `tier${shopCount}`, name: "Tier", email: `tier${shopCount}@example.jp`, refToken, status: "approved" } });
  return { shop, creatorId: creator.id, refToken };
}

/** A real-shaped orders/paid payload: one line of `yen`, placed at `createdAt`, referred by the creator's link. */
function buildOrder(shop: Shop, n: number, createdAt: string, yen: number, quantity = 1): OrderPayload {
  const fixture = readWebhookFixture("orders-paid-ref") as Record<string, unknown> & { line_items: Record<string, unknown>[] };
  const id = 6_100_000_000_000 + shopCount * 100 + n;
  const money = { shop_money: { amount: String(yen), currency_code: "JPY" }, presentment_money: { amount: String(yen), currency_code: "JPY" } };
  return {
    ...fixture,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#T${n}`,
    created_at: createdAt,
    processed_at: createdAt,
    updated_at: createdAt,
    note_attributes: [{ name: "_affable_ref", value: shop.refToken }, { name: "_affable_ref_at", value: "2026-11-01T00:00:00Z" }],
    total_discounts_set: { shop_money: { amount: "0", currency_code: "JPY" }, presentment_money: { amount: "0", currency_code: "JPY" } },
    line_items: [{ ...fixture.line_items[0], id: id * 10, admin_graphql_api_id: `gid://shopify/LineItem/${id * 10}`, quantity, price: String(yen), price_set: money, discount_allocations: [], tax_lines: [] }],
  } as unknown as OrderPayload;
}

function deliver(shop: Shop, payload: OrderPayload, now = NOW) {
  return db.$transaction((tx) => recordOrderWebhook(tx, { shop: shop.shop, webhookEventId: `wh-${payload.id}` }, payload, now));
}

async function deliverWithRetry(shop: Shop, payload: OrderPayload) {
  // The inbox retries a transaction that lost an optimistic race; do the same here.
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await deliver(shop, payload);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

async function commissions(shop: Shop) {
  const rows = await db.commission.findMany({ where: { shop: shop.shop }, include: { entries: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } }, orderBy: { orderCreatedAt: "asc" } });
  return rows.map((row) => ({
    order: row.shopifyOrderId,
    status: row.status,
    netMinor: row.netMinor,
    paidMinor: row.paidMinor,
    entriesSum: row.entries.filter((entry) => entry.kind !== "payout" && entry.kind !== "approval").reduce((sum, entry) => sum + entry.amountMinor, 0n),
    kinds: row.entries.map((entry) => entry.kind),
  }));
}

/** Three ¥6,000 orders in one Tokyo month: revenue before them 0, 6,000, 12,000 → 10 %, 10 %, 20 %. */
function threeOrders(shop: Shop) {
  return [
    buildOrder(shop, 1, "2026-11-02T10:00:00+09:00", 6000),
    buildOrder(shop, 2, "2026-11-03T10:00:00+09:00", 6000),
    buildOrder(shop, 3, "2026-11-04T10:00:00+09:00", 6000),
  ];
}

describe.skipIf(postgresUrl === null)("tiers independent of processing order (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "tier_order");
    db = created.db;
    // Recording orders hashes customer emails with a key derived from the app secret.
    useTestAppEnvironment(created.url, "test-secret");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("3 orders crossing a tier threshold delivered in reverse end at the same commissions as in order (600, 600, 1,200)", async () => {
    const inOrder = await createShop();
    for (const payload of threeOrders(inOrder)) await deliver(inOrder, payload);
    const reversed = await createShop();
    for (const payload of threeOrders(reversed).reverse()) await deliver(reversed, payload);

    const expected = [600n, 600n, 1200n];
    expect((await commissions(inOrder)).map((row) => row.netMinor)).toEqual(expected);
    const late = await commissions(reversed);
    expect(late.map((row) => row.netMinor)).toEqual(expected);
    // The balances are the sums of the appended rows; the third order was re-tiered by a new row, not edited.
    expect(late.map((row) => row.entriesSum)).toEqual(expected);
    expect(late[2]!.kinds).toEqual(["accrual", "tier_adjustment"]);
    const entries = await db.ledgerEntry.findMany({ where: { shop: reversed.shop, kind: "tier_adjustment" } });
    expect(entries.map((entry) => entry.amountMinor)).toEqual([600n]);
  });

  it("3 orders processed in parallel transactions end at the same commissions (the creator's tier period is serialised)", async () => {
    const parallel = await createShop();
    await Promise.all(threeOrders(parallel).reverse().map((payload) => deliverWithRetry(parallel, payload)));
    expect((await commissions(parallel)).map((row) => row.netMinor)).toEqual([600n, 600n, 1200n]);
  });

  it("a late earlier order tops up an approved and paid later order with a new row; the paid row stays as it was", async () => {
    const shop = await createShop();
    const [first, second, third] = threeOrders(shop);
    await deliver(shop, second!);
    await deliver(shop, third!);
    // Both paid at 10 % (the third saw only ¥6,000 before it): ¥600 each.
    for (const row of await db.commission.findMany({ where: { shop: shop.shop } })) {
      await db.$transaction((tx) => applyLedgerEvents(tx, { shop: shop.shop, actor: "system" }, row, [{ type: "commission_approved", eventId: `approve:${row.id}` }], later(1), false));
    }
    const paid = await createPayout({ db, shop: shop.shop, actor: "staff:1", creatorId: shop.creatorId, method: "other", requestKey: "pay-1", now: later(2) });
    expect(paid).toMatchObject({ ok: true, outcomes: [{ outcome: "created" }] });

    await deliver(shop, first!, later(3));
    const rows = await commissions(shop);
    expect(rows.map((row) => [row.netMinor, row.paidMinor, row.status])).toEqual([[600n, 0n, "pending"], [600n, 600n, "paid"], [1200n, 600n, "paid"]]);
    expect(rows[2]!.kinds).toEqual(["accrual", "approval", "payout", "tier_adjustment"]);
    const payoutRows = await db.ledgerEntry.findMany({ where: { shop: shop.shop, kind: "payout" } });
    expect(payoutRows.map((entry) => entry.amountMinor)).toEqual([600n, 600n]);
  });

  it("refunds and cancellations do not lower tier revenue: a refunded earlier order still counts for the later ones", async () => {
    const shop = await createShop();
    const [first, second, third] = threeOrders(shop);
    await deliver(shop, { ...first!, cancelled_at: "2026-11-05T10:00:00+09:00", cancel_reason: "customer" } as OrderPayload);
    await deliver(shop, third!);
    await deliver(shop, second!);
    expect((await commissions(shop)).map((row) => row.netMinor)).toEqual([0n, 600n, 1200n]);
  });

  it("a late earlier order re-tiers a later order as edited (the edit's order is the one re-priced)", async () => {
    const shop = await createShop();
    const [first, second, third] = threeOrders(shop);
    await deliver(shop, second!);
    await deliver(shop, third!);
    // The third order is edited to two units (¥12,000 base), still at 10 % (only ¥6,000 before it): ¥1,200.
    const edited = readOrderPayload(buildOrder(shop, 3, "2026-11-04T10:00:00+09:00", 6000, 2)).commission;
    await db.$transaction((tx) => recordOrderEdit(tx, { shop: shop.shop, webhookEventId: "wh-edit" }, { editId: "77", orderLegacyId: String(third!.id), editedAt: new Date("2026-11-05T00:00:00Z") }, edited, later(1)));
    expect((await commissions(shop)).map((row) => row.netMinor)).toEqual([600n, 1200n]);

    await deliver(shop, first!, later(2));
    const rows = await commissions(shop);
    // ¥12,000 before it now → 20 % of the edited ¥12,000 = ¥2,400.
    expect(rows.map((row) => row.netMinor)).toEqual([600n, 600n, 2400n]);
    expect(rows[2]!.kinds).toEqual(["accrual", "edit_adjustment", "tier_adjustment"]);
  });

  it("a conversion recorded through the API with an earlier occurredAt re-tiers the creator's later orders too", async () => {
    const shop = await createShop();
    const [, second, third] = threeOrders(shop);
    await deliver(shop, second!);
    await deliver(shop, third!);
    const caller = { keyId: "key1", shop: shop.shop, scope: "read_write" as const, currency: "JPY", actor: "api:key1" };
    await recordConversion(db, caller, { externalOrderId: "pos-1", amountMinor: 6000, currency: "JPY", creatorId: shop.creatorId, occurredAt: "2026-11-02T01:00:00Z" }, later(1));
    const rows = await commissions(shop);
    expect(rows.map((row) => [row.order, row.netMinor])).toEqual([["api:pos-1", 600n], [second!.admin_graphql_api_id, 600n], [third!.admin_graphql_api_id, 1200n]]);
    expect(rows[2]!.kinds).toEqual(["accrual", "tier_adjustment"]);
  });
});
