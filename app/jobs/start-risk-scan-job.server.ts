/**
 * Runs the nightly risk scan (runDueRiskScans) inside the app's server process: shortly after boot, then every
 * `intervalMs`. A shop's scan of day D runs once, at the first pass after `localHour` (03:00 by default) shop time
 * on D; a "Scan now" that nobody ran yet, or a scan whose instance crashed, is run by the next pass. Several
 * processes are safe together: a day's scan is one RiskScan row per shop (unique key) held by a lease.
 *
 * RISK_SCAN_JOB_INTERVAL_MS tunes the interval (default 15 minutes; "0" turns the job off, e.g. for a second web
 * instance) and RISK_SCAN_LOCAL_HOUR the shop-local hour; app/env.server.ts checks both at boot.
 */
import { env } from "../env.server";
import type { Database } from "../db.server";
import { runDueRiskScans } from "../services/fraud/risk-scan/run-due-risk-scans.server";
import { startIntervalJob } from "./start-interval-job.server";

export interface RiskScanJobOptions {
  intervalMs?: number;
  localHour?: number;
  initialDelayMs?: number;
}

export function startRiskScanJob(db: Database, options: RiskScanJobOptions = {}): () => Promise<void> {
  const { intervalMs = env().RISK_SCAN_JOB_INTERVAL_MS, localHour = env().RISK_SCAN_LOCAL_HOUR, initialDelayMs = 60_000 } = options;
  return startIntervalJob({
    name: "risk-scan",
    intervalMs,
    initialDelayMs,
    pass: async (shouldStop) => {
      await runDueRiskScans(db, { now: new Date(), localHour, shouldStop });
    },
    // A scan that stopped part-way keeps its progress and is resumed by the next pass (its lease runs out first).
    failureMessage: "The risk scan job failed; scans not yet run are run by the next pass.",
  });
}
