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

interface PayoutScheduleJob {
  run: () => void;
  stop: () => void;
}

declare global {
  // One job per process, also across Vite's hot reloads in development.
  var affablePayoutScheduleJob: PayoutScheduleJob | undefined;
}

export interface PayoutScheduleJobOptions {
  intervalMs?: number;
  /** Creators approved per pass for one run; a larger run finishes over the next passes. */
  maxCreatorsPerApproval?: number;
  initialDelayMs?: number;
}

export function startPayoutScheduleJob(db: Database, options: PayoutScheduleJobOptions = {}): () => void {
  if (globalThis.affablePayoutScheduleJob) return globalThis.affablePayoutScheduleJob.stop;
  const { intervalMs = env().PAYOUT_SCHEDULE_JOB_INTERVAL_MS, maxCreatorsPerApproval = 2_000, initialDelayMs = 45_000 } = options;
  if (intervalMs === 0) return () => undefined;
  let running = false;
  let stopped = false;

  const run = () => {
    if (stopped || running) return;
    running = true;
    void (async () => {
      try {
        await runPayoutSchedule(db, new Date(), { maxCreatorsPerApproval });
      } catch (error) {
        // Never swallowed: every step is idempotent (unique slot key, claimed approval, per-creator transactions); the next pass retries.
        console.error("The payout schedule job failed; the next pass retries it.", error);
      } finally {
        running = false;
      }
    })();
  };

  const first = setTimeout(run, initialDelayMs);
  first.unref();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    globalThis.affablePayoutScheduleJob = undefined;
  };
  process.once("exit", stop);
  globalThis.affablePayoutScheduleJob = { run, stop };
  return stop;
}
