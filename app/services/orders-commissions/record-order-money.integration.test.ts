/**
 * The money loop end to end: HMAC-signed, real-shaped orders/* and refunds/create deliveries through the real
 * webhook route modules into the inbox, then the real processor and handlers, on a real PostgreSQL database.
 */
import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, type WebhookFixtureName, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../../webhooks/process-webhook-events.server";
import { hashEmail } from "../compliance/redact-customer-identity.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "money-loop-secret";
const USD_SHOP = "money-usd.myshopify.com";
const JPY_SHOP = "money-jpy.myshopify.com";
const OTHER_SHOP = "money-other.myshopify.com";
const USD_ORDER = "gid://shopify/Order/5820982911946";
const JPY_ORDER = "gid://shopify/Order/5820982922001";

type Action = (args: ActionFunctionArgs) => Promise<Response>;
type Topic = "orders/create" | "orders/paid" | "orders/updated" | "orders/cancelled" | "refunds/create";
let db: Database;
let routes: Record<Topic, Action>;
let amelia: { id: string };
let kenji: { id: string };

async function deliver(shop: string, topic: Topic, body: Record<string, unknown>) {
  const response = await routes[topic]({ request: signedWebhookRequest({ shop, secret: SECRET, topic, body }), params: {}, context: {} });
  expect(response.status).toBe(200);
}

function fixture(name: WebhookFixtureName, changes: Record<string, unknown> = {}) {
  return { ...readWebhookFixture(name), ...changes };
}

async function processAll() {
  const summary = await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50);
  expect(summary).toMatchObject({ retrying: 0, failed: 0, invalid: 0 });
  return summary;
}

async function ledger(shop: string, shopifyOrderId: string) {
  const commissions = await db.commission.findMany({ where: { shop, shopifyOrderId }, include: { entries: { orderBy: { createdAt: "asc" } } } });
  return commissions.map((commission) => ({
    creatorId: commission.creatorId,
    status: commission.status,
    netMinor: commission.netMinor,
    entries: commission.entries.map((entry) => [entry.kind, entry.amountMinor] as const),
  }));
}


/**
 * The code fixture cut to one line of $38.00 × `ordered` with AMELIA15's 15 % allocated to it, as Shopify sends an
 * order that was edited before Affable saw it: quantity, discount_allocations and total_discounts keep the ORIGINAL
 * figures, current_quantity says what is left (after edits and refunds), refunds[] lists the refunds.
 */
function editedCodeOrder(orderId: number, options: { ordered: number; current: number; refunds?: Record<string, unknown>[] }) {
  const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
  const base = readWebhookFixture("orders-paid-code") as Record<string, unknown> & { line_items: Record<string, unknown>[] };
  const lineId = orderId * 10 + 1;
  const discount = ((3800n * BigInt(options.ordered) * 15n) / 100n).toString().replace(/(\d\d)$/, ".$1");
  return {
    ...base,
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId % 10_000}`,
    total_discounts: discount,
    total_discounts_set: money(discount),
    refunds: options.refunds ?? [],
    line_items: [{
      ...base.line_items[0],
      id: lineId,
      admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
      price: "38.00",
      price_set: money("38.00"),
      quantity: options.ordered,
      current_quantity: options.current,
      tax_lines: [],
      discount_allocations: [{ amount: discount, amount_set: money(discount), discount_application_index: 0 }],
    }],
  };
}

function unitRefund(orderId: number, refundId: number) {
  const lineId = orderId * 10 + 1;
  const base = readWebhookFixture("refunds-create-partial") as Record<string, unknown> & { refund_line_items: Record<string, unknown>[] };
  const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
  return {
    ...base,
    id: refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: orderId,
    refund_line_items: [{
      ...base.refund_line_items[0],
      line_item_id: lineId,
      quantity: 1,
      subtotal: 32.3,
      subtotal_set: money("32.30"),
      line_item: { id: lineId, admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`, price: "38.00", product_id: 8320982911, quantity: 1, sku: "X", title: "X", variant_id: 1 },
    }],
  };
}

describe.skipIf(postgresUrl === null)("orders and refunds → attribution → pending commission → ledger (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "money_loop");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      "orders/create": (await import("../../routes/webhooks.orders.create")).action,
      "orders/paid": (await import("../../routes/webhooks.orders.paid")).action,
      "orders/updated": (await import("../../routes/webhooks.orders.updated")).action,
      "orders/cancelled": (await import("../../routes/webhooks.orders.cancelled")).action,
      "refunds/create": (await import("../../routes/webhooks.refunds.create")).action,
    };
    for (const [shop, currency] of [[USD_SHOP, "USD"], [JPY_SHOP, "JPY"], [OTHER_SHOP, "USD"]] as const) {
      await db.shop.create({ data: { shop, name: shop, currencyCode: currency, ianaTimezone: "UTC" } });
      await db.programSettings.create({ data: { shop, currency, defaultCommissionBasisPoints: 1000 } });
    }
    amelia = await db.creator.create({
      data: { shop: USD_SHOP, handle: "amelia", name: "Amelia", email: "amelia@example.com", refToken: "r_amelia01", status: "approved" },
    });
    await db.discountCode.create({
      data: {
        shop: USD_SHOP, creatorId: amelia.id, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/1",
        valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
      },
    });
    kenji = await db.creator.create({
      data: { shop: JPY_SHOP, handle: "kenji", name: "Kenji", email: "kenji@example.jp", refToken: "r_kenji01", status: "approved" },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  it("a creator's code earns a pending commission exact to the cent (USD), once however often the order is delivered", async () => {
    await deliver(USD_SHOP, "orders/create", fixture("orders-paid-code", { financial_status: "pending" }));
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code"));
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code"));
    await processAll();
    await deliver(USD_SHOP, "orders/updated", fixture("orders-paid-code"));
    await processAll();

    // Bases $68.00 + $21.25 (after the code's line discounts; tax and shipping excluded) × 10% = 8.925 → $8.92 (half-even).
    expect(await ledger(USD_SHOP, USD_ORDER)).toEqual([{ creatorId: amelia.id, status: "pending", netMinor: 892n, entries: [["accrual", 892n]] }]);
    const order = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: USD_SHOP, shopifyOrderId: USD_ORDER } } });
    expect(order).toMatchObject({ status: "attributed", creatorId: amelia.id, baseMinor: 8925n, currency: "USD", test: false, customerId: "gid://shopify/Customer/7115310627314" });
    // Keyed, by the one email hasher (the fixture customer is jon@example.com).
    expect(order.customerEmailHash).toBe(hashEmail("jon@example.com"));
    expect(order.customerEmailHash).not.toContain(createHash("sha256").update("jon@example.com").digest("hex"));
    expect(order.attribution).toMatchObject({ signal: "code", creatorId: amelia.id });
    const commission = await db.commission.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: USD_ORDER } });
    expect(commission.ruleVersionId).toBe("program-settings:v1");
    expect(await db.webhookEvent.count({ where: { shop: USD_SHOP, status: "processed" } })).toBe(4);
  });

  it("a partial refund reverses pro rata, a repeat of it changes nothing, and the full refund reverses exactly the rest", async () => {
    await deliver(USD_SHOP, "refunds/create", fixture("refunds-create-partial"));
    await deliver(USD_SHOP, "refunds/create", fixture("refunds-create-partial"));
    await processAll();
    // Line commissions 892 split 680 / 212 over the bases; 1 of 2 shirts back: the shirt keeps 340.
    expect(await ledger(USD_SHOP, USD_ORDER)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 552n, entries: [["accrual", 892n], ["refund_reversal", -340n]] },
    ]);

    await deliver(USD_SHOP, "refunds/create", fixture("refunds-create-full"));
    // orders/updated repeats both refunds in its refunds[]: already applied, so nothing moves.
    const refunds = [readWebhookFixture("refunds-create-partial"), readWebhookFixture("refunds-create-full")];
    await deliver(USD_SHOP, "orders/updated", fixture("orders-paid-code", { refunds, financial_status: "refunded" }));
    await processAll();
    expect(await ledger(USD_SHOP, USD_ORDER)).toEqual([
      { creatorId: amelia.id, status: "reversed", netMinor: 0n, entries: [["accrual", 892n], ["refund_reversal", -340n], ["refund_reversal", -552n]] },
    ]);
  });

  it("an order first seen after an edit (4 → 2 units of $38.00, 15 % code) pays 10 % of 2 × 38.00 − 11.40 = $6.46", async () => {
    const orderId = 5820982988001;
    await deliver(USD_SHOP, "orders/paid", editedCodeOrder(orderId, { ordered: 4, current: 2 }));
    await processAll();
    expect(await ledger(USD_SHOP, `gid://shopify/Order/${orderId}`)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 646n, entries: [["accrual", 646n]] },
    ]);
    const commission = await db.commission.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: `gid://shopify/Order/${orderId}` } });
    const derivation = commission.derivation as { lines: { orderDiscountShare: { shop: { amountMinor: unknown } } }[] };
    // The code is a line discount: no order-level share may appear in the derivation.
    expect(derivation.lines.map((line) => line.orderDiscountShare.shop.amountMinor)).toEqual([{ $bigint: "0" }]);
  });

  it("refund then edit (4 units, 1 refunded, 1 removed) before Affable saw the order: the 2 kept units pay $6.46", async () => {
    const orderId = 5820982988002;
    const refund = unitRefund(orderId, 990088188002);
    await deliver(USD_SHOP, "orders/paid", editedCodeOrder(orderId, { ordered: 4, current: 2, refunds: [refund] }));
    await deliver(USD_SHOP, "refunds/create", refund);
    await processAll();
    // Accrued on the 3 units not removed (114.00 − 17.10 = 96.90 → $9.69), then the refunded one reversed ($3.23).
    expect(await ledger(USD_SHOP, `gid://shopify/Order/${orderId}`)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 646n, entries: [["accrual", 969n], ["refund_reversal", -323n]] },
    ]);
  });

  it("a refund delivered before its order is kept and applied when the order arrives", async () => {
    const orderId = 5820982933001;
    const early = fixture("refunds-create-partial", { id: 990088186051, admin_graphql_api_id: "gid://shopify/Refund/990088186051", order_id: orderId });
    await deliver(USD_SHOP, "refunds/create", early);
    await processAll();
    expect(await db.deferredOrderEvent.count({ where: { shop: USD_SHOP, shopifyOrderLegacyId: String(orderId) } })).toBe(1);
    expect(await db.webhookEvent.findFirst({ where: { shop: USD_SHOP, topic: "REFUNDS_CREATE", resultNote: { contains: "arrived before order" } } })).not.toBeNull();

    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code", { id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}`, name: "#1042" }));
    await processAll();
    expect(await ledger(USD_SHOP, `gid://shopify/Order/${orderId}`)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 552n, entries: [["accrual", 892n], ["refund_reversal", -340n]] },
    ]);
    expect(await db.deferredOrderEvent.count({ where: { shop: USD_SHOP } })).toBe(0);
  });

  it("processors running at once never double-apply an order's deliveries (per-order lock + commission version)", async () => {
    const orderId = 5820982966001;
    const order = fixture("orders-paid-code", { id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}`, name: "#1043" });
    const refund = fixture("refunds-create-partial", { id: 990088186061, admin_graphql_api_id: "gid://shopify/Refund/990088186061", order_id: orderId });
    await deliver(USD_SHOP, "orders/create", order);
    await deliver(USD_SHOP, "orders/paid", order);
    await deliver(USD_SHOP, "refunds/create", refund);
    await deliver(USD_SHOP, "orders/updated", { ...order, refunds: [refund] });
    const now = new Date(Date.now() + 1_000);
    const runs = await Promise.all([1, 2, 3, 4].map(() => processDueWebhookEvents(db, now, 1)));
    expect(runs.reduce((total, run) => total + run.processed, 0)).toBe(4);
    expect(await ledger(USD_SHOP, `gid://shopify/Order/${orderId}`)).toEqual([
      { creatorId: amelia.id, status: "pending", netMinor: 552n, entries: [["accrual", 892n], ["refund_reversal", -340n]] },
    ]);
  });

  it("a cart ref earns in JPY to the yen, and a cancellation reverses all of it", async () => {
    await deliver(JPY_SHOP, "orders/paid", fixture("orders-paid-ref"));
    await processAll();
    // ¥1,250 × 3 + ¥985 = ¥4,735 × 10% = 473.5 → ¥474 (half-even); shipping never earns.
    expect(await ledger(JPY_SHOP, JPY_ORDER)).toEqual([{ creatorId: kenji.id, status: "pending", netMinor: 474n, entries: [["accrual", 474n]] }]);
    const order = await db.attributedOrder.findFirstOrThrow({ where: { shop: JPY_SHOP, shopifyOrderId: JPY_ORDER } });
    expect(order.attribution).toMatchObject({ signal: "link", creatorId: kenji.id });

    await deliver(JPY_SHOP, "orders/cancelled", fixture("orders-cancelled"));
    await deliver(JPY_SHOP, "orders/cancelled", fixture("orders-cancelled"));
    await processAll();
    expect(await ledger(JPY_SHOP, JPY_ORDER)).toEqual([
      { creatorId: kenji.id, status: "reversed", netMinor: 0n, entries: [["accrual", 474n], ["cancellation", -474n]] },
    ]);
    expect((await db.attributedOrder.findFirstOrThrow({ where: { shop: JPY_SHOP, shopifyOrderId: JPY_ORDER } })).cancelledAt).toEqual(new Date("2026-11-21T01:00:00Z"));
  });

  it("ignores Shopify test orders unless the program counts them", async () => {
    const testOrder = { id: 5820982944001, admin_graphql_api_id: "gid://shopify/Order/5820982944001", test: true };
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code", testOrder));
    await processAll();
    expect(await db.attributedOrder.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: testOrder.admin_graphql_api_id } })).toMatchObject({ status: "ignored_test", creatorId: null });
    expect(await db.commission.count({ where: { shop: USD_SHOP, shopifyOrderId: testOrder.admin_graphql_api_id } })).toBe(0);

    await db.programSettings.update({ where: { shop: USD_SHOP }, data: { includeTestOrders: true, version: { increment: 1 } } });
    const counted = { id: 5820982944002, admin_graphql_api_id: "gid://shopify/Order/5820982944002", test: true };
    await deliver(USD_SHOP, "orders/paid", fixture("orders-paid-code", counted));
    await processAll();
    expect(await ledger(USD_SHOP, counted.admin_graphql_api_id)).toEqual([{ creatorId: amelia.id, status: "pending", netMinor: 892n, entries: [["accrual", 892n]] }]);
    expect((await db.commission.findFirstOrThrow({ where: { shop: USD_SHOP, shopifyOrderId: counted.admin_graphql_api_id } })).ruleVersionId).toBe("program-settings:v2");
    await db.programSettings.update({ where: { shop: USD_SHOP }, data: { includeTestOrders: false } });
  });

  it("never attributes an order to another shop's creator code or ref token", async () => {
    const orderId = "gid://shopify/Order/5820982955001";
    const body = fixture("orders-paid-code", {
      id: 5820982955001,
      admin_graphql_api_id: orderId,
      landing_site: "/?ref=r_kenji01",
      note_attributes: [{ name: "_affable_ref", value: "r_amelia01" }, { name: "_affable_ref_at", value: "2026-11-19T09:00:00Z" }],
    });
    await deliver(OTHER_SHOP, "orders/paid", body);
    await processAll();
    expect(await db.attributedOrder.findFirstOrThrow({ where: { shop: OTHER_SHOP, shopifyOrderId: orderId } })).toMatchObject({ status: "unattributed", creatorId: null });
    expect(await db.commission.count({ where: { shopifyOrderId: orderId } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });

  it("joins the cart's _affable_click_id to its click, only for a click of the same shop and creator", async () => {
    const click = await db.click.create({
      data: { shop: USD_SHOP, creatorId: amelia.id, clickId: "clk_amelia_000001", landingPath: "/", ipHash: "a".repeat(64), userAgentHash: "b".repeat(64), createdAt: new Date("2026-11-19T09:00:00Z") },
    });
    // The same click id text exists in another shop, for that shop's creator.
    const otherCreator = await db.creator.create({ data: { shop: OTHER_SHOP, handle: "olga", name: "Olga", email: "olga@example.com", refToken: "r_olga0001", status: "approved" } });
    await db.click.create({
      data: { shop: OTHER_SHOP, creatorId: otherCreator.id, clickId: "clk_other_000001", landingPath: "/", ipHash: "c".repeat(64), userAgentHash: "d".repeat(64), createdAt: new Date("2026-11-19T09:00:00Z") },
    });
    const withClick = (orderId: number, clickId: string) => fixture("orders-paid-code", {
      id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}`, discount_codes: [], landing_site: null,
      note_attributes: [{ name: "_affable_ref", value: "r_amelia01" }, { name: "_affable_ref_at", value: "2026-11-19T09:00:00Z" }, { name: "_affable_click_id", value: clickId }],
    });
    await deliver(USD_SHOP, "orders/paid", withClick(5820982999001, "clk_amelia_000001"));
    // A click id of another shop (even if it exists there) is never trusted.
    await deliver(USD_SHOP, "orders/paid", withClick(5820982999002, "clk_other_000001"));
    // A click that does not exist.
    await deliver(USD_SHOP, "orders/paid", withClick(5820982999003, "clk_unknown_0001"));
    await processAll();
    const joined = async (orderId: number) => {
      const order = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: USD_SHOP, shopifyOrderId: `gid://shopify/Order/${orderId}` } } });
      return { status: order.status, creatorId: order.creatorId, clickId: order.clickId };
    };
    expect(await joined(5820982999001)).toEqual({ status: "attributed", creatorId: amelia.id, clickId: click.id });
    expect(await joined(5820982999002)).toEqual({ status: "attributed", creatorId: amelia.id, clickId: null });
    expect(await joined(5820982999003)).toEqual({ status: "attributed", creatorId: amelia.id, clickId: null });

    // A click of the same shop but ANOTHER creator is not this order's click either.
    const ben = await db.creator.create({ data: { shop: USD_SHOP, handle: "ben", name: "Ben", email: "ben@example.com", refToken: "r_ben00001", status: "approved" } });
    await db.click.create({
      data: { shop: USD_SHOP, creatorId: ben.id, clickId: "clk_ben_00000001", landingPath: "/", ipHash: "e".repeat(64), userAgentHash: "f".repeat(64), createdAt: new Date("2026-11-19T09:00:00Z") },
    });
    await deliver(USD_SHOP, "orders/paid", withClick(5820982999004, "clk_ben_00000001"));
    await processAll();
    expect(await joined(5820982999004)).toEqual({ status: "attributed", creatorId: amelia.id, clickId: null });
  });

  it("credits a customer's lifetime referrer when the order names no creator, and only in that shop", async () => {
    const orderId = "gid://shopify/Order/5820982977001";
    const customer = { id: 7115310688001, admin_graphql_api_id: "gid://shopify/Customer/7115310688001", email: "returning@example.com" };
    // Linked through the public API with the numeric id; the order carries the gid.
    await db.customerReferral.create({ data: { shop: USD_SHOP, customerId: "7115310688001", creatorId: amelia.id, source: "api", createdAt: new Date() } });
    const body = fixture("orders-paid-code", { id: 5820982977001, admin_graphql_api_id: orderId, discount_codes: [], landing_site: null, note_attributes: [], customer, email: customer.email });
    await deliver(USD_SHOP, "orders/paid", body);
    await deliver(OTHER_SHOP, "orders/paid", body);
    await processAll();
    const order = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: USD_SHOP, shopifyOrderId: orderId } } });
    expect({ status: order.status, creatorId: order.creatorId, attribution: order.attribution }).toMatchObject({ status: "attributed", creatorId: amelia.id, attribution: { signal: "customer" } });
    expect(await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: OTHER_SHOP, shopifyOrderId: orderId } } })).toMatchObject({ status: "unattributed" });
  });
});
