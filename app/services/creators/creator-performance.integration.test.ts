/**
 * Creator performance on a real PostgreSQL database: the creator page's card (range in the shop's time zone) and
 * the list/export columns (grouped queries for many creators at once). Orders are made the real way (real-shaped
 * orders/paid payloads through recordOrderWebhook): the fixture's AMELIA15 order has an $89.25 commissionable base
 * and earns 10 % = $8.925, $8.92 rounded half to even.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, seedFixtureOrderShop } from "../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { changeCommissionStatuses } from "../orders-commissions/change-commission-status.server";
import { loadCreatorPerformance, loadCreatorsSummary } from "./load-creator-performance.server";
import { exportCreatorsCsv } from "./export-creators.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "perf-usd.myshopify.com";
const OTHER_SHOP = "perf-other.myshopify.com";
const NOW = new Date("2026-12-31T12:00:00.000Z");
const DAY_MS = 86_400_000;
const STAFF = "staff:1001";

let db: Database;
let amelia: { id: string };

const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_300_000_000_001 });

const NOW_DAY = "2026-12-31";
let bob: { id: string };
let foreignAmelia: { id: string };

describe.skipIf(postgresUrl === null)("creator performance (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "creator_performance");
    db = created.db;
    // Recording orders hashes customer emails with a key derived from the app secret.
    useTestAppEnvironment(created.url, "test-secret");
    amelia = await seedFixtureOrderShop(db, SHOP, "America/New_York");
    foreignAmelia = await seedFixtureOrderShop(db, OTHER_SHOP, "America/New_York");
    bob = await db.creator.create({ data: { shop: SHOP, handle: "bob", name: "Bob", email: "bob@example.com", refToken: "r_bob", status: "approved" } });
    // Amelia: two orders in the last week, one 40 days ago; one order approved; the other shop has its own order.
    const recent = await recordOrder(SHOP, 1);
    await recordOrder(SHOP, 3);
    await recordOrder(SHOP, 40);
    await recordOrder(OTHER_SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [recent.id], now: NOW });
    for (const [daysAgo, creatorId] of [[1, amelia.id], [2, amelia.id], [50, amelia.id], [1, bob.id]] as const) {
      await db.click.create({
        data: { shop: SHOP, creatorId, clickId: `click-${creatorId}-${daysAgo}`, landingPath: "/", ipHash: "ip", userAgentHash: "ua", createdAt: new Date(NOW.getTime() - daysAgo * DAY_MS) },
      });
    }
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("list columns for many creators at once: lifetime revenue, orders, commission earned, balance owed, primary code; scoped to the shop", async () => {
    const summary = await loadCreatorsSummary(db, SHOP, [amelia.id, bob.id, foreignAmelia.id]);
    expect(summary.get(amelia.id)).toEqual({
      currency: "USD", revenueMinor: 3n * 8925n, orders: 3, commissionEarnedMinor: 3n * 892n, balanceOwedMinor: 892n, primaryCode: "AMELIA15",
    });
    expect(summary.get(bob.id)).toEqual({ currency: "USD", revenueMinor: 0n, orders: 0, commissionEarnedMinor: 0n, balanceOwedMinor: 0n, primaryCode: null });
    // Another shop's creator is not read through this shop.
    expect(summary.has(foreignAmelia.id)).toBe(false);
  });

  it("the export carries the same columns", async () => {
    const csv = await exportCreatorsCsv(db, SHOP, { sort: "name", direction: "asc" }, "USD");
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\n");
    const header = lines[0]?.split(",") ?? [];
    for (const column of ["primary_code", "revenue", "orders", "commission_earned", "balance_owed"]) expect(header).toContain(column);
    const ameliaRow = lines[1]?.split(",") ?? [];
    const at = (column: string) => ameliaRow[header.indexOf(column)];
    expect([at("primary_code"), at("revenue"), at("orders"), at("commission_earned"), at("balance_owed")]).toEqual(["AMELIA15", "267.75", "3", "26.76", "8.92"]);
  });

  it("the creator page card: revenue, orders, clicks and commission in the range (shop's days), balance owed now, daily series, commissions list", async () => {
    const performance = await loadCreatorPerformance(db, { shop: SHOP, currencyCode: "USD", ianaTimezone: "America/New_York" }, amelia.id, { preset: "last_7_days", from: "2026-12-25", to: NOW_DAY });
    expect(performance).toMatchObject({
      currency: "USD", revenueMinor: 2n * 8925n, orders: 2, clicks: 2, commissionMinor: 2n * 892n, balanceOwedMinor: 892n,
    });
    expect(performance.days).toHaveLength(7);
    expect(performance.days.reduce((sum, day) => sum + day.revenueMinor, 0n)).toBe(2n * 8925n);
    expect(performance.days.reduce((sum, day) => sum + day.orders, 0)).toBe(2);
    expect(performance.commissions).toHaveLength(3);
    expect(performance.commissions.map((row) => row.status).sort()).toEqual(["approved", "pending", "pending"]);

    const empty = await loadCreatorPerformance(db, { shop: OTHER_SHOP, currencyCode: "USD", ianaTimezone: "America/New_York" }, amelia.id, { preset: "last_7_days", from: "2026-12-25", to: NOW_DAY });
    expect(empty).toMatchObject({ revenueMinor: 0n, orders: 0, clicks: 0, commissionMinor: 0n, balanceOwedMinor: 0n, commissions: [] });
  });
});
