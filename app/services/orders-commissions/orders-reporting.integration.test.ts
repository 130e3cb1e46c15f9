/**
 * The orders list, the order detail and the dashboard on a real PostgreSQL database, with every order, commission
 * and ledger row made by the real path: HMAC-signed deliveries through the webhook routes into the inbox, then the
 * processor and handlers (recordOrderWebhook / recordRefundWebhook).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../../webhooks/process-webhook-events.server";
import { listOrders } from "./list-orders.server";
import { loadDashboard } from "./load-dashboard.server";
import { loadOrderDetail } from "./load-order-detail.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "orders-reporting-secret";
const SHOP_A = { shop: "report-a.myshopify.com", currencyCode: "USD", ianaTimezone: "America/New_York" };
const SHOP_B = { shop: "report-b.myshopify.com", currencyCode: "USD", ianaTimezone: "UTC" };
const SHOP_JPY = { shop: "report-jpy.myshopify.com", currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" };
const SHOP_KWD = { shop: "report-kwd.myshopify.com", currencyCode: "KWD", ianaTimezone: "Asia/Kuwait" };
const CODE_ORDER = "gid://shopify/Order/5820982911946";
const LINK_ORDER = "gid://shopify/Order/820982911946154508";

type Action = (args: ActionFunctionArgs) => Promise<Response>;
type Topic = "orders/paid" | "refunds/create";
let db: Database;
let routes: Record<Topic, Action>;
const creators: Record<string, { id: string }> = {};

function readOwnFixture(name: "orders-paid-code-jpy" | "orders-paid-code-kwd"): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(import.meta.dirname, `../../../tests/fixtures/webhooks/${name}.json`), "utf8")) as Record<string, unknown>;
}

function withOrderId(body: Record<string, unknown>, id: number, name: string) {
  return { ...body, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name };
}

async function deliver(shop: string, topic: Topic, body: Record<string, unknown>) {
  const response = await routes[topic]({ request: signedWebhookRequest({ shop, secret: SECRET, topic, body }), params: {}, context: {} });
  expect(response.status).toBe(200);
}

async function processAll() {
  expect(await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50)).toMatchObject({ retrying: 0, failed: 0, invalid: 0 });
}

async function orderId(shop: string, shopifyOrderId: string) {
  return (await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop, shopifyOrderId } } })).id;
}

async function createCreatorWithCode(shop: string, currency: string, handle: string, refToken: string) {
  const creator = await db.creator.create({ data: { shop, handle, name: handle.replace(/^./, (c) => c.toUpperCase()), email: `${handle}@example.com`, refToken, status: "approved" } });
  await db.discountCode.create({
    data: {
      shop, creatorId: creator.id, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: `gid://shopify/DiscountCodeNode/${handle}`,
      valueType: "percentage", valueBasisPoints: 1500, currency, startsAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
  creators[`${shop}:${handle}`] = creator;
  return creator;
}

describe.skipIf(postgresUrl === null)("orders list, order detail and dashboard (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "orders_reporting");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      "orders/paid": (await import("../../routes/webhooks.orders.paid")).action,
      "refunds/create": (await import("../../routes/webhooks.refunds.create")).action,
    };
    for (const shop of [SHOP_A, SHOP_B, SHOP_JPY, SHOP_KWD]) {
      await db.shop.create({ data: { ...shop, name: shop.shop } });
      await db.programSettings.create({ data: { shop: shop.shop, currency: shop.currencyCode, defaultCommissionBasisPoints: 1000 } });
    }
    await createCreatorWithCode(SHOP_A.shop, "USD", "amelia", "r_amelia01");
    await createCreatorWithCode(SHOP_JPY.shop, "JPY", "kenji", "r_kenji01");
    await createCreatorWithCode(SHOP_KWD.shop, "KWD", "fatima", "r_fatima01");

    // Shop A: a code order (later partly refunded), a cart-ref order, an order without any signal, a test order.
    await deliver(SHOP_A.shop, "orders/paid", readWebhookFixture("orders-paid-code"));
    await deliver(SHOP_A.shop, "orders/paid", readWebhookFixture("orders-paid"));
    const plain = { ...withOrderId(readWebhookFixture("orders-paid"), 5820982977001, "#1050"), note_attributes: [], landing_site: "/" };
    await deliver(SHOP_A.shop, "orders/paid", plain);
    await deliver(SHOP_A.shop, "orders/paid", { ...withOrderId(readWebhookFixture("orders-paid-code"), 5820982977002, "#1051"), test: true });
    // Shop B receives an order with the very same Shopify id as one of shop A's.
    await deliver(SHOP_B.shop, "orders/paid", plain);
    for (const [index, shop] of [SHOP_JPY, SHOP_KWD].entries()) {
      const body = readOwnFixture(shop === SHOP_JPY ? "orders-paid-code-jpy" : "orders-paid-code-kwd");
      await deliver(shop.shop, "orders/paid", body);
      await deliver(shop.shop, "orders/paid", withOrderId(body, 5820982988001 + index, "#9001"));
    }
    await processAll();
    await deliver(SHOP_A.shop, "refunds/create", readWebhookFixture("refunds-create-partial"));
    await processAll();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  describe("listOrders", () => {
    it("lists every order the shop has seen, newest first, with creator, signal, commission and the reason when none earns", async () => {
      const page = await listOrders(db, SHOP_A.shop, SHOP_A.ianaTimezone, {});
      expect(page.total).toBe(4);
      const byName = Object.fromEntries(page.orders.map((order) => [order.name, order]));
      expect(byName["#1041"]).toMatchObject({
        status: "attributed",
        signal: "code",
        creator: { id: creators[`${SHOP_A.shop}:amelia`]?.id, name: "Amelia" },
        commission: { status: "pending", netMinor: 552n, currency: "USD" },
        reason: null,
      });
      expect(byName["#9999"]).toMatchObject({ status: "attributed", signal: "landing_site" });
      expect(byName["#1050"]).toMatchObject({ status: "unattributed", creator: null, commission: null, signal: null });
      expect(byName["#1050"]?.reason).toEqual(expect.any(String));
      expect(byName["#1050"]?.reason?.length).toBeGreaterThan(10);
      expect(byName["#1051"]).toMatchObject({ status: "ignored_test", test: true, reason: "Shopify test order; the program does not count test orders." });
    });

    it.each([
      { label: "status unattributed", query: { status: "unattributed" as const }, names: ["#1050"] },
      { label: "status ignored_test", query: { status: "ignored_test" as const }, names: ["#1051"] },
      { label: "status no_program", query: { status: "no_program" as const }, names: [] },
      { label: "order name without #", query: { q: "1041" }, names: ["#1041"] },
      { label: "order name with #", query: { q: "#1050" }, names: ["#1050"] },
      { label: "a day with every order (New York's 20 November)", query: { from: "2026-11-20", to: "2026-11-20" }, names: ["#1041", "#1050", "#1051", "#9999"] },
      { label: "a day before them", query: { from: "2026-11-19", to: "2026-11-19" }, names: [] },
    ])("filters by $label", async ({ query, names }) => {
      const page = await listOrders(db, SHOP_A.shop, SHOP_A.ianaTimezone, query);
      expect(page.orders.map((order) => order.name).sort()).toEqual([...names].sort());
    });

    it("filters by creator", async () => {
      const page = await listOrders(db, SHOP_A.shop, SHOP_A.ianaTimezone, { creator: creators[`${SHOP_A.shop}:amelia`]?.id ?? "" });
      expect(page.orders.map((order) => order.status)).toEqual(["attributed", "attributed"]);
    });

    it("never shows one shop's orders to another, even with the same Shopify order id or another shop's creator", async () => {
      const page = await listOrders(db, SHOP_B.shop, SHOP_B.ianaTimezone, {});
      expect(page.orders.map((order) => order.name)).toEqual(["#1050"]);
      expect(page.orders[0]?.id).not.toBe(await orderId(SHOP_A.shop, "gid://shopify/Order/5820982977001"));
      expect((await listOrders(db, SHOP_B.shop, "UTC", { creator: creators[`${SHOP_A.shop}:amelia`]?.id ?? "" })).total).toBe(0);
    });

    it("pages past the last order to an empty page that still knows the total", async () => {
      expect(await listOrders(db, SHOP_A.shop, SHOP_A.ianaTimezone, { page: 2 })).toMatchObject({ orders: [], total: 4, page: 2, pageCount: 1 });
    });
  });

  describe("loadOrderDetail", () => {
    it("explains the attribution, the derivation, the balances and the whole history of a refunded code order", async () => {
      const detail = await loadOrderDetail(db, SHOP_A.shop, await orderId(SHOP_A.shop, CODE_ORDER));
      const amelia = creators[`${SHOP_A.shop}:amelia`]?.id ?? "";
      expect(detail?.decision).toMatchObject({ creatorId: amelia, signal: "code" });
      expect(detail?.decision.considered).toContainEqual(expect.objectContaining({ signal: "code", value: "amelia15", credited: true, accepted: true }));
      expect(detail?.creators).toEqual({ [amelia]: "Amelia" });

      const [commission] = detail?.commissions ?? [];
      expect(commission).toMatchObject({ status: "pending", currency: "USD", ruleVersionId: "program-settings:v1", netMinor: 552n, paidMinor: 0n, owedMinor: 552n });
      // Bases $68.00 + $21.25 (after the code's discounts, before tax) earn 680 + 212 at 10% half-even.
      expect(commission?.derivation.lines.map((line) => [line.base.shop.amountMinor, line.commission.amountMinor, line.rule?.source])).toEqual([
        [6800n, 680n, "program_default"],
        [2125n, 212n, "program_default"],
      ]);
      expect(commission?.derivation.explanation.length).toBeGreaterThan(0);
      expect(commission?.derivation.lines.map((line) => detail?.lineTitles[line.lineItemId])).toEqual(["Linen Shirt", expect.any(String)]);
      expect(commission?.entries.map((entry) => [entry.kind, entry.amountMinor, entry.statusAfter, entry.actor])).toEqual([
        ["accrual", 892n, "pending", "webhook"],
        ["refund_reversal", -340n, "pending", "webhook"],
      ]);
      expect(detail?.deliveries.map((delivery) => [delivery.topicRaw, delivery.status])).toEqual([
        ["orders/paid", "processed"],
        ["refunds/create", "processed"],
      ]);
    });

    it("shows why an order earns nothing, and no commission", async () => {
      const detail = await loadOrderDetail(db, SHOP_A.shop, await orderId(SHOP_A.shop, "gid://shopify/Order/5820982977001"));
      expect(detail?.order.status).toBe("unattributed");
      expect(detail?.decision).toMatchObject({ creatorId: null, signal: null, considered: [] });
      expect(detail?.commissions).toEqual([]);
      expect(detail?.deliveries).toHaveLength(1);
    });

    it("finds nothing for another shop's order id (the route answers 404)", async () => {
      expect(await loadOrderDetail(db, SHOP_B.shop, await orderId(SHOP_A.shop, CODE_ORDER))).toBeNull();
      expect(await loadOrderDetail(db, SHOP_A.shop, "not-an-order")).toBeNull();
    });

    it("lists only this shop's deliveries for an order id two shops share", async () => {
      const detail = await loadOrderDetail(db, SHOP_B.shop, await orderId(SHOP_B.shop, "gid://shopify/Order/5820982977001"));
      expect(detail?.deliveries).toHaveLength(1);
      const delivery = await db.webhookEvent.findUniqueOrThrow({ where: { id: detail?.deliveries[0]?.id ?? "" } });
      expect(delivery.shop).toBe(SHOP_B.shop);
    });
  });

  describe("loadDashboard", () => {
    const range = (from: string, to: string) => ({ preset: "custom" as const, from, to });

    it("sums revenue, orders and commissions for the range, net of the refund, with a top creators table", async () => {
      const dashboard = await loadDashboard(db, SHOP_A, range("2026-11-14", "2026-11-20"));
      expect(dashboard.hasAnyOrder).toBe(true);
      expect(dashboard.ordersSeen).toBe(4);
      expect(dashboard.attributedOrders).toBe(2);
      expect(dashboard.unattributedOrders).toBe(1);
      const linkOrder = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: SHOP_A.shop, shopifyOrderId: LINK_ORDER } } });
      const linkCommission = await db.commission.findFirstOrThrow({ where: { shop: SHOP_A.shop, shopifyOrderId: LINK_ORDER } });
      expect(dashboard.revenue).toEqual([{ currency: "USD", amountMinor: 8925n + linkOrder.baseMinor }]);
      expect(dashboard.commissions).toEqual([{ currency: "USD", pendingMinor: 552n + linkCommission.netMinor, approvedMinor: 0n, onHoldMinor: 0n, paidMinor: 0n }]);
      expect(dashboard.owedNow).toEqual([{ currency: "USD", amountMinor: 0n }]);
      expect(dashboard.clawbacksOutstanding).toEqual([{ currency: "USD", amountMinor: 0n }]);
      expect(dashboard.topCreators).toEqual([
        { creatorId: creators[`${SHOP_A.shop}:amelia`]?.id, name: "Amelia", currency: "USD", revenueMinor: 8925n + linkOrder.baseMinor, orders: 2, commissionMinor: 552n + linkCommission.netMinor },
      ]);
      expect(dashboard.days).toHaveLength(7);
      expect(dashboard.days.at(-1)).toEqual({ day: "2026-11-20", revenueMinor: 8925n + linkOrder.baseMinor, commissionMinor: 552n + linkCommission.netMinor, orders: 2 });
      expect(dashboard.days.slice(0, 6).every((day) => day.orders === 0 && day.revenueMinor === 0n)).toBe(true);
    });

    it("buckets by the shop's day: a 12:31 New York order is on the 21st in Tokyo, and yen are summed exactly", async () => {
      const dashboard = await loadDashboard(db, SHOP_JPY, range("2026-11-20", "2026-11-21"));
      // Two orders of ¥6,800 + ¥2,125 base; 10% of ¥8,925 = 892.5 → ¥892 each (half-even).
      expect(dashboard.revenue).toEqual([{ currency: "JPY", amountMinor: 17_850n }]);
      expect(dashboard.days).toEqual([
        { day: "2026-11-20", revenueMinor: 0n, commissionMinor: 0n, orders: 0 },
        { day: "2026-11-21", revenueMinor: 17_850n, commissionMinor: 1_784n, orders: 2 },
      ]);
      expect(dashboard.commissions).toEqual([{ currency: "JPY", pendingMinor: 1_784n, approvedMinor: 0n, onHoldMinor: 0n, paidMinor: 0n }]);
    });

    it("sums Kuwaiti dinars to the fils (three decimals)", async () => {
      const dashboard = await loadDashboard(db, SHOP_KWD, range("2026-11-01", "2026-11-30"));
      // 89.250 KWD base per order; 10% = 8.925 KWD exactly.
      expect(dashboard.revenue).toEqual([{ currency: "KWD", amountMinor: 178_500n }]);
      expect(dashboard.topCreators).toMatchObject([{ name: "Fatima", revenueMinor: 178_500n, orders: 2, commissionMinor: 17_850n }]);
      expect(dashboard.days.reduce((sum, day) => sum + day.commissionMinor, 0n)).toBe(17_850n);
    });

    it("shows shop B nothing of shop A's orders and commissions", async () => {
      const dashboard = await loadDashboard(db, SHOP_B, range("2026-11-14", "2026-11-20"));
      expect(dashboard).toMatchObject({ ordersSeen: 1, attributedOrders: 0, unattributedOrders: 1, revenue: [], commissions: [], owedNow: [], topCreators: [] });
      expect(dashboard.days.every((day) => day.revenueMinor === 0n && day.commissionMinor === 0n)).toBe(true);
    });

    it("is empty for a range without orders, and says when a shop has never had one", async () => {
      const quiet = await loadDashboard(db, SHOP_A, range("2026-10-01", "2026-10-07"));
      expect(quiet).toMatchObject({ ordersSeen: 0, revenue: [], topCreators: [], hasAnyOrder: true });
      await db.shop.create({ data: { shop: "report-new.myshopify.com", name: "New", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" } });
      const fresh = await loadDashboard(db, { shop: "report-new.myshopify.com", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" }, range("2026-03-29", "2026-03-29"));
      expect(fresh).toMatchObject({ hasAnyOrder: false, ordersSeen: 0, days: [{ day: "2026-03-29", revenueMinor: 0n, commissionMinor: 0n, orders: 0 }] });
    });
  });
});
