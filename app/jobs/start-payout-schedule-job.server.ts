/**
 * Runs the payout scheduler (runPayoutSchedule) inside the app's server process: shortly after boot, then every
 * `intervalMs`. One pass at a time per process; several processes are safe together: a slot's run is unique per
 * shop (PayoutRun.scheduleKey) and an approval is claimed by one conditional update. The timers do not keep the
 * process alive.
 *
 * PAYOUT_SCHEDULE_JOB_INTERVAL_MS tunes the interval (default 5 minutes; "0" turns the job off, e.g. for a second web
 * instance); app/env.server.ts checks it at boot.
 */
import { env } from "../env.server";
import type { Database } from "../db.server";
import { runPayoutSchedule } from "../services/payouts/runs/run-payout-schedule.server";
import { startIntervalJob } from "./start-interval-job.server";

export interface PayoutScheduleJobOptions {
  intervalMs?: number;
  /** Creators approved per pass for one run; a larger run finishes over the next passes. */
  maxCreatorsPerApproval?: number;
  initialDelayMs?: number;
}

export function startPayoutScheduleJob(db: Database, options: PayoutScheduleJobOptions = {}): () => Promise<void> {
  const { intervalMs = env().PAYOUT_SCHEDULE_JOB_INTERVAL_MS, maxCreatorsPerApproval = 2_000, initialDelayMs = 45_000 } = options;
  return startIntervalJob({
    name: "payout-schedule",
    intervalMs,
    initialDelayMs,
    pass: async () => {
      await runPayoutSchedule(db, new Date(), { maxCreatorsPerApproval });
    },
    // Every step is idempotent (unique slot key, claimed approval, per-creator transactions); the next pass retries.
    failureMessage: "The payout schedule job failed; the next pass retries it.",
  });
}
