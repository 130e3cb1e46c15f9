/**
 * CreatorOwedSummary (the per-creator owed sums the Payouts page and the run planner read) stays exact: after every
 * step of a creator's money story (orders, approval, hold, manual payout, refund after payout = clawback, void of a
 * payout, a payout run approved then voided), its rows equal the same sums computed from the LEDGER (net = Σ non-payout
 * entries, paid = Σ payout entries, per commission), and the Commission rows' cached net/paid equal their ledgers.
 * Commissions are made the real way: real-shaped orders/paid and refunds/create payloads.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, seedFixtureOrderShop } from "../../../tests/support/record-fixture-order";
import { readWebhookFixture, useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { webhookPayloadSchemas } from "../../webhooks/payload-schemas";
import { changeCommissionStatuses } from "../orders-commissions/change-commission-status.server";
import { recordRefundWebhook } from "../orders-commissions/record-order-money.server";
import { createPayout } from "./create-payout.server";
import { approveRun } from "./runs/approve-payout-run.server";
import { planRun } from "./runs/plan-payout-run.server";
import { voidRun } from "./runs/void-payout-run.server";
import { voidPayout } from "./void-payout.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "owed-summary.myshopify.com";
const OTHER_SHOP = "owed-summary-other.myshopify.com";
const NOW = new Date("2026-12-31T12:00:00.000Z");
const OWNER = "4242";
const STAFF = `staff:${OWNER}`;

let db: Database;
let creatorId: string;

const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_300_000_000_001 });

type SummaryRow = {
  shop: string; creatorId: string; currency: string; owingCount: number; approvedMinor: bigint; approvedCount: number;
  clawbackMinor: bigint; clawbackCount: number; pendingMinor: bigint; onHoldMinor: bigint; onHoldCount: number;
};

/** The summary's non-empty rows. */
async function readSummary(): Promise<SummaryRow[]> {
  return db.$queryRaw<SummaryRow[]>`
    SELECT shop, "creatorId", currency, "owingCount", "approvedMinor", "approvedCount", "clawbackMinor", "clawbackCount", "pendingMinor", "onHoldMinor", "onHoldCount"
    FROM "CreatorOwedSummary"
    WHERE "owingCount" <> 0 OR "approvedMinor" <> 0 OR "clawbackMinor" <> 0 OR "pendingMinor" <> 0 OR "onHoldMinor" <> 0
    ORDER BY shop, "creatorId", currency`;
}

/** The same sums from the ledger rows: each commission's net and paid summed from its entries, its status from the row. */
async function sumFromLedger(): Promise<SummaryRow[]> {
  return db.$queryRaw<SummaryRow[]>`
    WITH per_commission AS (
      SELECT c.shop, c."creatorId", c.currency, c.status::text AS status,
        COALESCE(SUM(e."amountMinor") FILTER (WHERE e.kind <> 'payout'), 0)::bigint AS net,
        COALESCE(SUM(e."amountMinor") FILTER (WHERE e.kind = 'payout'), 0)::bigint AS paid
      FROM "Commission" c LEFT JOIN "LedgerEntry" e ON e.shop = c.shop AND e."commissionId" = c.id
      GROUP BY c.shop, c.id
    )
    SELECT shop, "creatorId", currency,
      COUNT(*)::int AS "owingCount",
      COALESCE(SUM(net - paid) FILTER (WHERE net > paid AND status IN ('approved', 'paid')), 0)::bigint AS "approvedMinor",
      (COUNT(*) FILTER (WHERE net > paid AND status IN ('approved', 'paid')))::int AS "approvedCount",
      COALESCE(SUM(paid - net) FILTER (WHERE net < paid), 0)::bigint AS "clawbackMinor",
      (COUNT(*) FILTER (WHERE net < paid))::int AS "clawbackCount",
      COALESCE(SUM(net - paid) FILTER (WHERE net > paid AND status = 'pending'), 0)::bigint AS "pendingMinor",
      COALESCE(SUM(net - paid) FILTER (WHERE net > paid AND status = 'on_hold'), 0)::bigint AS "onHoldMinor",
      (COUNT(*) FILTER (WHERE net > paid AND status = 'on_hold'))::int AS "onHoldCount"
    FROM per_commission
    WHERE net <> paid
    GROUP BY shop, "creatorId", currency
    ORDER BY shop, "creatorId", currency`;
}

async function expectSummaryExact(): Promise<SummaryRow[]> {
  const drift = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM "Commission" c LEFT JOIN "LedgerEntry" e ON e.shop = c.shop AND e."commissionId" = c.id
    GROUP BY c.id, c."netMinor", c."paidMinor"
    HAVING c."netMinor" <> COALESCE(SUM(e."amountMinor") FILTER (WHERE e.kind <> 'payout'), 0)
        OR c."paidMinor" <> COALESCE(SUM(e."amountMinor") FILTER (WHERE e.kind = 'payout'), 0)`;
  expect(drift, "commissions whose cached net/paid differ from their ledger").toEqual([]);
  const summary = await readSummary();
  expect(summary).toEqual(await sumFromLedger());
  return summary;
}

async function refund(orderId: string, fixture: "refunds-create-partial" | "refunds-create-full", offset: number) {
  const numeric = Number(orderId.split("/").pop());
  const payload = webhookPayloadSchemas.REFUNDS_CREATE.parse({
    ...readWebhookFixture(fixture), id: numeric + offset, admin_graphql_api_id: `gid://shopify/Refund/${numeric + offset}`, order_id: numeric,
  });
  await db.$transaction((tx) => recordRefundWebhook(tx, { shop: SHOP, webhookEventId: `summary-refund-${numeric + offset}` }, payload, NOW));
}

describe.skipIf(postgresUrl === null)("CreatorOwedSummary equals the ledger's sums (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "owed_summary");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    creatorId = (await seedFixtureOrderShop(db, SHOP)).id;
    await seedFixtureOrderShop(db, OTHER_SHOP);
    await db.programSettings.update({ where: { shop: SHOP }, data: { minimumPayoutMinor: 0n } });
    const seen = { firstSeenAt: NOW, lastSeenAt: NOW };
    await db.staffMember.create({ data: { shop: SHOP, userId: OWNER, isOwner: true, ...seen } });
    await db.creatorPayoutProfile.create({ data: { shop: SHOP, creatorId, method: "paypal", paypalEmail: "amelia@example.com" } });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("after orders, approval, hold, payouts, refunds (clawbacks), voids and a voided run", { timeout: 60_000 }, async () => {
    const one = await recordOrder(SHOP, 1);
    const two = await recordOrder(SHOP, 1);
    const three = await recordOrder(SHOP, 1);
    await recordOrder(OTHER_SHOP, 1);
    expect(await expectSummaryExact()).toEqual([
      expect.objectContaining({ shop: OTHER_SHOP, owingCount: 1, pendingMinor: 892n }),
      expect.objectContaining({ shop: SHOP, creatorId, owingCount: 3, pendingMinor: 2676n, approvedMinor: 0n }),
    ]);

    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [one.id, two.id], now: NOW });
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "hold", commissionIds: [three.id], reason: "Checking the order", now: NOW });
    expect((await expectSummaryExact()).find((row) => row.shop === SHOP)).toMatchObject({ approvedMinor: 1784n, approvedCount: 2, onHoldMinor: 892n, onHoldCount: 1, pendingMinor: 0n });

    // A manual payout pays both approved commissions; voiding it makes them owed again; paying again.
    const paid = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId, method: "other", requestKey: "summary-1", now: NOW });
    if (!paid.ok || paid.outcomes[0]?.outcome !== "created") throw new Error("expected a payout");
    expect((await expectSummaryExact()).find((row) => row.shop === SHOP)).toMatchObject({ approvedMinor: 0n, approvedCount: 0, onHoldMinor: 892n });
    expect(await voidPayout({ db, shop: SHOP, actor: STAFF, payoutId: paid.outcomes[0].payout.id, reason: "Sent to the wrong account", now: NOW })).toMatchObject({ ok: true });
    expect((await expectSummaryExact()).find((row) => row.shop === SHOP)).toMatchObject({ approvedMinor: 1784n, approvedCount: 2 });
    const repaid = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId, method: "other", requestKey: "summary-2", now: NOW });
    expect(repaid).toMatchObject({ ok: true, outcomes: [{ outcome: "created" }] });

    // A full refund of a paid order: a clawback the creator owes back.
    await refund(one.shopifyOrderId, "refunds-create-partial", 6);
    await refund(one.shopifyOrderId, "refunds-create-full", 7);
    const afterRefund = (await expectSummaryExact()).find((row) => row.shop === SHOP);
    expect(afterRefund).toMatchObject({ clawbackCount: 1, approvedMinor: 0n });
    expect(afterRefund!.clawbackMinor).toBeGreaterThan(0n);

    // Release the hold and approve: a payout run nets the clawback; approving it pays, voiding it makes all owed again.
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "release", commissionIds: [three.id], now: NOW });
    const four = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [three.id, four.id], now: NOW });
    const beforeRun = await expectSummaryExact();
    const planned = await planRun(db, SHOP, STAFF, "summary-run-1", NOW);
    if (!planned.ok) throw new Error(planned.message);
    expect(planned.run).toMatchObject({ itemCount: 1 });
    expect(await approveRun(db, SHOP, planned.run.id, OWNER, NOW)).toMatchObject({ ok: true, finished: true });
    expect((await expectSummaryExact()).filter((row) => row.shop === SHOP)).toEqual([]);
    expect(await voidRun(db, SHOP, planned.run.id, OWNER, "Paid by bank instead", NOW)).toMatchObject({ ok: true });
    expect(await expectSummaryExact()).toEqual(beforeRun);

    // Deleting commissions (a shop's data removed) takes their sums out too.
    await db.commission.deleteMany({ where: { shop: OTHER_SHOP } });
    expect((await expectSummaryExact()).filter((row) => row.shop === OTHER_SHOP)).toEqual([]);
  });
});
