/**
 * Payout runs on a real PostgreSQL database: plan, approve, void and the schedule. Commissions are made the real way
 * (real-shaped orders/paid payloads through recordOrderWebhook, then approved, held or reversed by the services);
 * some are then moved to other creators of the shop so one run has several creators.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import { createMigratedDatabase } from "../../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, readLedgerRows, seedFixtureOrderShop } from "../../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { changeCommissionStatuses, reverseCommission } from "../../orders-commissions/change-commission-status.server";
import { createPayout } from "../create-payout.server";
import { listCreatorsOwed } from "../list-creators-owed.server";
import { approveRun, continueRunApproval } from "./approve-payout-run.server";
import { planRun } from "./plan-payout-run.server";
import { runPayoutSchedule } from "./run-payout-schedule.server";
import { voidRun } from "./void-payout-run.server";

const postgresUrl = inject("postgresUrl");
// 2026-12-07 is a Monday.
const NOW = new Date("2026-12-07T15:00:00.000Z");
const OWNER = "9001";
const APPROVER = "9002";
const CLERK = "9003";

let db: Database;
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_300_000_000_001 });

/** A shop with Amelia (approved, PayPal) and staff: an owner, an approver and a clerk who may not approve. */
async function seedShop(shop: string) {
  const amelia = await seedFixtureOrderShop(db, shop);
  await db.creatorPayoutProfile.create({ data: { shop, creatorId: amelia.id, method: "paypal", paypalEmail: "amelia.pay@example.com" } });
  const seen = { firstSeenAt: NOW, lastSeenAt: NOW };
  await db.staffMember.createMany({
    data: [
      { shop, userId: OWNER, isOwner: true, ...seen },
      { shop, userId: APPROVER, canApprovePayouts: true, ...seen },
      { shop, userId: CLERK, ...seen },
    ],
  });
  return amelia;
}

async function addCreator(shop: string, handle: string, data: { status?: "approved" | "paused"; statusReason?: string; paypalEmail?: string | null } = {}) {
  const creator = await db.creator.create({
    data: { shop, handle, name: handle[0]!.toUpperCase() + handle.slice(1), email: `${handle}@example.com`, refToken: `r_${handle}_${shop}`, status: data.status ?? "approved", statusReason: data.statusReason ?? null },
  });
  if (data.paypalEmail !== null) await db.creatorPayoutProfile.create({ data: { shop, creatorId: creator.id, method: "paypal", paypalEmail: data.paypalEmail ?? `${handle}.pay@example.com` } });
  return creator;
}

/** An approved $8.92 commission for `creatorId` (recorded for Amelia's code, then moved to the creator). */
async function approvedCommission(shop: string, creatorId: string) {
  const commission = await recordOrder(shop, 40);
  await db.commission.update({ where: { id: commission.id }, data: { creatorId } });
  await changeCommissionStatuses({ db, shop, actor: "staff:setup", action: "approve", commissionIds: [commission.id], now: NOW });
  return commission;
}

async function itemsOf(shop: string, runId: string) {
  const items = await db.payoutRunItem.findMany({ where: { shop, runId }, orderBy: { creatorId: "asc" } });
  return new Map(items.map((item) => [item.creatorId, item]));
}

describe.skipIf(postgresUrl === null)("payout runs (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "payout_runs");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("plans per creator: clawbacks deducted, held and paused creators left out with reasons; a double click plans one run", async () => {
    const shop = "runs-plan.myshopify.com";
    const amelia = await seedShop(shop);
    const held = await addCreator(shop, "hana");
    const paused = await addCreator(shop, "paulo", { status: "paused", statusReason: "Brand review" });
    const noEmail = await addCreator(shop, "nina", { paypalEmail: null });

    // Amelia: paid $8.92 by hand, then $5.00 of it reversed (a clawback); two new approved commissions ($17.84).
    const first = await approvedCommission(shop, amelia.id);
    await createPayout({ db, shop, actor: "staff:setup", creatorId: amelia.id, method: "paypal", requestKey: "manual-1", now: NOW });
    await reverseCommission({ db, shop, commissionId: first.id, amount: { amountMinor: 500n, currency: "USD" }, reason: "Returned late", actor: "staff:setup", eventKey: "claw-1", now: NOW });
    await approvedCommission(shop, amelia.id);
    await approvedCommission(shop, amelia.id);
    // Hana: one commission, on hold.
    const onHold = await approvedCommission(shop, held.id);
    await changeCommissionStatuses({ db, shop, actor: "staff:setup", action: "hold", commissionIds: [onHold.id], reason: "Chargeback opened", now: NOW });
    await approvedCommission(shop, paused.id);
    await approvedCommission(shop, noEmail.id);

    const [a, b] = await Promise.all([planRun(db, shop, `staff:${OWNER}`, "plan-form-0001", NOW), planRun(db, shop, `staff:${OWNER}`, "plan-form-0001", NOW)]);
    if (!a.ok || !b.ok) throw new Error("expected runs");
    expect(a.run.id).toBe(b.run.id);
    expect([a.outcome, b.outcome].sort()).toEqual(["already_planned", "created"]);
    expect(await db.payoutRun.count({ where: { shop } })).toBe(1);
    expect(a.run).toMatchObject({ status: "planned", currency: "USD", totalMinor: 1284n, itemCount: 1, excludedCount: 3, trigger: "manual", plannedBy: `staff:${OWNER}` });

    const items = await itemsOf(shop, a.run.id);
    expect(items.get(amelia.id)).toMatchObject({
      status: "planned", method: "paypal", amountMinor: 1284n, clawbackMinor: 500n, commissionCount: 3, destination: { paypalEmail: "amelia.pay@example.com" },
    });
    expect(items.get(amelia.id)?.senderItemId).toBe(`AFF-${items.get(amelia.id)?.id ?? ""}`);
    expect(items.get(held.id)).toMatchObject({ status: "excluded", amountMinor: 0n });
    expect(items.get(held.id)?.excludedReason).toMatch(/^\$8\.92 is on hold \(1 commission\)/);
    expect(items.get(paused.id)?.excludedReason).toMatch(/^Paulo is paused \(Brand review\)/);
    expect(items.get(noEmail.id)?.excludedReason).toMatch(/^Nina has not chosen a payout method/);
    // Planning pays nothing.
    expect(await db.payout.count({ where: { shop, runItemId: { not: null } } })).toBe(0);
  });

  it("approval: refused (403) for staff without the permission, changing nothing; two approvals at once make one set of payouts", async () => {
    const shop = "runs-approve.myshopify.com";
    const amelia = await seedShop(shop);
    const bo = await addCreator(shop, "bo");
    const one = await approvedCommission(shop, amelia.id);
    const two = await approvedCommission(shop, bo.id);
    const planned = await planRun(db, shop, `staff:${OWNER}`, "plan-form-0002", NOW);
    if (!planned.ok) throw new Error("expected a run");

    const refused = await approveRun(db, shop, planned.run.id, CLERK, NOW);
    expect(refused).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/Ask the owner to turn on “Can approve payouts”/) as unknown });
    expect(await approveRun(db, shop, planned.run.id, "not-staff", NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await db.payoutRun.findUniqueOrThrow({ where: { id: planned.run.id } })).toMatchObject({ status: "planned", approvedBy: null, version: planned.run.version });
    expect(await db.payout.count({ where: { shop } })).toBe(0);
    expect(await db.commission.findUniqueOrThrow({ where: { id: one.id } })).toMatchObject({ status: "approved" });

    const APPROVED_AT = new Date(NOW.getTime() + 60_000);
    const results = await Promise.all([approveRun(db, shop, planned.run.id, APPROVER, APPROVED_AT), approveRun(db, shop, planned.run.id, OWNER, APPROVED_AT)]);
    expect(results.map((result) => result.ok).sort()).toEqual([false, true]);
    expect(results.find((result) => !result.ok)).toMatchObject({ status: 409 });

    const run = await db.payoutRun.findUniqueOrThrow({ where: { id: planned.run.id } });
    expect(run).toMatchObject({ status: "approved", totalMinor: 1784n, itemCount: 2, approvedAt: APPROVED_AT });
    expect([`staff:${APPROVER}`, `staff:${OWNER}`]).toContain(run.approvedBy);
    const payouts = await db.payout.findMany({ where: { shop }, orderBy: { creatorId: "asc" } });
    expect(payouts).toHaveLength(2);
    const items = await itemsOf(shop, run.id);
    for (const payout of payouts) {
      const item = items.get(payout.creatorId);
      expect(payout).toMatchObject({ method: "paypal", amountMinor: 892n, runItemId: item?.id, createdBy: run.approvedBy, commissionCount: 1 });
      expect(item).toMatchObject({ status: "approved", payoutId: payout.id });
    }
    expect(await readLedgerRows(db, one.id)).toEqual([
      ["accrual", 892n, "pending", "webhook"],
      ["approval", 0n, "approved", "staff:setup"],
      ["payout", 892n, "paid", run.approvedBy],
    ]);
    expect(await db.commission.findUniqueOrThrow({ where: { id: two.id } })).toMatchObject({ status: "paid", paidMinor: 892n });
    const audits = await db.auditEvent.findMany({ where: { shop, subjectType: "payout_run", subjectId: run.id, action: "payout_run.approved" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: run.approvedBy, details: { approvedAt: APPROVED_AT.toISOString(), creatorsPaid: 2 } });

    // The commissions are no longer owed: not in the list, not in a manual payout, not in another run.
    expect((await listCreatorsOwed(db, shop)).creators).toEqual([]);
    expect(await createPayout({ db, shop, actor: `staff:${OWNER}`, creatorId: amelia.id, method: "other", requestKey: "manual-after", now: NOW }))
      .toMatchObject({ ok: true, outcomes: [{ outcome: "not_payable" }] });
    const again = await planRun(db, shop, `staff:${OWNER}`, "plan-form-0003", NOW);
    expect(again).toMatchObject({ ok: true, run: { itemCount: 0, totalMinor: 0n } });
    expect(await approveRun(db, shop, planned.run.id, OWNER, NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it("approval re-checks each creator under locks: a refund since the plan lowers the amount, a pause since the plan leaves them out", async () => {
    const shop = "runs-recheck.myshopify.com";
    const amelia = await seedShop(shop);
    const cleo = await addCreator(shop, "cleo");
    const a1 = await approvedCommission(shop, amelia.id);
    await approvedCommission(shop, amelia.id);
    await approvedCommission(shop, cleo.id);
    const planned = await planRun(db, shop, `staff:${OWNER}`, "plan-form-0004", NOW);
    if (!planned.ok) throw new Error("expected a run");
    expect(planned.run.totalMinor).toBe(2676n);

    await reverseCommission({ db, shop, commissionId: a1.id, amount: { amountMinor: 300n, currency: "USD" }, reason: "Partial refund", actor: "staff:setup", eventKey: "rev-1", now: NOW });
    await db.creator.update({ where: { id: cleo.id }, data: { status: "paused", statusReason: "Fraud review" } });
    // More approved for Amelia after the preview: never paid more than previewed.
    await approvedCommission(shop, amelia.id);

    const approved = await approveRun(db, shop, planned.run.id, OWNER, NOW);
    expect(approved).toMatchObject({ ok: true, finished: true, run: { status: "approved" } });
    const items = await itemsOf(shop, planned.run.id);
    const ameliaItem = items.get(amelia.id);
    expect(ameliaItem?.status).toBe("approved");
    // Owed now: $5.92 + $8.92 + $8.92 = $23.76; previewed $17.84: the oldest that fit under the preview are paid.
    expect(ameliaItem?.amountMinor).toBeLessThanOrEqual(1784n);
    expect(ameliaItem?.amountMinor).toBeGreaterThanOrEqual(1484n);
    expect(await db.auditEvent.findFirst({ where: { shop, action: "payout_run_item.adjusted" } })).toMatchObject({ reason: expect.stringMatching(/More was approved since the plan \(\$23\.76 owed now\)/) as unknown });
    expect(items.get(cleo.id)).toMatchObject({ status: "voided", payoutId: null });
    expect(items.get(cleo.id)?.excludedReason).toMatch(/^Left out at approval: Cleo is paused \(Fraud review\)/);
    const payout = await db.payout.findFirstOrThrow({ where: { shop, runItemId: ameliaItem?.id } });
    expect(payout.amountMinor).toBe(ameliaItem?.amountMinor);
    // Ledger matches the payout exactly.
    const rows = await db.ledgerEntry.aggregate({ where: { shop, payoutId: payout.id }, _sum: { amountMinor: true } });
    expect(rows._sum.amountMinor).toBe(payout.amountMinor);
    expect(approved.ok && approved.run.totalMinor).toBe(ameliaItem?.amountMinor);
  });

  it("void: reason and permission required; voiding an approved run voids its payouts and the commissions are owed again", async () => {
    const shop = "runs-void.myshopify.com";
    const amelia = await seedShop(shop);
    const one = await approvedCommission(shop, amelia.id);
    const planned = await planRun(db, shop, `staff:${OWNER}`, "plan-form-0005", NOW);
    if (!planned.ok) throw new Error("expected a run");
    // Approved in two steps (one creator per call) to show a large run finishing later.
    expect(await approveRun(db, shop, planned.run.id, APPROVER, NOW, { maxCreators: 0 })).toMatchObject({ ok: true, finished: false, remaining: 1 });
    expect(await voidRun(db, shop, planned.run.id, OWNER, "Wrong amounts", NOW)).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/being approved/) as unknown });
    expect(await continueRunApproval(db, shop, planned.run.id, NOW)).toMatchObject({ ok: true, finished: true });

    expect(await voidRun(db, shop, planned.run.id, OWNER, "  ", NOW)).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/reason/) as unknown });
    expect(await voidRun(db, shop, planned.run.id, CLERK, "Wrong amounts", NOW)).toMatchObject({ ok: false, status: 403 });
    // The owner of another shop can neither see nor void it.
    await seedShop("runs-void-other.myshopify.com");
    expect(await voidRun(db, "runs-void-other.myshopify.com", planned.run.id, OWNER, "Wrong amounts", NOW)).toMatchObject({ ok: false, status: 404 });
    expect(await approveRun(db, "runs-void-other.myshopify.com", planned.run.id, OWNER, NOW)).toMatchObject({ ok: false, status: 404 });
    expect(await db.commission.findUniqueOrThrow({ where: { id: one.id } })).toMatchObject({ status: "paid" });

    const voided = await voidRun(db, shop, planned.run.id, OWNER, "Wrong amounts", NOW);
    expect(voided).toMatchObject({ ok: true, payoutsVoided: 1, run: { status: "voided", voidedBy: `staff:${OWNER}`, voidReason: "Wrong amounts" } });
    expect(await db.payoutRunItem.findMany({ where: { shop, runId: planned.run.id }, select: { status: true } })).toEqual([{ status: "voided" }]);
    expect(await db.payout.findFirstOrThrow({ where: { shop } })).toMatchObject({ voidedBy: `staff:${OWNER}`, voidReason: "Payout run voided: Wrong amounts" });
    expect(await db.commission.findUniqueOrThrow({ where: { id: one.id } })).toMatchObject({ status: "approved", paidMinor: 0n });
    expect((await listCreatorsOwed(db, shop)).creators.map((creator) => [creator.creatorId, creator.plan.total.amountMinor])).toEqual([[amelia.id, 892n]]);
    expect(await voidRun(db, shop, planned.run.id, OWNER, "Again", NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it("schedule: one run per slot in the shop's time zone, auto-approved below the shop's amount with the rule recorded", async () => {
    const shop = "runs-schedule.myshopify.com";
    const amelia = await seedShop(shop);
    await db.shop.update({ where: { shop }, data: { ianaTimezone: "Asia/Tokyo" } });
    await db.payoutSettings.create({ data: { shop, schedule: "weekly", scheduleWeekday: 2, autoApproveBelowMinor: 1000n } });
    await approvedCommission(shop, amelia.id);

    // 15:00 UTC Monday is Tuesday 00:00 in Tokyo: Tuesday's slot is due there.
    const [first, second] = [await runPayoutSchedule(db, NOW, { shop }), await runPayoutSchedule(db, new Date(NOW.getTime() + 300_000), { shop })];
    expect(first).toEqual([{ shop, slot: "weekly:2026-12-08", runId: expect.any(String) as unknown, outcome: "auto_approved" }]);
    expect(second).toEqual([]);
    const runs = await db.payoutRun.findMany({ where: { shop } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: "approved", trigger: "schedule", scheduleKey: "weekly:2026-12-08", plannedBy: "system:schedule",
      approvedBy: "system:auto-approve", approvalRule: "auto-approve below $10.00 (Settings › Payouts)", totalMinor: 892n,
    });
    expect(await db.auditEvent.findFirst({ where: { shop, action: "payout_run.approved" } })).toMatchObject({ actor: "system:auto-approve", reason: "auto-approve below $10.00 (Settings › Payouts)" });
    expect(await db.payout.count({ where: { shop, runItemId: { not: null } } })).toBe(1);

    // Not due on another day; next week's slot with more owed than the amount stays planned for a person.
    expect(await runPayoutSchedule(db, new Date("2026-12-10T03:00:00Z"), { shop })).toEqual([]);
    await approvedCommission(shop, amelia.id);
    await approvedCommission(shop, amelia.id);
    const nextWeek = await runPayoutSchedule(db, new Date("2026-12-14T15:30:00Z"), { shop });
    expect(nextWeek).toMatchObject([{ slot: "weekly:2026-12-15", outcome: "planned" }]);
    expect(await db.payoutRun.findFirstOrThrow({ where: { shop, scheduleKey: "weekly:2026-12-15" } })).toMatchObject({ status: "planned", approvedBy: null, totalMinor: 1784n });

    // A slot with nobody to pay (the planned run is approved first) is voided at once with the reason.
    const planned = await db.payoutRun.findFirstOrThrow({ where: { shop, scheduleKey: "weekly:2026-12-15" } });
    expect(await approveRun(db, shop, planned.id, APPROVER, NOW)).toMatchObject({ ok: true, finished: true });
    const empty = await runPayoutSchedule(db, new Date("2026-12-21T15:30:00Z"), { shop });
    expect(empty).toMatchObject([{ slot: "weekly:2026-12-22", outcome: "voided_empty" }]);
    expect(await db.payoutRun.findFirstOrThrow({ where: { shop, scheduleKey: "weekly:2026-12-22" } })).toMatchObject({
      status: "voided", voidedBy: "system:schedule", voidReason: "Nobody could be paid in the weekly:2026-12-22 slot; see each creator's reason.",
    });
  });

  it("after a crash the scheduler finishes what was interrupted: an approval claimed but not done, a void whose payouts were not voided", async () => {
    const shop = "runs-resume.myshopify.com";
    const amelia = await seedShop(shop);
    const dana = await addCreator(shop, "dana");
    await approvedCommission(shop, amelia.id);
    const danaCommission = await approvedCommission(shop, dana.id);
    const planned = await planRun(db, shop, `staff:${OWNER}`, "plan-form-0006", NOW);
    if (!planned.ok) throw new Error("expected a run");

    // Claimed, then the process died before any creator was processed.
    expect(await approveRun(db, shop, planned.run.id, OWNER, NOW, { maxCreators: 0 })).toMatchObject({ ok: true, finished: false, remaining: 2 });
    expect(await runPayoutSchedule(db, NOW, { shop })).toEqual([]);
    expect(await db.payoutRun.findUniqueOrThrow({ where: { id: planned.run.id } })).toMatchObject({ status: "approved", itemCount: 2, approvedBy: `staff:${OWNER}` });
    expect(await db.payout.count({ where: { shop, runItemId: { not: null } } })).toBe(2);

    // Voided, then the process died before the payouts were voided (the run moved, its items did not).
    await db.payoutRun.update({ where: { id: planned.run.id }, data: { status: "voided", voidedAt: NOW, voidedBy: `staff:${OWNER}`, voidReason: "Crash test" } });
    await runPayoutSchedule(db, NOW, { shop });
    expect(await db.payoutRunItem.findMany({ where: { shop, runId: planned.run.id }, select: { status: true } })).toEqual([{ status: "voided" }, { status: "voided" }]);
    expect(await db.payout.count({ where: { shop, voidedAt: null } })).toBe(0);
    expect(await db.commission.findUniqueOrThrow({ where: { id: danaCommission.id } })).toMatchObject({ status: "approved", paidMinor: 0n });
    // Resuming again changes nothing.
    await runPayoutSchedule(db, NOW, { shop });
    expect(await db.ledgerEntry.count({ where: { shop, commissionId: danaCommission.id, kind: "payout" } })).toBe(2);
  });
});
