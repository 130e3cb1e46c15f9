/**
 * Risk signals (Part 8) end to end: HMAC-signed, real-shaped order and refund deliveries through the real webhook
 * routes and processor into PostgreSQL. An order writes every AttributedOrder risk column (identity values only as
 * keyed hashes of their normalised form), a refund marks firstRefundedAt once, customers/redact clears the identity
 * keys, and a data request says which hashed signals exist without their values.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import type { DataRequestReport } from "../compliance/build-data-request.server";
import { deriveKey } from "../../security/derive-key.server";
import { hashSignal } from "../../security/hash-signal.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../../webhooks/process-webhook-events.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "risk-signals-secret";
const SHOP = "risk-signals.myshopify.com";
const RISK_ORDER = "gid://shopify/Order/5820982933001";
const REF_ORDER = "gid://shopify/Order/820982911946154508";
const FIXTURES = path.join(import.meta.dirname, "../../../tests/fixtures/webhooks");

type Topic = "orders/paid" | "refunds/create" | "customers/redact" | "customers/data_request";
let db: Database;
let routes: Record<Topic, (args: ActionFunctionArgs) => Promise<Response>>;
let creatorId = "";

async function deliver(topic: Topic, body: Record<string, unknown>, webhookId?: string) {
  const request = signedWebhookRequest({ shop: SHOP, secret: SECRET, topic, body, ...(webhookId ? { webhookId } : {}) });
  expect((await routes[topic]({ request, params: {}, context: {} })).status).toBe(200);
}

async function processAll() {
  expect(await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50)).toMatchObject({ retrying: 0, failed: 0, invalid: 0 });
}

const key = () => deriveKey("ip-hash", SECRET);

describe.skipIf(postgresUrl === null)("order risk signals (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_signals");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      "orders/paid": (await import("../../routes/webhooks.orders.paid")).action,
      "refunds/create": (await import("../../routes/webhooks.refunds.create")).action,
      "customers/redact": (await import("../../routes/webhooks.customers.redact")).action,
      "customers/data_request": (await import("../../routes/webhooks.customers.data_request")).action,
    };
    await db.shop.create({ data: { shop: SHOP, name: SHOP, currencyCode: "USD", ianaTimezone: "UTC", installedAt: new Date("2026-11-01T00:00:00Z") } });
    await db.programSettings.create({ data: { shop: SHOP, currency: "USD", defaultCommissionBasisPoints: 1000 } });
    await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_test" } });
    const creator = await db.creator.create({ data: { shop: SHOP, handle: "amelia", name: "Amelia Brooks", email: "amelia@example.com", refToken: "r_amelia01", status: "approved" } });
    creatorId = creator.id;
    await db.discountCode.create({
      data: {
        shop: SHOP, creatorId, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/1",
        valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
      },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  it("an order webhook writes every risk column: hashed normalised identity keys, traffic signals and what credited the creator", async () => {
    await deliver("orders/paid", readWebhookFixture("orders-paid-risk"));
    await processAll();
    const order = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: RISK_ORDER } });
    expect(order).toMatchObject({
      status: "attributed",
      creatorId,
      // Comparable with Click.ipHash / userAgentHash (the same key and kind prefix as click tracking).
      browserIpHash: hashSignal("ip", "203.0.113.42", key()),
      userAgentHash: hashSignal("ua", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", key()),
      // "Jon.Doe+deals@GMail.com": Gmail dots and +tag off, lower-case.
      customerEmailKey: hashSignal("email", "jondoe@gmail.com", key()),
      // The shipping address's "+1 (415) 555-0142": its last 9 digits.
      customerPhoneKey: hashSignal("phone", "155550142", key()),
      shippingAddressKey: hashSignal("address", "12 harbour st apt 4|94105|us", key()),
      referringDomain: "retailmenot.com",
      adClickIds: ["gclid"],
      landingUtmMedium: "cpc",
      // Credited by the code alone: nothing of Amelia's (link, landing ref, click) was on the order.
      creditedCode: "amelia15",
      creditedSignal: "code",
      creatorTouched: false,
      firstRefundedAt: null,
    });
    // No raw value is stored anywhere on the row.
    const stored = JSON.stringify(order, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    for (const raw of ["203.0.113.42", "Harbour", "555-0142", "jon.doe", "Macintosh"]) expect(stored.toLowerCase()).not.toContain(raw.toLowerCase());
  });

  it("an order credited by the creator's link is touched by the creator; one without signals stores nulls", async () => {
    await deliver("orders/paid", readWebhookFixture("orders-paid"));
    await processAll();
    const order = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: REF_ORDER } });
    expect(order).toMatchObject({
      creatorId,
      // The cart ref and the landing_site ref are both Amelia's; the program's precedence credits landing_site.
      creditedSignal: "landing_site",
      creditedCode: null,
      creatorTouched: true,
      browserIpHash: null,
      userAgentHash: null,
      customerPhoneKey: null,
      shippingAddressKey: null,
      customerEmailKey: hashSignal("email", "john@example.com", key()),
      referringDomain: "instagram.com",
      adClickIds: [],
      landingUtmMedium: null,
    });
  });

  it("a refund marks firstRefundedAt with the refund's time, once", async () => {
    const refund = JSON.parse(readFileSync(path.join(FIXTURES, "refunds-create-partial.json"), "utf8")) as Record<string, unknown>;
    await deliver("refunds/create", { ...refund, order_id: 5820982933001 }, "refund-1");
    await processAll();
    const refunded = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: RISK_ORDER } });
    expect(refunded.firstRefundedAt).toEqual(new Date("2026-11-22T14:00:00Z"));

    // A later refund leaves the first refund's time.
    await deliver("refunds/create", {
      ...refund, id: 990088186999, admin_graphql_api_id: "gid://shopify/Refund/990088186999", order_id: 5820982933001, created_at: "2026-11-25T10:00:00Z",
    }, "refund-2");
    await processAll();
    expect((await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: RISK_ORDER } })).firstRefundedAt).toEqual(new Date("2026-11-22T14:00:00Z"));
  });

  it("a refund that arrived before its order marks firstRefundedAt when the order is recorded", async () => {
    const refund = JSON.parse(readFileSync(path.join(FIXTURES, "refunds-create-partial.json"), "utf8")) as Record<string, unknown>;
    await deliver("refunds/create", { ...refund, id: 990088187001, admin_graphql_api_id: "gid://shopify/Refund/990088187001", order_id: 5820982944001, created_at: "2026-11-23T08:00:00Z" }, "early-refund");
    await processAll();
    await deliver("orders/paid", { ...readWebhookFixture("orders-paid-code"), id: 5820982944001, admin_graphql_api_id: "gid://shopify/Order/5820982944001", name: "#1088" }, "late-order");
    await processAll();
    expect((await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: "gid://shopify/Order/5820982944001" } })).firstRefundedAt).toEqual(new Date("2026-11-23T08:00:00Z"));
  });

  it("a data request says which hashed signals an order keeps, never their values; customers/redact clears the identity keys", async () => {
    const customer = { id: 7115310627314, email: "Jon.Doe+deals@GMail.com", phone: null };
    await deliver("customers/data_request", { shop_id: 1, shop_domain: SHOP, customer, orders_requested: [5820982933001], data_request: { id: 4242 } }, "dr-risk");
    await processAll();
    const report = (await db.dataRequest.findFirstOrThrow({ where: { shop: SHOP } })).report as unknown as DataRequestReport;
    const reported = report.orders.find((order) => order.shopifyOrderId === RISK_ORDER);
    expect(reported?.riskSignals).toEqual({
      hashedEmail: true, hashedPhone: true, hashedShippingAddress: true, hashedBrowserIp: true, hashedUserAgent: true, referringDomain: "retailmenot.com", adClickIds: ["gclid"],
    });
    const before = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: RISK_ORDER } });
    expect(JSON.stringify(report)).not.toContain(before.browserIpHash ?? "none");

    await deliver("customers/redact", { shop_id: 1, shop_domain: SHOP, customer, orders_to_redact: [5820982933001] }, "redact-risk");
    await processAll();
    const redacted = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: RISK_ORDER } });
    expect(redacted).toMatchObject({
      customerEmailKey: null, customerPhoneKey: null, shippingAddressKey: null, browserIpHash: null, userAgentHash: null,
      // What the rules need about the sale itself stays; so does the money.
      referringDomain: "retailmenot.com", adClickIds: ["gclid"], creditedCode: "amelia15", creatorTouched: false,
      firstRefundedAt: before.firstRefundedAt, baseMinor: before.baseMinor,
    });
    // Another customer's order keeps its keys.
    expect((await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: REF_ORDER } })).customerEmailKey).not.toBeNull();
  });
});
