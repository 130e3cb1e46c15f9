/**
 * Runs the payout job (runPayoutJobOnce) in the background jobs' process (see start-background-jobs.server.ts):
 * every `intervalMs` it takes the payout runs that are due (approved, submitting, or submitted and due for a status
 * sync) and moves them on. One pass at a time per process; several processes (two app instances) are safe together
 * because each run is leased (PayoutRun.leaseUntil / leaseOwner) by one of them at a time. The timer does not keep
 * the process alive.
 *
 * PAYOUT_JOB_INTERVAL_MS tunes the poll interval (default 10 s; "0" turns the job off, e.g. for a second web
 * process); app/env.server.ts checks it at boot.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "../db.server";
import { env } from "../env.server";
import { runPayoutJobOnce, type PayoutJobOptions } from "../services/payouts/execute/run-payout-job.server";
import { startIntervalJob } from "./start-interval-job.server";

export interface PayoutJobStartOptions extends PayoutJobOptions {
  intervalMs?: number;
}

/** Starts the job; the function returned stops it and resolves once the pass under way has released its runs. */
export function startPayoutJob(db: Database, options: PayoutJobStartOptions = {}): () => Promise<void> {
  const { intervalMs = env().PAYOUT_JOB_INTERVAL_MS, ...jobOptions } = options;
  // Names this process in PayoutRun.leaseOwner (shown when a run is held).
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  return startIntervalJob({
    name: "payout",
    intervalMs,
    pass: async () => {
      await runPayoutJobOnce(db, new Date(), owner, jobOptions);
    },
    // Every item's state was committed before its provider call: the next pass (or another instance, after the
    // lease) looks up what was cut off before sending anything again.
    failureMessage: "A payout job pass failed; the runs it held are taken up again by the next pass.",
  });
}
