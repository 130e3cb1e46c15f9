/**
 * One pass of the risk scan job: every installed shop's nightly scan once its shop-local day has reached
 * `localHour` (scan key = that day, so a shop is scanned once per day whatever the number of passes or instances),
 * then any scan that is waiting (a "Scan now" nobody ran yet, a scan whose instance crashed or stopped).
 */
import type { Database } from "../../../db.server";
import { readLocalDateTime, toLocalDay } from "../../../domain/reporting/to-local-day";
import { runRiskScan, type RiskScanResult } from "./run-risk-scan.server";

export type DueRiskScansOptions = {
  now: Date;
  /** The shop-local hour from which the day's scan runs (RISK_SCAN_LOCAL_HOUR). */
  localHour: number;
  shouldStop?: () => boolean;
};

/** The nightly scan key of a shop at `now`: its local day once the local hour has come, else null (not yet). */
export function readNightlyScanKey(now: Date, timeZone: string, localHour: number): string | null {
  return readLocalDateTime(now, timeZone).hour >= localHour ? toLocalDay(now, timeZone) : null;
}

export type DueRiskScanResult = (RiskScanResult & { readonly shop: string; readonly scanKey: string }) | { readonly outcome: "failed"; readonly shop: string; readonly scanKey: string; readonly error: string };

export async function runDueRiskScans(db: Database, options: DueRiskScansOptions): Promise<DueRiskScanResult[]> {
  const { now } = options;
  const results: DueRiskScanResult[] = [];
  const shops = await db.shop.findMany({ where: { uninstalledAt: null, redactedAt: null }, select: { shop: true, ianaTimezone: true }, orderBy: { shop: "asc" } });
  for (const { shop, ianaTimezone } of shops) {
    if (options.shouldStop?.()) return results;
    const scanKey = readNightlyScanKey(now, ianaTimezone || "UTC", options.localHour);
    if (scanKey === null) continue;
    results.push(await runOneShop(db, shop, scanKey, options));
  }
  // Waiting scans: unfinished, nobody holding a live lease (never claimed, crashed, or stopped part-way).
  const waiting = await db.riskScan.findMany({
    where: { finishedAt: null, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    select: { shop: true, scanKey: true },
    orderBy: { startedAt: "asc" },
    take: 100,
  });
  for (const scan of waiting) {
    if (options.shouldStop?.()) return results;
    results.push(await runOneShop(db, scan.shop, scan.scanKey, options));
  }
  return results;
}

async function runOneShop(db: Database, shop: string, scanKey: string, options: DueRiskScansOptions): Promise<DueRiskScanResult> {
  try {
    return { ...(await runRiskScan(db, { shop, scanKey, now: options.now, shouldStop: options.shouldStop })), shop, scanKey };
  } catch (error) {
    // One shop's failure is recorded on its scan (RiskScan.error) and must not keep the other shops from theirs.
    console.error(`The risk scan ${scanKey} of ${shop} failed; the error is on the scan (Risk queue), and tomorrow's scan or "Scan now" runs it again.`, error);
    return { outcome: "failed", shop, scanKey, error: error instanceof Error ? error.message : String(error) };
  }
}
