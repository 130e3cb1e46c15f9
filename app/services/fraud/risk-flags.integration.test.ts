/**
 * Risk flags on PostgreSQL: verdicts land on one open flag per creator per rule (race-safe), holds and clawbacks go
 * through the commission ledger, and decisions close a flag behind its version. Commissions are made the real way
 * (real-shaped orders/paid payloads through recordOrderWebhook).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import type { RiskVerdict } from "../../domain/fraud/fraud-types";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, readLedgerRows, seedFixtureOrderShop } from "../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { approveDueCommissions } from "../orders-commissions/approve-due-commissions.server";
import { changeCommissionStatuses } from "../orders-commissions/change-commission-status.server";
import { createPayout } from "../payouts/create-payout.server";
import { applyRiskVerdicts, decideRiskFlag, loadDismissals, RISK_SYSTEM_ACTOR } from "./risk-flags.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "risk-flags.myshopify.com";
const OTHER_SHOP = "risk-flags-other.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00.000Z");
const LATER = new Date("2026-12-07T13:00:00.000Z");
const STAFF = "staff:4242";

let db: Database;
let creatorId: string;
let otherCreatorId: string;

const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_400_000_000_001 });

function verdictFor(orderIds: string[], overrides: Partial<RiskVerdict> = {}): RiskVerdict {
  return {
    rule: "self_referral",
    creatorId,
    severity: "high",
    patternKey: "email:key-1",
    summary: "The customer's email matches Amelia's own.",
    evidence: {
      facts: [{ label: "Matched by", value: "email" }],
      orders: orderIds.map((orderId, index) => ({ orderId, name: `#${index}`, placedAt: NOW.toISOString(), note: "customer email matches" })),
    },
    orderIds,
    holdScope: "orders",
    ...overrides,
  };
}

async function statusOf(commissionId: string) {
  return (await db.commission.findFirstOrThrow({ where: { id: commissionId } })).status;
}

describe.skipIf(postgresUrl === null)("risk flags (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_flags");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    creatorId = (await seedFixtureOrderShop(db, SHOP)).id;
    otherCreatorId = (await seedFixtureOrderShop(db, OTHER_SHOP)).id;
    await db.programSettings.update({ where: { shop: SHOP }, data: { minimumPayoutMinor: 0n } });
    const seen = { firstSeenAt: NOW, lastSeenAt: NOW };
    await db.staffMember.create({ data: { shop: SHOP, userId: "4242", isOwner: true, ...seen } });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("holds the verdict's commissions through the ledger, once, and records the flag and the hold", async () => {
    const pending = await recordOrder(SHOP, 1);
    const approved = await recordOrder(SHOP, 40);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [approved.id], now: NOW });
    expect(await statusOf(approved.id)).toBe("approved");

    const verdict = verdictFor([pending.shopifyOrderId, approved.shopifyOrderId]);
    const [first] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [{ verdict, action: "hold" }]));
    expect(first).toMatchObject({ held: 2, clawedBack: 0, dismissed: false });
    expect(await statusOf(pending.id)).toBe("on_hold");
    expect(await statusOf(approved.id)).toBe("on_hold");
    const holdRow = await db.ledgerEntry.findFirstOrThrow({ where: { commissionId: pending.id, kind: "hold" } });
    expect(holdRow).toMatchObject({ sourceKey: `risk-hold:${first!.flagId}`, actor: RISK_SYSTEM_ACTOR, note: "On hold: Risk review: The customer's email matches Amelia's own." });

    const flag = await db.riskFlag.findFirstOrThrow({ where: { id: first!.flagId! } });
    expect(flag).toMatchObject({ shop: SHOP, creatorId, rule: "self_referral", status: "open", openKey: `${creatorId}:self_referral`, occurrences: 1, action: "hold" });
    const links = await db.riskFlagCommission.findMany({ where: { flagId: flag.id }, orderBy: { commissionId: "asc" } });
    expect(links.map((link) => [link.commissionId, link.held, link.clawedBack])).toEqual(
      [pending.id, approved.id].sort().map((id) => [id, true, false]),
    );
    const audits = await db.auditEvent.findMany({ where: { shop: SHOP, subjectType: "risk_flag", subjectId: flag.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((audit) => audit.action).sort()).toEqual(["risk_flag.held", "risk_flag.opened"]);

    // The same verdict again: nothing new but lastSeenAt and occurrences.
    const ledgerBefore = await db.ledgerEntry.count({ where: { shop: SHOP } });
    const [again] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: LATER, actor: RISK_SYSTEM_ACTOR }, [{ verdict, action: "hold" }]));
    expect(again).toEqual({ flagId: flag.id, held: 0, clawedBack: 0, dismissed: false });
    expect(await db.ledgerEntry.count({ where: { shop: SHOP } })).toBe(ledgerBefore);
    expect(await db.riskFlag.findFirstOrThrow({ where: { id: flag.id } })).toMatchObject({ occurrences: 2, lastSeenAt: LATER, summary: flag.summary, version: 1 });
    expect(await db.auditEvent.count({ where: { shop: SHOP, subjectId: flag.id } })).toBe(2);
    expect(await db.riskFlagCommission.count({ where: { flagId: flag.id } })).toBe(2);

    // Release it so later tests start from open-flag-free state for this rule.
    const released = await decideRiskFlag(db, { shop: SHOP, flagId: flag.id, expectedVersion: 1, decision: "release", reason: "Her partner's order, allowed", actor: STAFF, now: LATER });
    expect(released).toMatchObject({ ok: true, status: "released", released: 2 });
  });

  it("a flag-only verdict links the commission without holding it", async () => {
    const order = await recordOrder(SHOP, 1);
    const [result] = await db.$transaction((tx) =>
      applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [{ verdict: verdictFor([order.shopifyOrderId], { rule: "paid_traffic", patternKey: "gclid" }), action: "flag" }]));
    expect(result).toMatchObject({ held: 0, clawedBack: 0 });
    expect(await statusOf(order.id)).toBe("pending");
    expect(await db.riskFlagCommission.findMany({ where: { flagId: result!.flagId! } })).toEqual([expect.objectContaining({ commissionId: order.id, held: false })]);
  });

  it("two transactions flagging the same creator and rule at once make one flag with both orders", async () => {
    const one = await recordOrder(SHOP, 1);
    const two = await recordOrder(SHOP, 1);
    const rule = "leaked_code" as const;
    const results = await Promise.all([one, two].map((commission) =>
      db.$transaction(async (tx) => {
        const applied = await applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
          [{ verdict: verdictFor([commission.shopifyOrderId], { rule, patternKey: "code:AMELIA15" }), action: "hold" }]);
        // Keep both transactions open together for a moment so they really overlap.
        await tx.$executeRaw`SELECT pg_sleep(0.2)`;
        return applied;
      })));
    expect(results[0]![0]!.flagId).toBe(results[1]![0]!.flagId);
    const flags = await db.riskFlag.findMany({ where: { shop: SHOP, creatorId, rule } });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ occurrences: 2, status: "open" });
    const evidence = flags[0]!.evidence as { orders: Array<{ orderId: string }> };
    expect(evidence.orders.map((order) => order.orderId).sort()).toEqual([one.shopifyOrderId, two.shopifyOrderId].sort());
    const links = await db.riskFlagCommission.findMany({ where: { flagId: flags[0]!.id } });
    expect(links.map((link) => link.commissionId).sort()).toEqual([one.id, two.id].sort());
    expect(links.every((link) => link.held)).toBe(true);
    expect(await statusOf(one.id)).toBe("on_hold");
    expect(await statusOf(two.id)).toBe("on_hold");
  });

  it("loadDismissals reads a creator's dismissed patterns, scoped by shop; applyRiskVerdicts skips them", async () => {
    await db.riskDismissal.create({ data: { shop: SHOP, creatorId, rule: "velocity", patternKey: "daily-orders", reason: "Launch week", decidedBy: STAFF, createdAt: NOW } });
    await db.riskDismissal.create({ data: { shop: OTHER_SHOP, creatorId: otherCreatorId, rule: "velocity", patternKey: "other", reason: "x", decidedBy: STAFF, createdAt: NOW } });
    const dismissals = await db.$transaction((tx) => loadDismissals(tx, SHOP, [creatorId, otherCreatorId]));
    expect([...dismissals.keys()]).toEqual([creatorId]);
    expect([...(dismissals.get(creatorId)?.get("velocity") ?? [])]).toEqual(["daily-orders"]);

    const order = await recordOrder(SHOP, 1);
    const results = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [
      { verdict: verdictFor([order.shopifyOrderId], { rule: "velocity", patternKey: "daily-orders" }), action: "hold" },
      { verdict: verdictFor([order.shopifyOrderId], { rule: "velocity", patternKey: "daily-revenue" }), action: "flag" },
    ]));
    expect(results[0]).toEqual({ flagId: null, held: 0, clawedBack: 0, dismissed: true });
    expect(results[1]).toMatchObject({ dismissed: false, held: 0 });
    expect(await statusOf(order.id)).toBe("pending");
  });

  it("a hold on a paid commission becomes a clawback the owed summary shows, never a hold", async () => {
    const order = await recordOrder(SHOP, 40);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [order.id], now: NOW });
    const paid = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId, method: "other", requestKey: "risk-paid-1", now: NOW });
    expect(paid).toMatchObject({ ok: true });
    expect(await statusOf(order.id)).toBe("paid");

    const [result] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule: "refund_abuse", patternKey: "refunds" }), action: "hold" }]));
    expect(result).toMatchObject({ held: 0, clawedBack: 1 });
    expect(await statusOf(order.id)).toBe("reversed");
    const rows = await readLedgerRows(db, order.id);
    expect(rows.at(-1)).toEqual(["clawback", -892n, "reversed", RISK_SYSTEM_ACTOR]);
    const clawback = await db.ledgerEntry.findFirstOrThrow({ where: { commissionId: order.id, kind: "clawback" } });
    expect(clawback.sourceKey).toBe(`risk-clawback:${result!.flagId}`);
    expect(await db.riskFlagCommission.findFirstOrThrow({ where: { flagId: result!.flagId!, commissionId: order.id } })).toMatchObject({ held: false, clawedBack: true });
    const [summary] = await db.$queryRaw<Array<{ clawbackMinor: bigint; clawbackCount: number }>>`
      SELECT "clawbackMinor", "clawbackCount" FROM "CreatorOwedSummary" WHERE shop = ${SHOP} AND "creatorId" = ${creatorId}`;
    expect(summary).toEqual({ clawbackMinor: 892n, clawbackCount: 1 });
  });

  it("a released hold goes back to pending and the approval job then approves it", async () => {
    const order = await recordOrder(SHOP, 40);
    const [result] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule: "click_spam", patternKey: "burst" }), action: "hold" }]));
    expect(await statusOf(order.id)).toBe("on_hold");
    await approveDueCommissions({ db, now: NOW, shop: SHOP });
    expect(await statusOf(order.id)).toBe("on_hold");

    const decided = await decideRiskFlag(db, { shop: SHOP, flagId: result!.flagId!, expectedVersion: 1, decision: "release", reason: "Clicks were a newsletter", actor: STAFF, now: NOW });
    expect(decided).toMatchObject({ ok: true, status: "released", released: 1 });
    expect(await statusOf(order.id)).toBe("pending");
    expect(await db.ledgerEntry.findFirstOrThrow({ where: { commissionId: order.id, kind: "release" } })).toMatchObject({ sourceKey: `risk-release:${result!.flagId}`, actor: STAFF });
    expect(await db.riskFlag.findFirstOrThrow({ where: { id: result!.flagId! } })).toMatchObject({ status: "released", openKey: null, decidedBy: STAFF, decisionReason: "Clicks were a newsletter", version: 2 });

    await approveDueCommissions({ db, now: NOW, shop: SHOP });
    expect(await statusOf(order.id)).toBe("approved");
  });
});
