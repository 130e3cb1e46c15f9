/**
 * The admin's risk pages on PostgreSQL, through the services their loaders and actions call: the queue (filters,
 * counts, keyset pages, held amounts), the flag page (evidence in words and units, orders linked, decisions from the
 * audit log), the flag page's actions (reason required, stale tab 409, another shop's flag 404), the order page's
 * risk checks, the creator page's risk history, and the portal's wording for a held commission.
 * Flags and holds are made the real way (recordOrderWebhook + applyRiskVerdicts) where money is involved.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import type { RiskVerdict } from "../../domain/fraud/fraud-types";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, seedFixtureOrderShop } from "../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { loadPortalOrders } from "../portal/load-creator-portal.server";
import { applyRiskVerdicts, RISK_SYSTEM_ACTOR } from "./risk-flags.server";
import { loadRiskFlagDetail } from "./risk-queue-flag.server";
import { listCreatorRiskFlags, listOrderRiskChecks } from "./risk-queue-history.server";
import { submitRiskFlagAction } from "./risk-queue-submit.server";
import { countOpenRiskFlags, listRiskQueue, parseRiskQueueFilters } from "./risk-queue.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "risk-queue.myshopify.com";
const OTHER_SHOP = "risk-queue-other.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00.000Z");
const STAFF = "staff:777";
const TZ = "America/New_York";
// Never called: pause / rotate (which reach Shopify) are tested with risk-flags.server.ts.
const NO_ADMIN: AdminGraphqlClient = { graphql: () => Promise.reject(new Error("Shopify is not used by these tests")) };

let db: Database;
let amelia: string;
let otherShopCreator: string;
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 7_100_000_000_001 });

const minutes = (n: number) => new Date(NOW.getTime() - n * 60_000);

async function makeCreator(shop: string, handle: string) {
  const name = handle[0]!.toUpperCase() + handle.slice(1);
  return (await db.creator.create({ data: { shop, handle, name, email: `${handle}@example.com`, refToken: `r_${handle}_${shop.length}`, status: "approved" } })).id;
}

type FlagSeed = { shop?: string; creatorId: string; rule: RiskVerdict["rule"]; severity?: "low" | "medium" | "high"; status?: "open" | "dismissed" | "released" | "reversed"; lastSeenAt: Date; summary?: string; evidence?: object };

async function makeFlag(seed: FlagSeed) {
  const status = seed.status ?? "open";
  return db.riskFlag.create({
    data: {
      shop: seed.shop ?? SHOP,
      creatorId: seed.creatorId,
      rule: seed.rule,
      status,
      openKey: status === "open" ? `${seed.creatorId}:${seed.rule}` : null,
      severity: seed.severity ?? "medium",
      action: "flag",
      patternKey: `${seed.rule}:p`,
      summary: seed.summary ?? `${seed.rule} for ${seed.creatorId}`,
      evidence: seed.evidence ?? { facts: [] },
      firstSeenAt: seed.lastSeenAt,
      lastSeenAt: seed.lastSeenAt,
    },
  });
}

function holdVerdict(creatorId: string, orderIds: string[]): RiskVerdict {
  return {
    rule: "self_referral",
    creatorId,
    severity: "high",
    patternKey: "email:amelia",
    summary: "The customer's email matches Amelia's own.",
    evidence: {
      facts: [{ label: "Matched by", value: "email" }],
      compared: [
        { metric: "Code-only share", observed: 0.857, baseline: 0.2, threshold: 0.6, unit: "share" },
        { metric: "Orders on the day", observed: 31, baseline: 4, threshold: 6, unit: "z" },
        { metric: "Revenue", observed: 123456, baseline: 2000, threshold: 10000, unit: "minor" },
      ],
      orders: orderIds.map((orderId, index) => ({ orderId, name: null, placedAt: NOW.toISOString(), note: `match ${index}` })),
      clicks: [{ at: NOW.toISOString(), ipHash: "abcdef0123456789", note: "Same device as Amelia's sign-in" }],
      series: {
        label: "Orders per day",
        unit: "count",
        points: [
          { day: "2026-12-05", value: 3 },
          { day: "2026-12-06", value: 31 },
        ],
        baseline: [{ day: "2026-12-06", value: 4 }],
      },
      relatedCreatorIds: [],
      suggestion: "Release if Amelia bought for herself with your permission.",
    },
    orderIds,
    holdScope: "orders",
  };
}

describe.skipIf(postgresUrl === null)("risk pages (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_queue");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    amelia = (await seedFixtureOrderShop(db, SHOP, TZ)).id;
    otherShopCreator = (await seedFixtureOrderShop(db, OTHER_SHOP)).id;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("lists open flags by default, filters by rule and severity, counts per rule, pages by keyset both ways, and never shows another shop's", async () => {
    const bruno = await makeCreator(SHOP, "bruno");
    const chloe = await makeCreator(SHOP, "chloe");
    const a = await makeFlag({ creatorId: bruno, rule: "velocity", severity: "high", lastSeenAt: minutes(1) });
    const b = await makeFlag({ creatorId: chloe, rule: "velocity", severity: "low", lastSeenAt: minutes(2) });
    const c = await makeFlag({ creatorId: bruno, rule: "leaked_code", severity: "high", lastSeenAt: minutes(3) });
    // Same lastSeenAt as c: the id breaks the tie, so neither is skipped or repeated across pages.
    const d = await makeFlag({ creatorId: chloe, rule: "click_spam", severity: "medium", lastSeenAt: minutes(3) });
    const e = await makeFlag({ creatorId: chloe, rule: "refund_abuse", severity: "high", lastSeenAt: minutes(4) });
    await makeFlag({ creatorId: bruno, rule: "refund_abuse", status: "dismissed", lastSeenAt: minutes(0) });
    await makeFlag({ shop: OTHER_SHOP, creatorId: otherShopCreator, rule: "velocity", severity: "high", lastSeenAt: minutes(0) });

    const all = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams()), TZ, 100);
    const tied = [c, d].sort((x, y) => (x.id < y.id ? 1 : -1)).map((flag) => flag.id);
    expect(all.rows.map((row) => row.id)).toEqual([a.id, b.id, ...tied, e.id]);
    expect(all.total).toBe(5);
    expect(all.rows[0]).toMatchObject({ creatorName: "Bruno", ruleTitle: expect.any(String) as unknown, severity: "high", status: "open", held: null });
    expect(all.countsByRule.find((entry) => entry.rule === "velocity")?.count).toBe(2);
    expect(all.countsByRule.find((entry) => entry.rule === "refund_abuse")?.count).toBe(1);

    const velocityHigh = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams("rule=velocity&severity=high")), TZ);
    expect(velocityHigh.rows.map((row) => row.id)).toEqual([a.id]);
    // Counts follow the status and severity filters, not the rule filter (so every rule's count stays visible).
    expect(velocityHigh.countsByRule.find((entry) => entry.rule === "leaked_code")?.count).toBe(1);
    const dismissed = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams("status=dismissed")), TZ);
    expect(dismissed.rows.map((row) => row.status)).toEqual(["dismissed"]);
    // Unknown values fall back to the defaults instead of failing.
    expect(parseRiskQueueFilters(new URLSearchParams("status=bogus&rule=nope&severity=x&after=garbage"))).toEqual({ status: "open", rule: null, severity: null, after: null, before: null });

    const page1 = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams()), TZ, 2);
    expect(page1.rows.map((row) => row.id)).toEqual([a.id, b.id]);
    expect(page1.previousCursor).toBeNull();
    const page2 = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams({ after: page1.nextCursor ?? "" })), TZ, 2);
    expect(page2.rows.map((row) => row.id)).toEqual(tied);
    const page3 = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams({ after: page2.nextCursor ?? "" })), TZ, 2);
    expect(page3.rows.map((row) => row.id)).toEqual([e.id]);
    expect(page3.nextCursor).toBeNull();
    const back = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams({ before: page3.previousCursor ?? "" })), TZ, 2);
    expect(back.rows.map((row) => row.id)).toEqual(tied);
    const first = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams({ before: back.previousCursor ?? "" })), TZ, 2);
    expect(first.rows.map((row) => row.id)).toEqual([a.id, b.id]);
    expect(first.previousCursor).toBeNull();

    expect(await countOpenRiskFlags(db, SHOP)).toBe(5);
    expect(await countOpenRiskFlags(db, OTHER_SHOP)).toBe(1);
    await db.riskFlag.deleteMany({ where: { shop: SHOP } });
  });

  it("shows what a hold keeps back, the evidence in words and units, linked orders, the series as a table; another shop's flag is not found", async () => {
    const one = await recordOrder(SHOP, 1);
    const two = await recordOrder(SHOP, 2);
    const [applied] = await db.$transaction((tx) =>
      applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [{ verdict: holdVerdict(amelia, [one.shopifyOrderId, two.shopifyOrderId]), action: "hold" }]),
    );
    const flagId = applied!.flagId!;
    const owed = one.netMinor + two.netMinor;
    const heldText = `$${(Number(owed) / 100).toFixed(2)} (2 commissions)`;

    const queue = await listRiskQueue(db, SHOP, parseRiskQueueFilters(new URLSearchParams()), TZ);
    expect(queue.rows).toEqual([expect.objectContaining({ id: flagId, creatorName: "Amelia", held: heldText, action: "hold" })]);

    const detail = await loadRiskFlagDetail(db, { shop: SHOP, flagId, timeZone: TZ, currency: "USD", actors: { viewer: STAFF } });
    expect(detail?.flag).toMatchObject({ status: "open", held: heldText, summary: "The customer's email matches Amelia's own." });
    expect(detail?.compared).toEqual([
      expect.objectContaining({ metric: "Code-only share", observed: "85.7 %", baseline: "20 %", threshold: "60 %", over: true }),
      expect.objectContaining({ metric: "Orders on the day", observed: "z 31", baseline: "z 4", threshold: "z 6" }),
      expect.objectContaining({ metric: "Revenue", observed: "$1,234.56", baseline: "$20.00", threshold: "$100.00" }),
    ]);
    const orderPages = await db.attributedOrder.findMany({ where: { shop: SHOP, shopifyOrderId: { in: [one.shopifyOrderId, two.shopifyOrderId] } } });
    expect(detail?.orders.map((order) => order.url).sort()).toEqual(orderPages.map((order) => `/app/orders/${order.id}`).sort());
    expect(detail?.clicks).toEqual([expect.objectContaining({ visitor: "Visitor abcdef01", note: "Same device as Amelia's sign-in" })]);
    expect(detail?.series).toMatchObject({
      label: "Orders per day",
      hasBaseline: true,
      rows: [
        { day: "Dec 5, 2026", value: "3", baseline: null },
        { day: "Dec 6, 2026", value: "31", baseline: "4" },
      ],
    });
    expect(detail?.commissions.map((commission) => [commission.status, commission.held])).toEqual([
      ["on_hold", true],
      ["on_hold", true],
    ]);
    expect(detail?.history.map((event) => [event.actor, event.what])).toEqual(
      expect.arrayContaining([
        ["Affable's fraud rules", "Flagged by a fraud rule"],
        ["Affable's fraud rules", "Commissions put on hold for review"],
      ]),
    );
    // The flag page's loader answers 404 for this: the flag is in SHOP, not OTHER_SHOP.
    expect(await loadRiskFlagDetail(db, { shop: OTHER_SHOP, flagId, timeZone: "UTC", currency: "USD", actors: {} })).toBeNull();

    // Malformed stored evidence costs only the malformed part.
    await db.riskFlag.update({ where: { id: flagId }, data: { evidence: { facts: [{ label: "Kept", value: "yes" }], compared: "not a list", series: { label: 3 } } } });
    const lenient = await loadRiskFlagDetail(db, { shop: SHOP, flagId, timeZone: TZ, currency: "USD", actors: {} });
    expect(lenient).toMatchObject({ facts: [{ label: "Kept", value: "yes" }], compared: [], series: null });
  });

  it("the flag page's actions: a reason is required (400 naming it), another shop's flag is 404, a stale tab 409, release puts the money back and is in the history", async () => {
    const flag = await db.riskFlag.findFirstOrThrow({ where: { shop: SHOP, creatorId: amelia, status: "open" } });
    const base = { shop: SHOP, flagId: flag.id, actor: STAFF, now: NOW };

    expect(await submitRiskFlagAction(db, NO_ADMIN, { ...base, form: { intent: "release", reason: " ", version: String(flag.version) } })).toEqual({
      status: 400,
      body: { ok: false, field: "reason", message: expect.stringContaining("Write why") as unknown },
    });
    expect(await submitRiskFlagAction(db, NO_ADMIN, { ...base, form: { intent: "approve", reason: "ok then", version: "1" } })).toMatchObject({ status: 400, body: { field: "intent" } });
    expect(await submitRiskFlagAction(db, NO_ADMIN, { ...base, form: { intent: "rotate_code", reason: "Leaked on a deal site", version: "1", newCode: "NEW CODE!" } })).toMatchObject({
      status: 400,
      body: { field: "newCode", message: expect.stringContaining("letters, digits") as unknown },
    });
    expect(await submitRiskFlagAction(db, NO_ADMIN, { ...base, shop: OTHER_SHOP, form: { intent: "release", reason: "Checked with Amelia", version: String(flag.version) } })).toMatchObject({
      status: 404,
      body: { ok: false, message: expect.stringContaining("open Risk and pick the flag") as unknown },
    });
    expect(await submitRiskFlagAction(db, NO_ADMIN, { ...base, form: { intent: "release", reason: "Checked with Amelia", version: String(flag.version + 5) } })).toMatchObject({
      status: 409,
      body: { ok: false, message: expect.stringContaining("Reload") as unknown },
    });
    expect(await db.commission.count({ where: { shop: SHOP, status: "on_hold" } })).toBe(2);

    const released = await submitRiskFlagAction(db, NO_ADMIN, { ...base, form: { intent: "release", reason: "Checked with Amelia", version: String(flag.version) } });
    expect(released).toEqual({ status: 200, body: { ok: true, message: "Released. 2 commissions went back to the approval path." } });
    expect(await db.commission.count({ where: { shop: SHOP, status: "on_hold" } })).toBe(0);
    // The same tab again: the flag moved on.
    expect(await submitRiskFlagAction(db, NO_ADMIN, { ...base, form: { intent: "dismiss", reason: "again", version: String(flag.version) } })).toEqual({
      status: 409,
      body: { ok: false, message: "This flag was already released while you were reading it. Reload the page to see that decision and its reason." },
    });

    const detail = await loadRiskFlagDetail(db, { shop: SHOP, flagId: flag.id, timeZone: TZ, currency: "USD", actors: { viewer: STAFF } });
    expect(detail?.flag).toMatchObject({ status: "released", decidedBy: "You", decisionReason: "Checked with Amelia", held: null });
    expect(detail?.history[0]).toMatchObject({ actor: "You", what: "Released: the held commissions went back to the approval path", reason: "Checked with Amelia" });
  });

  it("the creator page lists the creator's flags newest first with the decision; the order page lists each rule's check in rule order", async () => {
    await makeFlag({ creatorId: amelia, rule: "velocity", severity: "low", lastSeenAt: minutes(-10), summary: "Newest" });
    const history = await listCreatorRiskFlags(db, { shop: SHOP, creatorId: amelia, timeZone: TZ, actors: { viewer: STAFF } });
    expect(history.total).toBe(2);
    expect(history.open).toBe(1);
    expect(history.flags.map((flag) => [flag.summary, flag.status])).toEqual([
      ["Newest", "open"],
      ["The customer's email matches Amelia's own.", "released"],
    ]);
    expect(history.flags[1]?.decision).toBe("You, Dec 7, 2026, 7:00 AM EST: “Checked with Amelia”");
    expect((await listCreatorRiskFlags(db, { shop: OTHER_SHOP, creatorId: amelia, timeZone: TZ, actors: {} })).total).toBe(0);

    const order = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP } });
    const released = await db.riskFlag.findFirstOrThrow({ where: { shop: SHOP, status: "released" } });
    const foreign = await makeFlag({ shop: OTHER_SHOP, creatorId: otherShopCreator, rule: "leaked_code", lastSeenAt: NOW });
    const check = { shop: SHOP, shopifyOrderId: order.shopifyOrderId, checkedAt: NOW };
    // Rows the order rules wrote when the order was recorded are replaced by these known ones.
    await db.orderRiskCheck.deleteMany({ where: { shop: SHOP, shopifyOrderId: order.shopifyOrderId } });
    await db.orderRiskCheck.createMany({
      data: [
        { ...check, rule: "paid_traffic", verdict: "pass", summary: "No ad click id on the landing page." },
        { ...check, rule: "leaked_code", verdict: "error", summary: "The rule failed on this order: Cannot read properties of undefined (reading 'host')", flagId: foreign.id },
        { ...check, rule: "self_referral", verdict: "flag", severity: "high", summary: "The customer's email matches Amelia's own.", flagId: released.id },
      ],
    });
    const checks = await listOrderRiskChecks(db, SHOP, order.shopifyOrderId, TZ);
    expect(checks.map((row) => [row.rule, row.verdict, row.flagUrl])).toEqual([
      ["self_referral", "flag", `/app/risk/${released.id}`],
      // A flag id of another shop is never linked.
      ["leaked_code", "error", null],
      ["paid_traffic", "pass", null],
    ]);
    expect(checks[1]?.summary).toBe(
      "The rule failed on this order: Cannot read properties of undefined (reading 'host'). Processing went on without this rule: the order and its commission were recorded. Choose “Re-check” to run it again.",
    );
    expect(await listOrderRiskChecks(db, OTHER_SHOP, order.shopifyOrderId, TZ)).toEqual([]);
  });

  it("the portal says a held commission is on hold, under review, and nothing about the rule", async () => {
    const held = await recordOrder(SHOP, 3);
    await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [{ verdict: holdVerdict(amelia, [held.shopifyOrderId]), action: "hold" }]));
    const creator = await db.creator.findFirstOrThrow({ where: { id: amelia } });
    const view = await loadPortalOrders(db, { shop: SHOP, name: "Shop", currency: "USD", timeZone: TZ, storefrontHost: "shop.example.com" }, creator);
    const row = view.orders.find((order) => order.name === `#${Number(held.shopifyOrderId.split("/").pop()) % 10_000}`);
    expect(row?.status).toBe("On hold, under review");
    expect(JSON.stringify(view)).not.toMatch(/email matches|Risk review|self.referral/i);
  });
});
