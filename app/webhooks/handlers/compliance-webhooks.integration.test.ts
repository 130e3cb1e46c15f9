/**
 * The compliance webhooks end to end: HMAC-signed, real-shaped deliveries through the real webhook routes into the
 * inbox, then the real processor and handlers, on a real PostgreSQL database. Order: data request, customer
 * redaction, uninstall, shop redaction, as Shopify would send them over a shop's life.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import type { DataRequestReport } from "../../services/compliance/build-data-request.server";
import { replayWebhookEvent } from "../../services/sync/replay-webhook-event.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../process-webhook-events.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "compliance-secret";
const SHOP = "compliance.myshopify.com";
const OTHER_SHOP = "compliance-other.myshopify.com";
const JON_ORDER = "gid://shopify/Order/5820982911946";
const JON_CUSTOMER = "gid://shopify/Customer/7115310627314";
const ANA_ORDER = "gid://shopify/Order/5820982911999";
const FIXTURES = path.join(import.meta.dirname, "../../../tests/fixtures/webhooks");

type Topic = "orders/paid" | "customers/data_request" | "customers/redact" | "shop/redact" | "app/uninstalled";
type Action = (args: ActionFunctionArgs) => Promise<Response>;
let db: Database;
let routes: Record<Topic, Action>;
let amelia: { id: string };
let jonTheCreator: { id: string };

function complianceFixture(name: "customers-redact" | "customers-data-request" | "shop-redact", shop = SHOP): Record<string, unknown> {
  const body = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown>;
  return { ...body, shop_domain: shop };
}

/** Ana: another customer of the same shop, whose data must not move. */
function anaOrder() {
  return {
    ...readWebhookFixture("orders-paid-code"),
    id: 5820982911999,
    admin_graphql_api_id: ANA_ORDER,
    name: "#1099",
    email: "ana@example.org",
    contact_email: "ana@example.org",
    customer: { id: 7115310620001, email: "ana@example.org", admin_graphql_api_id: "gid://shopify/Customer/7115310620001" },
  };
}

async function deliver(shop: string, topic: Topic, body: Record<string, unknown>, webhookId?: string) {
  const request = signedWebhookRequest({ shop, secret: SECRET, topic, body, ...(webhookId ? { webhookId } : {}) });
  const response = await routes[topic]({ request, params: {}, context: {} });
  expect(response.status).toBe(200);
  return response.text();
}

async function processAll() {
  const summary = await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50);
  expect(summary).toMatchObject({ retrying: 0, failed: 0, invalid: 0 });
  return summary;
}

async function moneySnapshot(shop: string) {
  const commissions = await db.commission.findMany({ where: { shop }, orderBy: { shopifyOrderId: "asc" }, select: { shopifyOrderId: true, netMinor: true, status: true } });
  const entries = await db.ledgerEntry.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { id: true, amountMinor: true, kind: true } });
  return { commissions, entries };
}

describe.skipIf(postgresUrl === null)("compliance webhooks (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "compliance");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    routes = {
      "orders/paid": (await import("../../routes/webhooks.orders.paid")).action,
      "customers/data_request": (await import("../../routes/webhooks.customers.data_request")).action,
      "customers/redact": (await import("../../routes/webhooks.customers.redact")).action,
      "shop/redact": (await import("../../routes/webhooks.shop.redact")).action,
      "app/uninstalled": (await import("../../routes/webhooks.app.uninstalled")).action,
    };
    for (const shop of [SHOP, OTHER_SHOP]) {
      // Installed before the deliveries' trigger time (an app/uninstalled triggered before the install is not applied).
      await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC", installedAt: new Date("2026-11-01T00:00:00Z") } });
      await db.programSettings.create({ data: { shop, currency: "USD", defaultCommissionBasisPoints: 1000 } });
      await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_test", firstName: "Sam", email: "sam@merchant.example" } });
      const creator = await db.creator.create({
        data: { shop, handle: "amelia", name: "Amelia Earhart", email: "amelia@example.com", payoutEmail: "pay-amelia@example.com", refToken: "r_amelia01", status: "approved", notes: "Met at the fair", socialHandles: { instagram: "@amelia" } },
      });
      await db.discountCode.create({
        data: {
          shop, creatorId: creator.id, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/1",
          valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
        },
      });
      await db.creatorApplication.create({ data: { shop, creatorId: creator.id, answers: { audience: "Pilots, reach me at amelia@example.com" } } });
      await db.sentEmail.create({ data: { shop, to: "amelia@example.com", subject: "Welcome, Amelia", template: "approval" } });
      await db.auditEvent.create({ data: { shop, actor: "staff:sam@merchant.example", action: "creator.created", subjectType: "creator", subjectId: creator.id, details: { name: "Amelia Earhart", email: "amelia@example.com", note: "asked by amelia@example.com" } } });
      await db.customerReferral.create({ data: { shop, customerId: JON_CUSTOMER, creatorId: creator.id, source: "api", createdAt: new Date() } });
      if (shop === SHOP) amelia = creator;
    }
    // Jon is a shopper and also a creator of the shop (linked by customer id).
    jonTheCreator = await db.creator.create({
      data: { shop: SHOP, handle: "jon", name: "Jon Smith", email: "jon@example.com", refToken: "r_jon0001", status: "approved", shopifyCustomerId: JON_CUSTOMER },
    });
    for (const shop of [SHOP, OTHER_SHOP]) await deliver(shop, "orders/paid", readWebhookFixture("orders-paid-code"));
    await deliver(SHOP, "orders/paid", anaOrder());
    await processAll();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  it("customers/data_request assembles the customer's orders, commissions, referrals and creator record, once per delivery", async () => {
    await deliver(SHOP, "customers/data_request", complianceFixture("customers-data-request"), "dr-1");
    expect(await deliver(SHOP, "customers/data_request", complianceFixture("customers-data-request"), "dr-1")).toBe("Already received");
    await processAll();

    const requests = await db.dataRequest.findMany({ where: { shop: SHOP } });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ shopifyCustomerId: JON_CUSTOMER, requestId: "9999" });
    const report = request?.report as unknown as DataRequestReport;
    expect(report.orders.map((order) => order.shopifyOrderId)).toEqual([JON_ORDER]);
    expect(report.commissions).toEqual([expect.objectContaining({ shopifyOrderId: JON_ORDER, creatorId: amelia.id, netMinor: "892", entries: [expect.objectContaining({ kind: "accrual", amountMinor: "892" })] })]);
    expect(report.customerReferrals).toEqual([expect.objectContaining({ creatorId: amelia.id, source: "api" })]);
    expect(report.creator).toMatchObject({ id: jonTheCreator.id, email: "jon@example.com", name: "Jon Smith" });
    expect(JSON.stringify(report)).not.toContain("ana@example.org");

    // A replay of the same delivery (from Sync health) finds its report instead of adding a second one.
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "dr-1" } });
    await replayWebhookEvent(db, SHOP, event.id, "staff:1", "checking the replay", new Date());
    await processAll();
    expect(await db.dataRequest.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("customers/redact pseudonymises the customer's orders and erases them elsewhere, keeps the money, and can run twice", async () => {
    const moneyBefore = await moneySnapshot(SHOP);
    const anaBefore = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: ANA_ORDER } });
    await deliver(SHOP, "customers/redact", complianceFixture("customers-redact"));
    await processAll();

    const order = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: JON_ORDER } });
    expect(order.customerId).toMatch(/^redacted:[0-9a-f]{64}$/);
    expect(order.customerEmailHash).toMatch(/^redacted:[0-9a-f]{64}$/);
    expect(order).toMatchObject({ status: "attributed", creatorId: amelia.id, baseMinor: 8925n });
    expect(await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: ANA_ORDER } })).toEqual(anaBefore);
    expect(await moneySnapshot(SHOP)).toEqual(moneyBefore);

    // No stored delivery of the shop still names Jon; Ana's order still names Ana.
    const payloads = (await db.webhookEvent.findMany({ where: { shop: SHOP } })).map((event) => JSON.stringify(event.payload));
    expect(payloads.filter((payload) => payload.includes("jon@example.com") || payload.includes("7115310627314"))).toEqual([]);
    expect(payloads.some((payload) => payload.includes("ana@example.org"))).toBe(true);

    const referral = await db.customerReferral.findFirstOrThrow({ where: { shop: SHOP, creatorId: amelia.id } });
    expect(referral.customerId).toBe(order.customerId);
    expect((await db.dataRequest.findFirstOrThrow({ where: { shop: SHOP } })).report).toMatchObject({ redacted: true });
    expect(await db.creator.findFirstOrThrow({ where: { shop: SHOP, id: jonTheCreator.id } })).toMatchObject({ shopifyCustomerId: null, email: "jon@example.com" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { shop: SHOP, action: "customer.redacted" } });
    expect(audit.subjectId).toBe(order.customerId);

    // The other shop's copy of the same customer is not touched.
    expect(await db.attributedOrder.findFirstOrThrow({ where: { shop: OTHER_SHOP, shopifyOrderId: JON_ORDER } })).toMatchObject({ customerId: JON_CUSTOMER });
    expect(await db.customerReferral.findFirstOrThrow({ where: { shop: OTHER_SHOP } })).toMatchObject({ customerId: JON_CUSTOMER });

    // Shopify may send the request again: the same pseudonym, nothing else changes.
    const ordersBefore = await db.attributedOrder.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    await deliver(SHOP, "customers/redact", complianceFixture("customers-redact"));
    await processAll();
    expect(await db.attributedOrder.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } })).toEqual(
      ordersBefore.map((row) => ({ ...row, updatedAt: expect.any(Date) })),
    );
  });

  it("after app/uninstalled, order webhooks are stored as ignored and the data stays until shop/redact", async () => {
    await deliver(SHOP, "app/uninstalled", readWebhookFixture("app-uninstalled"));
    await processAll();
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).uninstalledAt).not.toBeNull();

    const late = { ...anaOrder(), id: 5820982912777, admin_graphql_api_id: "gid://shopify/Order/5820982912777" };
    expect(await deliver(SHOP, "orders/paid", late, "late-order")).toMatch(/^Ignored: .* uninstalled Affable/);
    await processAll();
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "late-order" } })).toMatchObject({ status: "ignored", processedAt: null });
    expect(await db.attributedOrder.count({ where: { shop: SHOP } })).toBe(2);
    expect(await db.creator.count({ where: { shop: SHOP, name: "Amelia Earhart" } })).toBe(1);
  });

  it("shop/redact erases nothing when its payload names another shop, or when the shop is installed, and records why", async () => {
    const everything = async (shop: string) => ({
      creators: await db.creator.findMany({ where: { shop }, orderBy: { id: "asc" }, omit: { updatedAt: true } }),
      sessions: await db.session.count({ where: { shop } }),
      payloads: await db.webhookEvent.count({ where: { shop, payload: { not: Prisma.DbNull } } }),
      shop: await db.shop.findUniqueOrThrow({ where: { shop }, omit: { updatedAt: true } }),
    });
    const before = { [SHOP]: await everything(SHOP), [OTHER_SHOP]: await everything(OTHER_SHOP) };

    // Delivered for the uninstalled shop, but the request names the other (installed) one.
    await deliver(SHOP, "shop/redact", complianceFixture("shop-redact", OTHER_SHOP), "redact-mismatch");
    // Delivered for, and naming, a shop that is installed (it never uninstalled, or has reinstalled).
    await deliver(OTHER_SHOP, "shop/redact", complianceFixture("shop-redact", OTHER_SHOP), "redact-installed");
    await processAll();

    expect(await everything(SHOP)).toEqual({ ...before[SHOP], payloads: before[SHOP]!.payloads + 1 });
    expect(await everything(OTHER_SHOP)).toEqual({ ...before[OTHER_SHOP], payloads: before[OTHER_SHOP]!.payloads + 1 });
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "redact-mismatch" } })).toMatchObject({
      status: "processed",
      resultNote: expect.stringMatching(new RegExp(`Not redacted: .*names ${OTHER_SHOP}`)),
    });
    expect(await db.webhookEvent.findFirstOrThrow({ where: { shop: OTHER_SHOP, webhookId: "redact-installed" } })).toMatchObject({
      status: "processed",
      resultNote: expect.stringMatching(/Not redacted: .*installed/),
    });
    expect(await db.auditEvent.count({ where: { shop: { in: [SHOP, OTHER_SHOP] }, action: "shop.redact_refused" } })).toBe(2);
  });

  it("shop/redact erases the shop's personal data, keeps every amount, and can run twice", async () => {
    const moneyBefore = await moneySnapshot(SHOP);
    // A creator's portal sessions and unused sign-in links are credentials: they go with the shop's data.
    const creatorId = (await db.creator.findFirstOrThrow({ where: { shop: SHOP } })).id;
    const now = new Date();
    const later = new Date(now.getTime() + 86_400_000);
    await db.creatorPortalSession.create({ data: { shop: SHOP, creatorId, sessionHash: "redact-test-session", createdAt: now, lastSeenAt: now, expiresAt: later } });
    await db.creatorLoginToken.create({ data: { shop: SHOP, creatorId, tokenHash: "redact-test-token", expiresAt: later, createdAt: now } });
    await deliver(SHOP, "shop/redact", complianceFixture("shop-redact"), "shop-redact-1");
    await processAll();

    const shop = await db.shop.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(shop.redactedAt).not.toBeNull();
    expect(await moneySnapshot(SHOP)).toEqual(moneyBefore);
    const creators = await db.creator.findMany({ where: { shop: SHOP } });
    expect(creators).toHaveLength(2);
    for (const creator of creators) {
      expect(creator).toMatchObject({ name: "Redacted creator", payoutEmail: null, notes: null, socialHandles: {}, shopifyCustomerId: null });
      expect(creator.email).toBe(`redacted+${creator.id}@redacted.invalid`);
    }
    expect((await db.discountCode.findFirstOrThrow({ where: { shop: SHOP } })).code).toMatch(/^REDACTED-/);
    expect((await db.creatorApplication.findFirstOrThrow({ where: { shop: SHOP } })).answers).toEqual({});
    expect(await db.sentEmail.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({ to: "redacted@redacted.invalid", subject: "[redacted]" });
    expect(await db.dataRequest.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.creatorPortalSession.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.creatorLoginToken.count({ where: { shop: SHOP } })).toBe(0);
    const events = await db.webhookEvent.findMany({ where: { shop: SHOP } });
    expect(events.filter((event) => event.payload !== null).map((event) => event.webhookId)).toEqual(["shop-redact-1"]);
    const audits = JSON.stringify(await db.auditEvent.findMany({ where: { shop: SHOP } }));
    expect(audits).not.toMatch(/@example\.(com|org)|@merchant\.example|Amelia/);
    const orders = await db.attributedOrder.findMany({ where: { shop: SHOP } });
    for (const order of orders) expect(order.customerId).toMatch(/^redacted:/);
    // Jon's pseudonym from customers/redact is the one shop/redact would compute: it is left as it was.
    expect(orders.find((order) => order.shopifyOrderId === JON_ORDER)?.customerId).toBe(
      (await db.auditEvent.findFirstOrThrow({ where: { shop: SHOP, action: "customer.redacted" } })).subjectId,
    );

    const everything = async () => ({
      creators: await db.creator.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, omit: { updatedAt: true } }),
      orders: await db.attributedOrder.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, omit: { updatedAt: true } }),
      shop: await db.shop.findUniqueOrThrow({ where: { shop: SHOP }, omit: { updatedAt: true } }),
    });
    const before = await everything();
    await deliver(SHOP, "shop/redact", complianceFixture("shop-redact"), "shop-redact-2");
    await processAll();
    expect(await everything()).toEqual(before);

    // The other shop keeps everything.
    expect(await db.creator.count({ where: { shop: OTHER_SHOP, name: "Amelia Earhart" } })).toBe(1);
    expect(await db.session.count({ where: { shop: OTHER_SHOP } })).toBe(1);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: OTHER_SHOP } })).redactedAt).toBeNull();
  });
});
