/**
 * Approvals, manual reversals and payouts on a real PostgreSQL database. Commissions are made the real way:
 * real-shaped orders/paid and refunds/create payloads through recordOrderWebhook / recordRefundWebhook.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, seedFixtureOrderShop, readLedgerRows } from "../../../tests/support/record-fixture-order";
import { readWebhookFixture, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { webhookPayloadSchemas } from "../../webhooks/payload-schemas";
import { approveDueCommissions } from "../orders-commissions/approve-due-commissions.server";
import { changeCommissionStatuses, reverseCommission } from "../orders-commissions/change-commission-status.server";
import { createPayout } from "./create-payout.server";
import { exportCommissionsCsv } from "../orders-commissions/export-commissions.server";
import { listCreatorsOwed } from "./list-creators-owed.server";
import { recordRefundWebhook } from "../orders-commissions/record-order-money.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "payouts-usd.myshopify.com";
const OTHER_SHOP = "payouts-other.myshopify.com";
const NOW = new Date("2026-12-31T12:00:00.000Z");
const STAFF = "staff:1001";

let db: Database;
let amelia: { id: string };

const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_100_000_000_001 });

async function refundInFull(shop: string, shopifyOrderId: string) {
  const orderId = Number(shopifyOrderId.split("/").pop());
  const payload = webhookPayloadSchemas.REFUNDS_CREATE.parse({
    ...readWebhookFixture("refunds-create-full"),
    id: orderId + 7,
    admin_graphql_api_id: `gid://shopify/Refund/${orderId + 7}`,
    order_id: orderId,
  });
  // The full-refund fixture returns the last shirt and the mug; refund the other shirt first so nothing remains.
  const partial = webhookPayloadSchemas.REFUNDS_CREATE.parse({
    ...readWebhookFixture("refunds-create-partial"),
    id: orderId + 6,
    admin_graphql_api_id: `gid://shopify/Refund/${orderId + 6}`,
    order_id: orderId,
  });
  for (const refund of [partial, payload]) {
    await db.$transaction((tx) => recordRefundWebhook(tx, { shop, webhookEventId: `test-refund-${String(refund.id)}` }, refund, NOW));
  }
}

const entriesOf = (commissionId: string) => readLedgerRows(db, commissionId);

async function status(commissionId: string) {
  return (await db.commission.findUniqueOrThrow({ where: { id: commissionId } })).status;
}

describe.skipIf(postgresUrl === null)("approvals, reversals and payouts (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "commissions_payouts");
    db = created.db;
    // The app's environment (orders hash customer emails with a key derived from the app secret).
    useTestAppEnvironment(created.url, "test-secret");
    amelia = await seedFixtureOrderShop(db, SHOP);
    await seedFixtureOrderShop(db, OTHER_SHOP);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("the approval job approves only what is past the holding period, not held or refunded, once with two jobs running", async () => {
    const due = await recordOrder(SHOP, 31);
    const young = await recordOrder(SHOP, 10);
    const held = await recordOrder(SHOP, 40);
    const refunded = await recordOrder(SHOP, 40);
    expect(due.netMinor).toBe(892n);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "hold", commissionIds: [held.id], reason: "Chargeback opened", now: NOW });
    await refundInFull(SHOP, refunded.shopifyOrderId);
    expect(await status(refunded.id)).toBe("reversed");

    const runs = await Promise.all([approveDueCommissions({ db, now: NOW, shop: SHOP, batchSize: 1 }), approveDueCommissions({ db, now: NOW, shop: SHOP, batchSize: 1 })]);

    expect(runs.reduce((sum, run) => sum + run.approved, 0)).toBe(1);
    expect(await status(due.id)).toBe("approved");
    expect(await entriesOf(due.id)).toEqual([["accrual", 892n, "pending", "webhook"], ["approval", 0n, "approved", "system"]]);
    expect(await status(young.id)).toBe("pending");
    expect(await status(held.id)).toBe("on_hold");
    expect(await status(refunded.id)).toBe("reversed");
    const audits = await db.auditEvent.findMany({ where: { shop: SHOP, action: "commissions.auto_approved" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: "system", details: { approved: 1, commissionIds: [due.id] } });

    // Nothing more is due: a later run approves nothing and writes no audit row.
    expect(await approveDueCommissions({ db, now: NOW, shop: SHOP })).toMatchObject({ approved: 0 });
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "commissions.auto_approved" } })).toBe(1);
  });

  it("bulk actions: reason required for hold and reverse; bad, other-shop and wrong-status ids are reported without losing the rest", async () => {
    const first = await recordOrder(SHOP, 5);
    const second = await recordOrder(SHOP, 5);
    const foreign = await recordOrder(OTHER_SHOP, 5);

    for (const action of ["hold", "reverse"] as const) {
      const refused = await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action, commissionIds: [first.id], reason: "  ", now: NOW });
      expect(refused).toMatchObject({ ok: false, errors: [{ field: "reason" }] });
    }
    expect(await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [], now: NOW })).toMatchObject({ ok: false, errors: [{ field: "commissionIds" }] });

    const result = await changeCommissionStatuses({
      db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [first.id, "no-such-id", foreign.id, second.id], now: NOW,
    });
    if (!result.ok) throw new Error("expected results");
    expect(result.results.map((row) => [row.commissionId, row.ok])).toEqual([[first.id, true], ["no-such-id", false], [foreign.id, false], [second.id, true]]);
    expect(result.results[2]?.message).toMatch(/does not exist in this shop/);
    expect(await status(foreign.id)).toBe("pending");
    expect(await db.ledgerEntry.count({ where: { commissionId: foreign.id, kind: "approval" } })).toBe(0);

    const again = await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "release", commissionIds: [first.id], now: NOW });
    expect(again).toMatchObject({ ok: true, results: [{ ok: false, message: expect.stringMatching(/not on_hold/) as unknown }] });

    const held = await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "hold", commissionIds: [first.id], reason: "Customer disputed", now: NOW });
    expect(held).toMatchObject({ ok: true, results: [{ ok: true, status: "on_hold" }] });
    const released = await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "release", commissionIds: [first.id], now: NOW });
    expect(released).toMatchObject({ ok: true, results: [{ ok: true, status: "pending" }] });
    const reversed = await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "reverse", commissionIds: [first.id], reason: "Self-referral", now: NOW });
    expect(reversed).toMatchObject({ ok: true, results: [{ ok: true, status: "reversed" }] });

    expect(await entriesOf(first.id)).toEqual([
      ["accrual", 892n, "pending", "webhook"],
      ["approval", 0n, "approved", STAFF],
      ["hold", 0n, "on_hold", STAFF],
      ["release", 0n, "pending", STAFF],
      ["manual_reversal", -892n, "reversed", STAFF],
    ]);
    const audits = await db.auditEvent.findMany({ where: { shop: SHOP, subjectType: "commission", subjectId: first.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((audit) => [audit.action, audit.actor, audit.reason])).toEqual([
      ["commission.approved", STAFF, null],
      ["commission.held", STAFF, "Customer disputed"],
      ["commission.released", STAFF, null],
      ["commission.reversed", STAFF, "Self-referral"],
    ]);
  });

  it("reverseCommission: partial, idempotent by event key, never more than remains, then full", async () => {
    const commission = await recordOrder(SHOP, 3);
    const partial = await reverseCommission({
      db, shop: SHOP, commissionId: commission.id, amount: { amountMinor: 200n, currency: "USD" }, reason: "Coupon abuse", actor: "api:key_1", eventKey: "idem-1", now: NOW,
    });
    expect(partial).toMatchObject({ ok: true, replayed: false, commission: { status: "pending", netMinor: 692n, owedMinor: 692n }, entries: [{ kind: "manual_reversal", amountMinor: -200n }] });

    const replay = await reverseCommission({
      db, shop: SHOP, commissionId: commission.id, amount: { amountMinor: 200n, currency: "USD" }, reason: "Coupon abuse", actor: "api:key_1", eventKey: "idem-1", now: NOW,
    });
    expect(replay).toMatchObject({ ok: true, replayed: true, commission: { netMinor: 692n }, entries: [{ kind: "manual_reversal", amountMinor: -200n, actor: "api:key_1" }] });

    const tooMuch = await reverseCommission({
      db, shop: SHOP, commissionId: commission.id, amount: { amountMinor: 693n, currency: "USD" }, reason: "x", actor: STAFF, eventKey: "idem-2", now: NOW,
    });
    expect(tooMuch).toEqual({ ok: false, status: 422, message: expect.stringMatching(/only \$6\.92 remains/) as unknown });
    expect(await reverseCommission({ db, shop: OTHER_SHOP, commissionId: commission.id, amount: null, reason: "x", actor: STAFF, eventKey: "k", now: NOW }))
      .toMatchObject({ ok: false, status: 404 });

    // The API helper passes its own transaction (with its idempotency row); the reversal commits with it.
    const inCallerTransaction = await db.$transaction((tx) => reverseCommission({
      db: tx, shop: SHOP, commissionId: commission.id, amount: { amountMinor: 92n, currency: "USD" }, reason: "Partial chargeback", actor: "api:key_1", eventKey: "idem-tx", now: NOW,
    }));
    expect(inCallerTransaction).toMatchObject({ ok: true, commission: { netMinor: 600n } });
    const full = await reverseCommission({ db, shop: SHOP, commissionId: commission.id, amount: null, reason: "Fraud confirmed", actor: STAFF, eventKey: "idem-3", now: NOW });
    expect(full).toMatchObject({ ok: true, commission: { status: "reversed", netMinor: 0n } });
    expect(await reverseCommission({ db, shop: SHOP, commissionId: commission.id, amount: null, reason: "again", actor: STAFF, eventKey: "idem-4", now: NOW }))
      .toMatchObject({ ok: false, status: 409 });
    expect(await db.ledgerEntry.count({ where: { commissionId: commission.id, kind: "manual_reversal" } })).toBe(3);
    expect(await db.auditEvent.count({ where: { shop: SHOP, subjectId: commission.id, action: "commission.reversed" } })).toBe(3);
  });

  it("payouts: the minimum is respected, a double submit records one payout, a reversal after payout is a clawback carried into the next", async () => {
    // Settle everything earlier tests left owed, so this test sees only its own commissions.
    await db.commission.updateMany({ where: { shop: SHOP, status: { in: ["pending", "approved", "on_hold"] } }, data: { status: "on_hold" } });
    await db.programSettings.update({ where: { shop: SHOP }, data: { minimumPayoutMinor: 1000n } });
    const one = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [one.id], now: NOW });

    const below = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: amelia.id, method: "paypal", requestKey: "form-1", now: NOW });
    expect(below).toMatchObject({ ok: true, outcomes: [{ outcome: "not_payable", reason: expect.stringMatching(/\$8\.92 is below the minimum payout of \$10\.00/) as unknown }] });
    expect(await db.payout.count({ where: { shop: SHOP } })).toBe(0);

    const two = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [two.id], now: NOW });
    const submit = () => createPayout({ db, shop: SHOP, actor: STAFF, creatorId: amelia.id, method: "paypal", reference: "PP-123", requestKey: "form-2", now: NOW });
    const [a, b] = await Promise.all([submit(), submit()]);
    const outcomes = [a, b].flatMap((result) => (result.ok ? result.outcomes : []));
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["already_recorded", "created"]);
    const payouts = await db.payout.findMany({ where: { shop: SHOP } });
    expect(payouts).toHaveLength(1);
    expect(payouts[0]).toMatchObject({ amountMinor: 1784n, commissionCount: 2, method: "paypal", reference: "PP-123", createdBy: STAFF });
    const firstPayout = payouts[0]!;
    expect(await db.ledgerEntry.findMany({ where: { shop: SHOP, payoutId: firstPayout.id }, select: { commissionId: true, amountMinor: true, kind: true } }))
      .toEqual(expect.arrayContaining([{ commissionId: one.id, amountMinor: 892n, kind: "payout" }, { commissionId: two.id, amountMinor: 892n, kind: "payout" }]));
    expect(await status(one.id)).toBe("paid");
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "payout.recorded", subjectId: firstPayout.id } })).toBe(1);

    // After payout, a reversal is a clawback; with only $3.92 newly approved, the payout waits and carries the clawback.
    const clawback = await reverseCommission({ db, shop: SHOP, commissionId: one.id, amount: { amountMinor: 500n, currency: "USD" }, reason: "Returned late", actor: STAFF, eventKey: "claw-1", now: NOW });
    expect(clawback).toMatchObject({ ok: true, commission: { status: "paid", owedMinor: -500n }, entries: [{ kind: "clawback", amountMinor: -500n }] });
    const three = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [three.id], now: NOW });
    const owed = await listCreatorsOwed(db, SHOP);
    expect(owed.creators).toHaveLength(1);
    expect(owed.creators[0]?.plan).toMatchObject({ payable: false, total: { amountMinor: 392n } });
    expect(owed.creators[0]?.plan.reason).toMatch(/below the minimum.*\$5\.00 of clawbacks carry over/);

    await db.programSettings.update({ where: { shop: SHOP }, data: { minimumPayoutMinor: 0n } });
    const next = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: "all", method: "bank_transfer", requestKey: "form-3", now: NOW });
    expect(next).toMatchObject({ ok: true, outcomes: [{ creatorId: amelia.id, outcome: "created", payout: { amountMinor: 392n, commissionCount: 2, requestKey: `form-3/${amelia.id}` } }] });
    expect(await entriesOf(one.id)).toEqual([
      ["accrual", 892n, "pending", "webhook"],
      ["approval", 0n, "approved", STAFF],
      ["payout", 892n, "paid", STAFF],
      ["clawback", -500n, "paid", STAFF],
      ["payout", -500n, "paid", STAFF],
    ]);
    // Only the commissions this test parked on hold are left: nothing approved, no clawback.
    expect((await listCreatorsOwed(db, SHOP)).creators.map((creator) => [creator.plan.commissionCount, creator.plan.clawbacks.amountMinor, creator.plan.payable])).toEqual([[0, 0n, false]]);
    expect(await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: "someone-else", method: "other", requestKey: "form-4", now: NOW })).toMatchObject({ ok: false, status: 404 });
  });

  it("exports the filtered commissions as CSV with formula-looking names neutralised", async () => {
    await db.creator.update({ where: { id: amelia.id }, data: { name: "=HYPERLINK(\"http://evil\")" } });
    const csv = await exportCommissionsCsv(db, SHOP, { tab: "paid", page: 1 }, NOW);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe("order,order_date,creator,status,currency,commission,paid,owed,commission_id,shopify_order_id,creator_id");
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((line) => line.includes(",paid,USD,"))).toBe(true);
    expect(lines.find((line) => line.includes(",3.92,3.92,0.00,"))).toContain("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    const none = await exportCommissionsCsv(db, SHOP, { tab: "paid", page: 1, from: "2027-01-01" }, NOW);
    expect(none.trim().split("\n")).toHaveLength(1);
  });
});
