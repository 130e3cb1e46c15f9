/**
 * Runs the approval job (approveDueCommissions) inside the app's server process: shortly after boot, then every
 * `intervalMs`. One run at a time per process; several processes are safe together because claiming skips locked
 * rows. The timers do not keep the process alive, and the job stops when the process exits.
 *
 * APPROVAL_JOB_INTERVAL_MS tunes the interval (default hourly; "0" turns the job off, e.g. for a second web
 * instance); app/env.server.ts checks it at boot.
 */
import { env } from "../env.server";
import type { Database } from "../db.server";
import { approveDueCommissions } from "../services/orders-commissions/approve-due-commissions.server";
import { startIntervalJob } from "./start-interval-job.server";

export interface ApprovalJobOptions {
  intervalMs?: number;
  batchSize?: number;
  maxBatchesPerShop?: number;
  /** The first run waits this long after boot, so startup is not slowed by it. */
  initialDelayMs?: number;
}

export function startApprovalJob(db: Database, options: ApprovalJobOptions = {}): () => Promise<void> {
  const { intervalMs = env().APPROVAL_JOB_INTERVAL_MS, batchSize = 100, maxBatchesPerShop = 10, initialDelayMs = 30_000 } = options;
  return startIntervalJob({
    name: "approval",
    intervalMs,
    initialDelayMs,
    pass: async () => {
      await approveDueCommissions({ db, now: new Date(), batchSize, maxBatchesPerShop });
    },
    // Nothing was half-approved (each batch is one transaction) and the next tick retries.
    failureMessage: "The commission approval job failed; due commissions stay pending and the next run retries them.",
  });
}
