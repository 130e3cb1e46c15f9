/**
 * Click-to-order reporting through the exact join (AttributedOrder.clickId → Click), not clicks and orders that
 * merely fall in the same window: the creator portal's conversion rate counts only orders whose cart named one of
 * the creator's recorded clicks. Real PostgreSQL, real service.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import type { Database } from "../../db.server";
import { loadPortalOverview, loadPortalShop } from "./load-creator-portal.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "click-join.myshopify.com";
const OTHER_SHOP = "click-join-other.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

let db: Database;

describe.skipIf(postgresUrl === null)("click-to-order reporting uses the order → click join (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "click_join")).db;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("the portal's conversion rate is orders that came from a click ÷ clicks, never code-only orders or another shop's", async () => {
    for (const shop of [SHOP, OTHER_SHOP]) await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
    const creator = await db.creator.create({ data: { shop: SHOP, handle: "cleo", name: "Cleo", email: "cleo@example.com", refToken: "r_cleo0001", status: "approved" } });
    const clickIds: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const click = await db.click.create({
        data: { shop: SHOP, creatorId: creator.id, clickId: `clk_cleo_${index}0000`, landingPath: "/", ipHash: `ip${index}`, userAgentHash: "ua", createdAt: daysAgo(3) },
      });
      clickIds.push(click.id);
    }
    // Three attributed orders: one came from a click, two are code-only (no click named).
    for (const [index, clickId] of [clickIds[0], null, null].entries()) {
      await db.attributedOrder.create({
        data: {
          shop: SHOP, shopifyOrderId: `gid://shopify/Order/77${index}`, shopifyOrderLegacyId: `77${index}`, name: `#77${index}`, orderCreatedAt: daysAgo(2),
          currency: "USD", presentmentCurrency: "USD", baseMinor: 10_000n, test: false, attribution: {}, creatorId: creator.id, status: "attributed",
          sourceWebhookEventId: "seed", recordedAt: daysAgo(2), clickId: clickId ?? null,
        },
      });
    }
    // Another shop's order pointing at this shop's click row would be a bug elsewhere; it never counts here.
    await db.attributedOrder.create({
      data: {
        shop: OTHER_SHOP, shopifyOrderId: "gid://shopify/Order/880", shopifyOrderLegacyId: "880", orderCreatedAt: daysAgo(2), currency: "USD", presentmentCurrency: "USD",
        test: false, attribution: {}, creatorId: creator.id, status: "attributed", sourceWebhookEventId: "seed", recordedAt: daysAgo(2), clickId: clickIds[1] ?? null,
      },
    });

    const shop = await loadPortalShop(db, SHOP);
    if (shop === null) throw new Error("no shop");
    const overview = await loadPortalOverview(db, shop, { id: creator.id, name: creator.name, email: creator.email, status: creator.status, refToken: creator.refToken, handle: creator.handle }, NOW);
    expect({ clicks: overview.clicks, orders: overview.orders, conversion: overview.conversionRateText }).toEqual({ clicks: 4, orders: 3, conversion: "25.0%" });
  });
});
