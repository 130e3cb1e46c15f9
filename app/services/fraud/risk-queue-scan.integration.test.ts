/**
 * "Scan now" from the Risk queue on PostgreSQL, through the action's service: the form is checked, the manual scan is
 * recorded with who asked and started at once, a second click while it is open starts nothing new, and the status
 * line follows the scan to its end. (Uses the risk scan's startManualRiskScan / runRiskScan / loadRiskScanStatus.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { seedFixtureOrderShop } from "../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { requestRiskScan } from "./risk-queue-scan.server";
import { describeRiskScan } from "./risk-queue.server";
import { runRiskScan } from "./risk-scan/run-risk-scan.server";
import { loadRiskScanStatus } from "./risk-scan/start-manual-risk-scan.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "risk-scan-now.myshopify.com";
const OTHER_SHOP = "risk-scan-now-other.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00.000Z");
let db: Database;

describe.skipIf(postgresUrl === null)("Scan now (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_scan_now");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    await seedFixtureOrderShop(db, SHOP);
    await seedFixtureOrderShop(db, OTHER_SHOP);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("refuses a form without the scan intent; starts one scan, says so on a second click, and the status follows it to the end", async () => {
    expect(await requestRiskScan(db, { shop: SHOP, actor: "staff:5", form: {}, now: NOW })).toMatchObject({ status: 400, body: { ok: false } });
    expect(describeRiskScan(await loadRiskScanStatus(db, SHOP, NOW), "UTC").state).toBe("never");

    const runs: Promise<unknown>[] = [];
    const runNow = (scanKey: string) => {
      const run = runRiskScan(db, { shop: SHOP, scanKey, now: NOW });
      runs.push(run);
      return run;
    };
    const first = await requestRiskScan(db, { shop: SHOP, actor: "staff:5", form: { intent: "scan" }, now: NOW, runNow: () => new Promise(() => undefined) });
    expect(first).toEqual({ status: 202, body: { ok: true, message: "Scan started: every creator's history is being checked. New flags appear here as it goes." } });
    const scan = await db.riskScan.findFirstOrThrow({ where: { shop: SHOP } });
    expect(scan).toMatchObject({ scanKey: expect.stringMatching(/^manual:/) as unknown, startedBy: "staff:5", finishedAt: null });
    expect(describeRiskScan(await loadRiskScanStatus(db, SHOP, NOW), "UTC")).toMatchObject({ state: "waiting", manual: true });

    const again = await requestRiskScan(db, { shop: SHOP, actor: "staff:6", form: { intent: "scan" }, now: NOW, runNow });
    expect(again).toEqual({ status: 200, body: { ok: true, message: "A risk scan is already under way or waiting; its progress is shown on this page." } });
    expect(runs).toHaveLength(0);
    expect(await db.riskScan.count({ where: { shop: SHOP } })).toBe(1);

    // The waiting scan runs (what the background start does), and the page's status line says it finished.
    await runNow(scan.scanKey);
    await Promise.all(runs);
    expect(describeRiskScan(await loadRiskScanStatus(db, SHOP, NOW), "UTC")).toMatchObject({ state: "finished", manual: true, creatorsTotal: 1 });
    expect(await db.riskScan.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });
});
