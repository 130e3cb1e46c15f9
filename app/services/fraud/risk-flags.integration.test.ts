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
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { loadRiskFlag } from "./load-risk-flag.server";
import { applyRiskVerdicts, decideRiskFlag, loadDismissals, RISK_SYSTEM_ACTOR, runRiskFlagAction } from "./risk-flags.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "risk-flags.myshopify.com";
const OTHER_SHOP = "risk-flags-other.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00.000Z");
const LATER = new Date("2026-12-07T13:00:00.000Z");
const STAFF = "staff:4242";

let db: Database;
let creatorId: string;
let otherCreatorId: string;

/** Shop-scoping checks must fail before anything reaches Shopify. */
const unreachableAdmin: AdminGraphqlClient = {
  graphql: () => {
    throw new Error("Shopify must not be called here");
  },
};

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
    expect(await decideRiskFlag(db, { shop: SHOP, flagId: flags[0]!.id, expectedVersion: 1, decision: "release", reason: "Checked", actor: STAFF, now: NOW }))
      .toMatchObject({ ok: true, released: 2 });
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

  it("a commission two open flags hold stays held when one is released, and is released with the second", async () => {
    const order = await recordOrder(SHOP, 1);
    const apply = (rule: "duplicate_identity" | "refund_abuse") => db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule, patternKey: `${rule}-pattern` }), action: "hold" }]));
    const [first] = await apply("duplicate_identity");
    const [second] = await apply("refund_abuse");
    expect(first).toMatchObject({ held: 1 });
    // Already on a risk hold: the second flag holds it too, without a second hold row.
    expect(second).toMatchObject({ held: 1, clawedBack: 0 });
    expect(await db.ledgerEntry.count({ where: { commissionId: order.id, kind: "hold" } })).toBe(1);

    const one = await decideRiskFlag(db, { shop: SHOP, flagId: first!.flagId!, expectedVersion: 1, decision: "release", reason: "Different people", actor: STAFF, now: NOW });
    expect(one).toMatchObject({ ok: true, released: 0 });
    expect(await statusOf(order.id)).toBe("on_hold");
    const two = await decideRiskFlag(db, { shop: SHOP, flagId: second!.flagId!, expectedVersion: 1, decision: "release", reason: "Refunds were a shipping problem", actor: STAFF, now: NOW });
    expect(two).toMatchObject({ ok: true, released: 1 });
    expect(await statusOf(order.id)).toBe("pending");
  });

  it("releasing a flag never undoes a merchant's own hold", async () => {
    const order = await recordOrder(SHOP, 1);
    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule: "paid_traffic", patternKey: "gclid-2", holdScope: "orders" }), action: "hold" }]));
    // The merchant releases it by hand, then holds it for their own reason.
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "release", commissionIds: [order.id], now: NOW });
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "hold", commissionIds: [order.id], reason: "Waiting for the customer", now: NOW });
    const decided = await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "release", reason: "Brand bidding was allowed", actor: STAFF, now: NOW });
    expect(decided).toMatchObject({ ok: true, released: 0 });
    expect(await statusOf(order.id)).toBe("on_hold");
  });

  it("dismiss teaches the rule: a RiskDismissal with the flag's pattern, the holds released, the same pattern skipped next time", async () => {
    const order = await recordOrder(SHOP, 1);
    const verdict = verdictFor([order.shopifyOrderId], { rule: "self_referral", patternKey: "address:key-9" });
    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [{ verdict, action: "hold" }]));
    const decided = await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "dismiss", reason: "Same building, different people", actor: STAFF, now: NOW });
    expect(decided).toMatchObject({ ok: true, status: "dismissed", released: 1 });
    expect(await statusOf(order.id)).toBe("pending");
    expect(await db.riskDismissal.findMany({ where: { shop: SHOP, creatorId, rule: "self_referral" } })).toEqual([
      expect.objectContaining({ patternKey: "address:key-9", reason: "Same building, different people", decidedBy: STAFF, flagId: flag!.flagId }),
    ]);
    const dismissals = await db.$transaction((tx) => loadDismissals(tx, SHOP, [creatorId]));
    expect(dismissals.get(creatorId)?.get("self_referral")?.has("address:key-9")).toBe(true);

    const next = await recordOrder(SHOP, 1);
    const [again] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: LATER, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: { ...verdict, orderIds: [next.shopifyOrderId] }, action: "hold" }]));
    expect(again).toEqual({ flagId: null, held: 0, clawedBack: 0, dismissed: true });
    expect(await statusOf(next.id)).toBe("pending");
    expect(await db.riskFlag.count({ where: { shop: SHOP, creatorId, rule: "self_referral", status: "open" } })).toBe(0);
  });

  it("reverse: an unpaid commission is reversed, a paid one clawed back, through the manual reversal with the reason", async () => {
    const unpaid = await recordOrder(SHOP, 40);
    const paidOrder = await recordOrder(SHOP, 40);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [paidOrder.id], now: NOW });
    expect(await createPayout({ db, shop: SHOP, actor: STAFF, creatorId, method: "other", requestKey: "risk-paid-2", now: NOW })).toMatchObject({ ok: true });
    expect(await statusOf(paidOrder.id)).toBe("paid");
    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([unpaid.shopifyOrderId, paidOrder.shopifyOrderId], { rule: "duplicate_identity", patternKey: "iban:1" }), action: "flag" }]));
    const decided = await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "reverse", reason: "Same IBAN as a banned creator", actor: STAFF, now: NOW });
    expect(decided).toMatchObject({ ok: true, status: "reversed", reversed: 2, clawedBack: 1 });
    expect(await statusOf(unpaid.id)).toBe("reversed");
    expect(await statusOf(paidOrder.id)).toBe("reversed");
    expect((await readLedgerRows(db, unpaid.id)).at(-1)).toEqual(["manual_reversal", -892n, "reversed", STAFF]);
    expect((await readLedgerRows(db, paidOrder.id)).at(-1)).toEqual(["clawback", -892n, "reversed", STAFF]);
    const note = await db.ledgerEntry.findFirstOrThrow({ where: { commissionId: unpaid.id, kind: "manual_reversal" } });
    expect(note.note).toContain("Risk review: Same IBAN as a banned creator");
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "commission.reversed", subjectId: { in: [unpaid.id, paidOrder.id] } } })).toBe(2);
  });

  it("two decisions at once: one wins, the other gets a 409 conflict", async () => {
    const order = await recordOrder(SHOP, 1);
    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule: "velocity", patternKey: "spike-1" }), action: "hold" }]));
    const results = await Promise.all([
      decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "release", reason: "Launch day", actor: "staff:1", now: NOW }),
      decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "reverse", reason: "Fake orders", actor: "staff:2", now: NOW }),
    ]);
    const wins = results.filter((result) => result.ok);
    const conflicts = results.filter((result) => !result.ok);
    expect(wins).toHaveLength(1);
    expect(conflicts).toEqual([expect.objectContaining({ ok: false, status: 409, currentVersion: 2 })]);
    const stored = await db.riskFlag.findFirstOrThrow({ where: { id: flag!.flagId! } });
    expect(stored.version).toBe(2);
    expect(await statusOf(order.id)).toBe(stored.status === "released" ? "pending" : "reversed");
    // Exactly one decision row in the audit log, by whoever won.
    const decisions = await db.auditEvent.findMany({ where: { shop: SHOP, subjectId: flag!.flagId!, action: { in: ["risk_flag.released", "risk_flag.reversed"] } } });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.actor).toBe(stored.decidedBy);

    // A stale version afterwards is a conflict too.
    expect(await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "dismiss", reason: "x", actor: STAFF, now: NOW }))
      .toMatchObject({ ok: false, status: 409 });
  });

  it("a decision needs a reason (the field is named) and every decision has an audit row with who and why", async () => {
    const order = await recordOrder(SHOP, 1);
    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule: "click_spam", patternKey: "burst-2" }), action: "flag" }]));
    const refused = await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "release", reason: "   ", actor: STAFF, now: NOW });
    expect(refused).toEqual({ ok: false, status: 422, errors: [{ field: "reason", message: expect.stringContaining("Enter a reason") }] });
    expect((await db.riskFlag.findFirstOrThrow({ where: { id: flag!.flagId! } })).status).toBe("open");

    await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "dismiss", reason: "A school project", actor: STAFF, now: NOW });
    const decided = await db.riskFlag.findMany({ where: { shop: SHOP, status: { not: "open" } }, select: { id: true, status: true, decidedBy: true, decisionReason: true } });
    expect(decided.length).toBeGreaterThanOrEqual(6);
    for (const row of decided) {
      const audit = await db.auditEvent.findFirst({ where: { shop: SHOP, subjectType: "risk_flag", subjectId: row.id, action: `risk_flag.${row.status}` } });
      expect(audit, `audit row for flag ${row.id} (${row.status})`).toMatchObject({ actor: row.decidedBy, reason: row.decisionReason });
    }
  });

  it("every query is shop-scoped: a flag id from another shop is not found and nothing changes", async () => {
    const order = await recordOrder(OTHER_SHOP, 1);
    const [other] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: OTHER_SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { creatorId: otherCreatorId, rule: "velocity", patternKey: "p" }), action: "hold" }]));
    expect(await statusOf(order.id)).toBe("on_hold");
    // A verdict naming another shop's order under this shop links and holds nothing.
    const [cross] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { creatorId: otherCreatorId, rule: "velocity", patternKey: "p" }), action: "hold" }]));
    expect(cross).toMatchObject({ held: 0, clawedBack: 0 });
    expect(cross!.flagId).not.toBe(other!.flagId);

    for (const decision of ["dismiss", "release", "reverse"] as const) {
      expect(await decideRiskFlag(db, { shop: SHOP, flagId: other!.flagId!, expectedVersion: 1, decision, reason: "Not mine", actor: STAFF, now: NOW }))
        .toMatchObject({ ok: false, status: 404 });
    }
    expect(await runRiskFlagAction(db, { admin: unreachableAdmin }, { shop: SHOP, flagId: other!.flagId!, action: "pause_creator", reason: "Not mine", actor: STAFF, now: NOW }))
      .toMatchObject({ ok: false, status: 404 });
    expect(await loadRiskFlag(db, SHOP, other!.flagId!)).toBeNull();
    expect(await db.riskFlag.findFirstOrThrow({ where: { id: other!.flagId! } })).toMatchObject({ status: "open", version: 1 });
    expect(await statusOf(order.id)).toBe("on_hold");
    expect(await loadDismissals(db, OTHER_SHOP, [creatorId])).toEqual(new Map());
  });

  it("loadRiskFlag: the flag with its commissions (order name, status, amount) and its decision history", async () => {
    const order = await recordOrder(SHOP, 1);
    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([order.shopifyOrderId], { rule: "leaked_code", patternKey: "code:other" }), action: "hold" }]));
    await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "release", reason: "Known partner site", actor: STAFF, now: NOW });
    const detail = await loadRiskFlag(db, SHOP, flag!.flagId!);
    const orderRow = await db.attributedOrder.findFirstOrThrow({ where: { shop: SHOP, shopifyOrderId: order.shopifyOrderId } });
    expect(detail).toMatchObject({
      id: flag!.flagId, rule: "leaked_code", status: "released", version: 2, decidedBy: STAFF, decisionReason: "Known partner site",
      creator: { id: creatorId, name: "Amelia" },
      commissions: [{ commissionId: order.id, orderName: orderRow.name, status: "pending", amount: { amountMinor: 892n, currency: "USD" }, held: true }],
    });
    expect(detail!.history.map((entry) => [entry.action, entry.actor])).toEqual([
      ["risk_flag.opened", RISK_SYSTEM_ACTOR], ["risk_flag.held", RISK_SYSTEM_ACTOR], ["risk_flag.released", STAFF],
    ]);
    expect(detail!.history[2]!.reason).toBe("Known partner site");
  });

  it("a creator-level hold holds every pending and approved commission of the creator, not other creators' or paid ones", async () => {
    const pending = await recordOrder(SHOP, 1);
    const approved = await recordOrder(SHOP, 40);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [approved.id], now: NOW });
    const otherShops = await recordOrder(OTHER_SHOP, 1);
    const expected = await db.commission.findMany({ where: { shop: SHOP, creatorId, status: { in: ["pending", "approved"] } }, select: { id: true } });
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const paidBefore = await db.commission.count({ where: { shop: SHOP, creatorId, status: "paid" } });

    const [flag] = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR },
      [{ verdict: verdictFor([], { rule: "duplicate_identity", patternKey: "device:abc", holdScope: "creator" }), action: "hold" }]));
    expect(flag).toMatchObject({ held: expected.length, clawedBack: 0 });
    expect(await statusOf(pending.id)).toBe("on_hold");
    expect(await statusOf(approved.id)).toBe("on_hold");
    expect(await statusOf(otherShops.id)).toBe("pending");
    expect(await db.commission.count({ where: { shop: SHOP, creatorId, status: "paid" } })).toBe(paidBefore);
    expect((await db.riskFlagCommission.findMany({ where: { flagId: flag!.flagId! } })).map((link) => link.commissionId).sort())
      .toEqual(expected.map((row) => row.id).sort());

    const decided = await decideRiskFlag(db, { shop: SHOP, flagId: flag!.flagId!, expectedVersion: 1, decision: "release", reason: "Siblings, separate people", actor: STAFF, now: NOW });
    expect(decided).toMatchObject({ ok: true, released: expected.length });
  });

  it("a flag that saw two patterns teaches the rule both when dismissed", async () => {
    const one = await recordOrder(SHOP, 1);
    const two = await recordOrder(SHOP, 1);
    const base = { rule: "paid_traffic" as const };
    const results = await db.$transaction((tx) => applyRiskVerdicts(tx, { shop: SHOP, now: NOW, actor: RISK_SYSTEM_ACTOR }, [
      { verdict: verdictFor([one.shopifyOrderId], { ...base, patternKey: "ad:gclid" }), action: "flag" },
      { verdict: verdictFor([two.shopifyOrderId], { ...base, patternKey: "ad:fbclid" }), action: "flag" },
    ]));
    expect(results[0]!.flagId).toBe(results[1]!.flagId);
    const flagId = results[0]!.flagId!;
    expect((await loadRiskFlag(db, SHOP, flagId))!.patternKeys.sort()).toEqual(["ad:fbclid", "ad:gclid"]);
    expect(await decideRiskFlag(db, { shop: SHOP, flagId, expectedVersion: 1, decision: "dismiss", reason: "The program allows paid social", actor: STAFF, now: NOW }))
      .toMatchObject({ ok: true });
    const dismissals = await db.$transaction((tx) => loadDismissals(tx, SHOP, [creatorId]));
    expect([...(dismissals.get(creatorId)?.get("paid_traffic") ?? [])].sort()).toEqual(["ad:fbclid", "ad:gclid"]);
  });
});
