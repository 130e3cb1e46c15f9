/**
 * The nightly risk scan on PostgreSQL, end to end: the loaders, the history rules (app/domain/fraud) and the flags
 * and holds (risk-flags.server.ts). A small shop with a velocity spike, a leaked code (real commissions, made through
 * recordOrderWebhook, held) and two creators paid to one PayPal account; re-runs, a second instance, a crashed
 * instance, the job's shop-local day.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import { createMigratedDatabase } from "../../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, seedFixtureOrderShop } from "../../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { readNightlyScanKey, runDueRiskScans } from "./run-due-risk-scans.server";
import { runRiskScan } from "./run-risk-scan.server";
import { loadRiskScanStatus, startManualRiskScan } from "./start-manual-risk-scan.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "risk-scan.myshopify.com";
const OTHER_SHOP = "risk-scan-other.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00.000Z");
const DAY = 86_400_000;

let db: Database;
let sequence = 0;
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_500_000_000_001 });
const ids = { amelia: "", vic: "", pat: "", sam: "", sue: "", otherAmelia: "" };

async function createCreator(shop: string, handle: string): Promise<string> {
  const creator = await db.creator.create({
    data: { shop, handle, name: handle[0]?.toUpperCase() + handle.slice(1), email: `${handle}@gmail.com`, refToken: `ref-${handle}-${shop.length}`, status: "approved", approvedAt: new Date(NOW.getTime() - 300 * DAY) },
  });
  return creator.id;
}

/** Orders written as the order pipeline stores them (risk columns included), without commissions. */
async function createOrders(shop: string, creatorId: string, placedAt: readonly Date[]) {
  await db.attributedOrder.createMany({
    data: placedAt.map((at) => {
      sequence += 1;
      return {
        shop, shopifyOrderId: `gid://shopify/Order/${sequence}`, shopifyOrderLegacyId: String(sequence), name: `#${sequence}`, orderCreatedAt: at,
        currency: "USD", presentmentCurrency: "USD", baseMinor: 5_000n, presentmentBaseMinor: 5_000n, test: false, attribution: {}, creatorId,
        status: "attributed" as const, sourceWebhookEventId: `wh-${sequence}`, recordedAt: at, creditedSignal: "link", creatorTouched: true, customerEmailKey: `customer-${sequence}`,
      };
    }),
  });
}

async function openFlags(shop = SHOP) {
  const flags = await db.riskFlag.findMany({ where: { shop, status: "open" }, orderBy: [{ creatorId: "asc" }, { rule: "asc" }] });
  return flags.map((flag) => ({ creatorId: flag.creatorId, rule: flag.rule, action: flag.action, occurrences: flag.occurrences, id: flag.id }));
}

/** Every ledger row of the shop: a hold (or any other money movement) adds one. */
async function ledgerRows() {
  return db.ledgerEntry.count({ where: { shop: SHOP } });
}

describe.skipIf(postgresUrl === null)("risk scan (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_scan");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    ids.amelia = (await seedFixtureOrderShop(db, SHOP)).id;
    ids.otherAmelia = (await seedFixtureOrderShop(db, OTHER_SHOP)).id;
    ids.vic = await createCreator(SHOP, "vic");
    ids.pat = await createCreator(SHOP, "pat");
    ids.sam = await createCreator(SHOP, "sam");
    ids.sue = await createCreator(SHOP, "sue");

    // Leaked code: 24 orders with AMELIA15 in the last 24 days (the default needs 20), none with a link or click of Amelia, 24 customers.
    for (let daysAgo = 1; daysAgo <= 24; daysAgo++) {
      const commission = await recordOrder(SHOP, daysAgo);
      await db.attributedOrder.updateMany({
        where: { shop: SHOP, shopifyOrderId: commission.shopifyOrderId },
        data: { creditedSignal: "code", creditedCode: "AMELIA15", creatorTouched: false, customerEmailKey: `leak-customer-${daysAgo}` },
      });
    }
    // The same orders in another shop: never read or flagged by this shop's scan.
    for (let daysAgo = 1; daysAgo <= 24; daysAgo++) {
      const commission = await recordOrder(OTHER_SHOP, daysAgo);
      await db.attributedOrder.updateMany({
        where: { shop: OTHER_SHOP, shopifyOrderId: commission.shopifyOrderId },
        data: { creditedSignal: "code", creditedCode: "AMELIA15", creatorTouched: false, customerEmailKey: `leak-customer-${daysAgo}` },
      });
    }
    // Velocity: one order a day for 60 days, then 25 yesterday.
    const usual = Array.from({ length: 60 }, (_, index) => new Date(NOW.getTime() - (index + 4) * DAY));
    const spike = Array.from({ length: 25 }, (_, index) => new Date(NOW.getTime() - DAY - index * 60_000));
    await createOrders(SHOP, ids.vic, [...usual, ...spike]);
    // The rest of the program: Sue's steady 30 orders a day, so Vic's day is his own spike, not a shop-wide sale.
    await createOrders(SHOP, ids.sue, Array.from({ length: 30 * 64 }, (_, index) => new Date(NOW.getTime() - (Math.floor(index / 30) + 1) * DAY + (index % 30) * 60_000)));
    // Duplicate identity: Pat and Sam are paid to the same PayPal account.
    await db.creatorPayoutProfile.createMany({
      data: [
        { shop: SHOP, creatorId: ids.pat, method: "paypal", paypalEmail: "pay@northwind.io", destinationKey: "dest-shared" },
        { shop: SHOP, creatorId: ids.sam, method: "paypal", paypalEmail: "pay@northwind.io", destinationKey: "dest-shared" },
      ],
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("flags the velocity spike, the leaked code (its commissions held) and both creators sharing a payout account; progress and summary recorded", async () => {
    const progress: number[] = [];
    const result = await runRiskScan(db, { shop: SHOP, scanKey: "2026-12-07", now: NOW, batchSize: 1, onProgress: (step) => progress.push(step.creatorsDone) });
    expect(result).toMatchObject({ outcome: "ran", creatorsTotal: 5, flagsRaised: 4 });
    expect(progress).toEqual([0, 1, 2, 3, 4, 5]);

    const flags = await openFlags();
    expect(flags.map(({ creatorId, rule, action }) => ({ creatorId, rule, action })).sort((a, b) => `${a.creatorId}${a.rule}`.localeCompare(`${b.creatorId}${b.rule}`))).toEqual(
      [
        { creatorId: ids.amelia, rule: "leaked_code", action: "hold" },
        { creatorId: ids.vic, rule: "velocity", action: "flag" },
        { creatorId: ids.pat, rule: "duplicate_identity", action: "flag" },
        { creatorId: ids.sam, rule: "duplicate_identity", action: "flag" },
      ].sort((a, b) => `${a.creatorId}${a.rule}`.localeCompare(`${b.creatorId}${b.rule}`)),
    );
    // Each verdict landed once, although Pat's and Sam's link was seen from both of their batches.
    expect(flags.every((flag) => flag.occurrences === 1)).toBe(true);
    expect(await db.commission.count({ where: { shop: SHOP, creatorId: ids.amelia, status: "on_hold" } })).toBe(24);
    expect(await db.riskFlag.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    expect(await db.commission.count({ where: { shop: OTHER_SHOP, status: "on_hold" } })).toBe(0);

    const scan = await db.riskScan.findUniqueOrThrow({ where: { shop_scanKey: { shop: SHOP, scanKey: "2026-12-07" } } });
    expect(scan).toMatchObject({ creatorsDone: 5, creatorsTotal: 5, flagsRaised: 4, error: null, leaseUntil: null, leaseOwner: null });
    expect(scan.finishedAt).not.toBeNull();
    expect(scan.summary).toMatchObject({
      leaked_code: { flagged: 1, ms: expect.any(Number) },
      velocity: { flagged: 1, ms: expect.any(Number) },
      duplicate_identity: { flagged: 2, ms: expect.any(Number) },
      click_spam: { flagged: 0 },
      refund_abuse: { flagged: 0 },
    });
  });

  it("the same scan key again is a no-op: nothing refreshed, nothing held again", async () => {
    const before = await openFlags();
    const rows = await ledgerRows();
    expect(await runRiskScan(db, { shop: SHOP, scanKey: "2026-12-07", now: NOW })).toMatchObject({ outcome: "finished" });
    expect(await openFlags()).toEqual(before);
    expect(await ledgerRows()).toBe(rows);
  });

  it("the next day's scan over unchanged data adds no flag and no hold: the same open flags are refreshed", async () => {
    const before = await openFlags();
    const rows = await ledgerRows();
    const result = await runRiskScan(db, { shop: SHOP, scanKey: "2026-12-08", now: new Date(NOW.getTime() + DAY) });
    expect(result).toMatchObject({ outcome: "ran", flagsRaised: 4 });
    const after = await openFlags();
    expect(after.map(({ id }) => id)).toEqual(before.map(({ id }) => id));
    expect(after.map(({ occurrences }) => occurrences)).toEqual(before.map(({ occurrences }) => occurrences + 1));
    expect(await ledgerRows()).toBe(rows);
    expect(await db.riskFlag.count({ where: { shop: SHOP } })).toBe(4);
  });

  it("two instances racing for one scan key: one runs it, the other finds it running or done", async () => {
    const before = await openFlags();
    // The same data day as the scan before (the spike stays in the velocity window); another key.
    const now = new Date(NOW.getTime() + DAY + 3_600_000);
    const results = await Promise.all([
      runRiskScan(db, { shop: SHOP, scanKey: "2026-12-09", now }),
      runRiskScan(db, { shop: SHOP, scanKey: "2026-12-09", now }),
    ]);
    expect(results.filter((result) => result.outcome === "ran")).toHaveLength(1);
    expect(results.filter((result) => result.outcome === "running" || result.outcome === "finished")).toHaveLength(1);
    expect((await openFlags()).map(({ occurrences }) => occurrences)).toEqual(before.map(({ occurrences }) => occurrences + 1));
    expect(await db.riskScan.count({ where: { shop: SHOP, scanKey: "2026-12-09" } })).toBe(1);
  });

  it("a crashed instance's scan is taken over once its lease has run out (resuming after its last batch); a live lease is left alone", async () => {
    const clock = () => new Date();
    const crashed = await db.riskScan.create({
      data: { shop: SHOP, scanKey: "2026-12-10", startedAt: NOW, creatorsTotal: 5, creatorsDone: 2, leaseOwner: "crashed-instance", leaseUntil: new Date(Date.now() - 60_000) },
    });
    const progress: number[] = [];
    const result = await runRiskScan(db, { shop: SHOP, scanKey: "2026-12-10", now: new Date(NOW.getTime() + 3 * DAY), batchSize: 1, clock, onProgress: (step) => progress.push(step.creatorsDone) });
    expect(result).toMatchObject({ outcome: "ran", scanId: crashed.id });
    expect(progress).toEqual([2, 3, 4, 5]);
    expect(await db.riskScan.findUniqueOrThrow({ where: { id: crashed.id } })).toMatchObject({ creatorsDone: 5, leaseOwner: null });

    const live = await db.riskScan.create({
      data: { shop: SHOP, scanKey: "2026-12-11", startedAt: NOW, leaseOwner: "live-instance", leaseUntil: new Date(Date.now() + 60_000) },
    });
    expect(await runRiskScan(db, { shop: SHOP, scanKey: "2026-12-11", now: new Date(NOW.getTime() + 4 * DAY) })).toEqual({ outcome: "running", scanId: live.id });
    // While it runs, no other scan of the shop starts either.
    expect(await runRiskScan(db, { shop: SHOP, scanKey: "2026-12-12", now: new Date(NOW.getTime() + 5 * DAY) })).toEqual({ outcome: "busy", scanId: live.id });
    await db.riskScan.update({ where: { id: live.id }, data: { leaseUntil: null, leaseOwner: null, finishedAt: NOW } });
  });

  it("Scan now: recorded with who asked, a second click returns the same scan, the job runs it; the status shows progress", async () => {
    const clicked = new Date("2026-12-13T10:55:00.000Z");
    const started = await startManualRiskScan(db, { shop: SHOP, actor: "staff:7", now: clicked });
    expect(started).toMatchObject({ scanKey: expect.stringMatching(/^manual:/), alreadyRunning: false });
    expect(await startManualRiskScan(db, { shop: SHOP, actor: "staff:7", now: clicked })).toEqual({ ...started, alreadyRunning: true });
    expect(await loadRiskScanStatus(db, SHOP)).toMatchObject({ scanId: started.scanId, state: "waiting", manual: true, startedBy: "staff:7" });

    // 11:00 UTC is 06:00 in New York (OTHER_SHOP is UTC: 11:00): both shops' days are due, then the waiting manual scan.
    const results = await runDueRiskScans(db, { now: new Date("2026-12-13T11:00:00.000Z"), localHour: 3 });
    expect(results.map(({ shop, scanKey, outcome }) => ({ shop, scanKey, outcome }))).toEqual([
      { shop: OTHER_SHOP, scanKey: "2026-12-13", outcome: "ran" },
      { shop: SHOP, scanKey: "2026-12-13", outcome: "ran" },
      { shop: SHOP, scanKey: started.scanKey, outcome: "ran" },
    ]);
    // The status line shows the latest scan: the nightly one started after the click.
    const latest = await loadRiskScanStatus(db, SHOP);
    expect(latest).toMatchObject({ scanKey: "2026-12-13", state: "finished", creatorsDone: 5, creatorsTotal: 5, manual: false });
    expect(await db.riskScan.findUniqueOrThrow({ where: { id: started.scanId } })).toMatchObject({ creatorsDone: 5, creatorsTotal: 5, error: null, startedBy: "staff:7" });
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "risk_scan_started", actor: "staff:7" } })).toBe(1);
  });

  it("the nightly scan key is the shop's own day, from 03:00 shop time: 23:30 UTC is the next day in Tokyo and still today in New York", () => {
    const lateEvening = new Date("2026-12-07T23:30:00.000Z");
    expect(readNightlyScanKey(lateEvening, "Asia/Tokyo", 3)).toBe("2026-12-08");
    expect(readNightlyScanKey(lateEvening, "America/New_York", 3)).toBe("2026-12-07");
    // 17:30 UTC is 02:30 in Tokyo: not yet.
    expect(readNightlyScanKey(new Date("2026-12-07T17:30:00.000Z"), "Asia/Tokyo", 3)).toBeNull();
    expect(readNightlyScanKey(new Date("2026-12-07T18:00:00.000Z"), "Asia/Tokyo", 3)).toBe("2026-12-08");
  });
});
