/**
 * The per-order risk check on PostgreSQL: HMAC-signed orders/* deliveries through the real webhook routes, inbox
 * processor and order handler (record-order-money createOrder → checkOrderRisk), and the order page's Re-check.
 *
 * The order's risk signal columns (customerEmailKey, adClickIds, referringDomain…) are captured from the payload by
 * createOrder (Part 8 signal capture). Where a case needs one of them, `captureSignals` writes exactly what that
 * capture writes (hashSignal of the normalised value, readLandingSignals, readReferringDomain) and the order is
 * re-checked, so these tests prove the check itself whichever order the branches land in.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { normaliseEmail, readLandingSignals, readReferringDomain, runOrderRules, type RiskRuleId } from "../../domain/fraud";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { processDueWebhookEvents } from "../../webhooks/process-webhook-events.server";
import { hashOptionalSignal } from "../../security/hash-signal.server";
import { recheckOrderRisk, runRecheckOrderAction } from "./check-order-risk.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "order-risk-secret";
const SHOP = "order-risk.myshopify.com";
const OTHER_SHOP = "order-risk-other.myshopify.com";
const STAFF = "staff:4242";
const ORDER_RULES: readonly RiskRuleId[] = ["self_referral", "paid_traffic", "leaked_code"];

type Action = (args: ActionFunctionArgs) => Promise<Response>;
let db: Database;
let ordersPaid: Action;
let nora: { id: string };
let omar: { id: string };
let nextOrderId = 5820990000001;

async function deliver(body: Record<string, unknown>, webhookId?: string) {
  const response = await ordersPaid({ request: signedWebhookRequest({ shop: SHOP, secret: SECRET, topic: "orders/paid", body, webhookId }), params: {}, context: {} });
  expect(response.status).toBe(200);
}

async function processAll() {
  const summary = await processDueWebhookEvents(db, new Date(Date.now() + 1_000), 50);
  expect(summary).toMatchObject({ retrying: 0, failed: 0, invalid: 0 });
}

/** The code fixture as a new order: its own ids, the given code, customer and traffic. */
function codeOrder(options: { code: string; email?: string; customerId?: number; landingSite?: string; referringSite?: string }) {
  const id = nextOrderId++;
  const base = readWebhookFixture("orders-paid-code") as Record<string, unknown> & { customer: Record<string, unknown>; discount_codes: Record<string, unknown>[] };
  const customerId = options.customerId ?? 7115310600000 + (id % 100_000);
  const email = options.email ?? `buyer${id}@example.com`;
  return {
    ...base,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id % 100_000}`,
    email,
    contact_email: email,
    landing_site: options.landingSite ?? "/products/linen-shirt",
    referring_site: options.referringSite ?? "https://www.instagram.com/",
    discount_codes: [{ ...base.discount_codes[0], code: options.code }],
    customer: { ...base.customer, id: customerId, email, admin_graphql_api_id: `gid://shopify/Customer/${customerId}` },
  };
}

/** What the order signal capture stores for a payload (the same normalisers and keyed hash). */
async function captureSignals(order: ReturnType<typeof codeOrder>) {
  const landing = readLandingSignals(order.landing_site);
  await db.attributedOrder.update({
    where: { shop_shopifyOrderId: { shop: SHOP, shopifyOrderId: order.admin_graphql_api_id } },
    data: {
      customerEmailKey: hashOptionalSignal("email", normaliseEmail(order.email)),
      referringDomain: readReferringDomain(order.referring_site),
      adClickIds: landing.adClickIds,
      landingUtmMedium: landing.utmMedium,
    },
  });
}

async function checks(shopifyOrderId: string) {
  const rows = await db.orderRiskCheck.findMany({ where: { shop: SHOP, shopifyOrderId } });
  return Object.fromEntries(rows.map((row) => [row.rule, row]));
}

async function commissionOf(shopifyOrderId: string) {
  return db.commission.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId }, include: { entries: { orderBy: { createdAt: "asc" } } } });
}

async function recheck(shopifyOrderId: string, runRules?: Parameters<typeof recheckOrderRisk>[1]["runRules"]) {
  const result = await recheckOrderRisk(db, { shop: SHOP, shopifyOrderId, actor: STAFF, now: new Date(), runRules });
  if (!result.ok) throw new Error(result.message);
  return result;
}

async function snapshot(shopifyOrderId: string) {
  const commission = await commissionOf(shopifyOrderId);
  return {
    commission: { status: commission.status, netMinor: commission.netMinor, version: commission.version, entries: commission.entries.map((entry) => [entry.kind, entry.sourceKey]) },
    flags: (await db.riskFlag.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } })).map((flag) => [flag.id, flag.rule, flag.status, flag.creatorId]),
    links: await db.riskFlagCommission.findMany({ where: { shop: SHOP }, orderBy: [{ flagId: "asc" }, { commissionId: "asc" }], select: { flagId: true, commissionId: true, held: true } }),
    checks: Object.values(await checks(shopifyOrderId)).map((row) => [row.rule, row.verdict, row.summary, row.flagId]).sort(),
  };
}

describe.skipIf(postgresUrl === null)("checkOrderRisk: the order rules run when an order is recorded (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "order_risk");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    ordersPaid = (await import("../../routes/webhooks.orders.paid")).action;
    for (const shop of [SHOP, OTHER_SHOP]) {
      await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
      await db.programSettings.create({ data: { shop, currency: "USD", defaultCommissionBasisPoints: 1000 } });
    }
    nora = await db.creator.create({
      data: {
        shop: SHOP, handle: "nora", name: "Nora", email: "nora.smith@gmail.com", refToken: "r_nora01", status: "approved",
        shopifyCustomerId: "gid://shopify/Customer/7115310699901",
      },
    });
    omar = await db.creator.create({
      data: { shop: SHOP, handle: "omar", name: "Omar", email: "omar@example.com", refToken: "r_omar01", status: "approved", shippingAddress: "12 Main St, Springfield" },
    });
    for (const [creator, code] of [[nora, "NORA10"], [omar, "OMAR10"]] as const) {
      await db.discountCode.create({
        data: {
          shop: SHOP, creatorId: creator.id, code, codeNormalized: code, shopifyDiscountId: `gid://shopify/DiscountCodeNode/${code}`,
          valueType: "percentage", valueBasisPoints: 1000, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
        },
      });
    }
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  it("a self-referral (the creator's own customer) lands on hold with an open flag and its evidence, one row per order rule; a redelivery changes nothing", async () => {
    const order = codeOrder({ code: "NORA10", customerId: 7115310699901 });
    const webhookId = "order-risk-self-1";
    await deliver(order, webhookId);
    await processAll();

    const commission = await commissionOf(order.admin_graphql_api_id);
    expect(commission.status).toBe("on_hold");
    expect(commission.entries.map((entry) => [entry.kind, entry.statusAfter])).toEqual([["accrual", "pending"], ["hold", "on_hold"]]);
    const flag = await db.riskFlag.findFirstOrThrow({ where: { shop: SHOP, creatorId: nora.id, rule: "self_referral" } });
    expect(flag).toMatchObject({ status: "open", action: "hold", openKey: `${nora.id}:self_referral` });
    expect(commission.entries[1]?.sourceKey).toBe(`risk-hold:${flag.id}`);
    expect(flag.summary.length).toBeGreaterThan(10);
    const evidence = flag.evidence as { facts: { label: string; value: string }[]; orders?: { orderId: string }[] };
    expect(evidence.facts.length).toBeGreaterThan(0);
    expect(evidence.orders?.map((entry) => entry.orderId)).toContain(order.admin_graphql_api_id);
    expect(await db.riskFlagCommission.findMany({ where: { shop: SHOP, flagId: flag.id } })).toEqual([
      expect.objectContaining({ commissionId: commission.id, shopifyOrderId: order.admin_graphql_api_id, held: true }),
    ]);

    const rows = await checks(order.admin_graphql_api_id);
    expect(Object.keys(rows).sort()).toEqual([...ORDER_RULES].sort());
    expect(rows.self_referral).toMatchObject({ verdict: "flag", flagId: flag.id, severity: expect.any(String) });
    expect(rows.self_referral?.evidence).toEqual(flag.evidence);
    expect(rows.paid_traffic?.verdict).toBe("pass");
    expect(rows.leaked_code?.verdict).toBe("pass");

    // The attribution still names the creator and says why it is held.
    const recorded = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: SHOP, shopifyOrderId: order.admin_graphql_api_id } } });
    expect(recorded).toMatchObject({ status: "attributed", creatorId: nora.id });
    expect(recorded.attribution).toMatchObject({ creatorId: nora.id, flags: ["self_referral"] });

    const before = await snapshot(order.admin_graphql_api_id);
    await deliver(order, webhookId);
    await deliver(order);
    await processAll();
    expect(await snapshot(order.admin_graphql_api_id)).toEqual(before);
  });

  it("matches the creator's email through Gmail dots and a +tag (googlemail.com), and a re-check is idempotent", async () => {
    const order = codeOrder({ code: "NORA10", email: "Nora.Smith+deals@googlemail.com" });
    await deliver(order);
    await processAll();
    await captureSignals(order);
    const first = await recheck(order.admin_graphql_api_id);
    expect(first.checks.find((check) => check.rule === "self_referral")).toMatchObject({ verdict: "flag" });

    const commission = await commissionOf(order.admin_graphql_api_id);
    expect(commission.status).toBe("on_hold");
    const flags = await db.riskFlag.findMany({ where: { shop: SHOP, creatorId: nora.id, rule: "self_referral", status: "open" } });
    expect(flags).toHaveLength(1);
    expect(await db.riskFlagCommission.findUnique({ where: { flagId_commissionId: { flagId: flags[0]!.id, commissionId: commission.id } } })).toMatchObject({ held: true });

    const before = await snapshot(order.admin_graphql_api_id);
    const again = await recheck(order.admin_graphql_api_id);
    expect(again.held).toBe(0);
    expect(again.checks).toEqual(first.checks);
    expect(await snapshot(order.admin_graphql_api_id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "order.risk_rechecked", actor: STAFF, subjectId: order.admin_graphql_api_id } })).toBe(2);
  });

  it("flags paid traffic: a landing page with a gclid while the program forbids paid search", async () => {
    // The creator's ref on the ad's landing page: the ad pointed at her link (an ad id alone could be the shop's own ad).
    const order = codeOrder({ code: "NORA10", landingSite: "/products/linen-shirt?ref=r_nora01&gclid=Cj0KCQiA-abc123&utm_medium=cpc" });
    await deliver(order);
    await processAll();
    await captureSignals(order);
    await recheck(order.admin_graphql_api_id);
    const rows = await checks(order.admin_graphql_api_id);
    expect(rows.paid_traffic).toMatchObject({ verdict: "flag", flagId: expect.any(String) });
    expect(rows.paid_traffic?.summary).toMatch(/gclid/);
    expect(rows.self_referral?.verdict).toBe("pass");
    const flag = await db.riskFlag.findUniqueOrThrow({ where: { id: rows.paid_traffic!.flagId! } });
    expect(flag).toMatchObject({ rule: "paid_traffic", creatorId: nora.id, status: "open" });
  });

  it("flags a leaked code: the order came from a coupon site", async () => {
    const order = codeOrder({ code: "NORA10", referringSite: "https://www.retailmenot.com/view/example.com" });
    await deliver(order);
    await processAll();
    await captureSignals(order);
    await recheck(order.admin_graphql_api_id);
    const rows = await checks(order.admin_graphql_api_id);
    expect(rows.leaked_code).toMatchObject({ verdict: "flag", flagId: expect.any(String) });
    expect(rows.leaked_code?.summary).toMatch(/retailmenot\.com/);
    expect(await db.riskFlag.findUniqueOrThrow({ where: { id: rows.leaked_code!.flagId! } })).toMatchObject({ rule: "leaked_code", creatorId: nora.id });
  });

  it("records a rule the shop turned off as skipped, and flags nothing for it", async () => {
    await db.fraudSettings.create({ data: { shop: SHOP, rules: { paid_traffic: { enabled: false } } } });
    try {
      const order = codeOrder({ code: "OMAR10", landingSite: "/?ref=r_omar01&gclid=Cj0KCQiA-off" });
      // Omar's stored address is fixed for this case: only the setting is under test.
      await db.creator.update({ where: { id: omar.id }, data: { shippingAddress: { line1: "12 Main St", city: "Springfield", postalCode: "01101", country: "US" } } });
      await deliver(order);
      await processAll();
      await captureSignals(order);
      await recheck(order.admin_graphql_api_id);
      const rows = await checks(order.admin_graphql_api_id);
      expect(rows.paid_traffic?.verdict).toBe("skipped");
      expect(rows.self_referral?.verdict).toBe("pass");
      expect(await db.riskFlag.count({ where: { shop: SHOP, creatorId: omar.id } })).toBe(0);
      expect((await commissionOf(order.admin_graphql_api_id)).status).toBe("pending");
    } finally {
      await db.fraudSettings.delete({ where: { shop: SHOP } });
      await db.creator.update({ where: { id: omar.id }, data: { shippingAddress: "12 Main St, Springfield" } });
    }
  });

  it("a pattern a person dismissed for this creator is recorded as dismissed: no flag, no hold", async () => {
    const pia = await db.creator.create({
      data: { shop: SHOP, handle: "pia", name: "Pia", email: "pia@example.com", refToken: "r_pia01", status: "approved", shopifyCustomerId: "gid://shopify/Customer/7115310699902" },
    });
    await db.discountCode.create({
      data: {
        shop: SHOP, creatorId: pia.id, code: "PIA10", codeNormalized: "PIA10", shopifyDiscountId: "gid://shopify/DiscountCodeNode/PIA10",
        valueType: "percentage", valueBasisPoints: 1000, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
      },
    });
    await db.riskDismissal.create({
      data: { shop: SHOP, creatorId: pia.id, rule: "self_referral", patternKey: "customer:gid://shopify/Customer/7115310699902", reason: "Her partner's account; agreed", decidedBy: STAFF, createdAt: new Date() },
    });
    const order = codeOrder({ code: "PIA10", customerId: 7115310699902 });
    await deliver(order);
    await processAll();
    const rows = await checks(order.admin_graphql_api_id);
    expect(rows.self_referral).toMatchObject({ verdict: "dismissed", flagId: null });
    expect(rows.self_referral?.summary).toMatch(/^Dismissed before/);
    expect((await commissionOf(order.admin_graphql_api_id)).status).toBe("pending");
    expect(await db.riskFlag.count({ where: { shop: SHOP, creatorId: pia.id } })).toBe(0);
  });

  it("a creator whose stored address is not an address: every order rule records an error and the order still accrues", async () => {
    const order = codeOrder({ code: "OMAR10" });
    await deliver(order);
    await processAll();
    const commission = await commissionOf(order.admin_graphql_api_id);
    expect(commission.status).toBe("pending");
    expect(commission.entries.map((entry) => entry.kind)).toEqual(["accrual"]);
    const rows = await checks(order.admin_graphql_api_id);
    expect(Object.keys(rows).sort()).toEqual([...ORDER_RULES].sort());
    for (const rule of ORDER_RULES) {
      expect(rows[rule]).toMatchObject({ verdict: "error", flagId: null });
      expect(rows[rule]?.summary).toMatch(/shipping address is not an address/);
    }
  });

  it("a rule that throws records an error row; the other rules still run and the order stays processed", async () => {
    const order = codeOrder({ code: "NORA10", customerId: 7115310699901 });
    await deliver(order);
    await processAll();
    const result = await recheck(order.admin_graphql_api_id, (input, settings, dismissals, now) =>
      runOrderRules({ ...input, order: { ...input.order, adClickIds: null as unknown as string[] } }, settings, dismissals, now));
    const rows = await checks(order.admin_graphql_api_id);
    expect(rows.paid_traffic?.verdict).toBe("error");
    expect(rows.paid_traffic?.summary.length).toBeGreaterThan(0);
    expect(rows.self_referral?.verdict).toBe("flag");
    expect(result.checks.map((check) => check.verdict).sort()).toEqual(["error", "flag", "pass"]);
    expect((await commissionOf(order.admin_graphql_api_id)).status).toBe("on_hold");
  });

  it("the order page's Re-check action: words for the toast, 404 for another shop's order, 400 without an order", async () => {
    const order = codeOrder({ code: "NORA10" });
    await deliver(order);
    await processAll();
    const row = await db.attributedOrder.findUniqueOrThrow({ where: { shop_shopifyOrderId: { shop: SHOP, shopifyOrderId: order.admin_graphql_api_id } } });
    const done = await runRecheckOrderAction(db, { shop: SHOP, actor: STAFF, now: new Date(), orderId: row.id });
    expect(done).toEqual({ ok: true, status: 200, message: "Re-checked: 3 passed." });
    expect(await runRecheckOrderAction(db, { shop: OTHER_SHOP, actor: STAFF, now: new Date(), orderId: row.id })).toMatchObject({ ok: false, status: 404 });
    expect(await runRecheckOrderAction(db, { shop: SHOP, actor: STAFF, now: new Date(), orderId: "" })).toEqual({ ok: false, status: 400, message: "orderId is missing: open the order from Orders and try again." });
    expect(await db.orderRiskCheck.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });
});
