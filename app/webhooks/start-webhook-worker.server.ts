/**
 * Runs the webhook processor in the process that runs the background jobs (see server.ts): every `intervalMs`, and
 * soon after deliveries arrive (kickWebhookWorker). One run at a time per process; several processes are
 * safe together because claiming skips locked rows. The timers do not keep the process alive and stop when it exits.
 *
 * Acknowledging comes first. Shopify waits for the answer (and retries after 5 s), while processing can wait in the
 * durable inbox. So the worker works in the lulls: a kick starts a run once deliveries have been quiet for
 * `quietMs`, and during a flood at most every `floodDelayMs`, and then a run processes one batch at a time for as
 * long as no delivery arrives, but only one event per run while they keep arriving. The backlog always moves, and
 * drains at full speed as soon as the flood stops.
 */
import { EventEmitter } from "node:events";
import type { Database } from "../db.server";
import { decideWorkerStep } from "./decide-worker-step";
import { processDueWebhookEvents } from "./process-webhook-events.server";

interface Worker {
  kick: () => void;
  /** No new runs; resolves once the run under way (if any) has ended, having handed back what it had not started. */
  stop: () => Promise<void>;
}

declare global {
  // One worker per process, also across Vite's hot reloads in development.
  var affableWebhookWorker: Worker | undefined;
}

export interface WebhookWorkerOptions {
  intervalMs?: number;
  batchSize?: number;
  /** Batches per run at most, so one run cannot monopolise the process when a backlog arrives. */
  maxBatchesPerRun?: number;
  /** A run starts once no delivery has arrived for this long… */
  quietMs?: number;
  /** …or this long after the first kick, however busy. */
  floodDelayMs?: number;
}

export function startWebhookWorker(db: Database, options: WebhookWorkerOptions = {}): () => Promise<void> {
  if (globalThis.affableWebhookWorker) return globalThis.affableWebhookWorker.stop;
  const { intervalMs = 15_000, batchSize = 10, maxBatchesPerRun = 10, quietMs = 200, floodDelayMs = 2_000 } = options;
  let running = false;
  let stopped = false;
  let lastKickAt = 0;
  let firstPendingKickAt: number | null = null;
  let scheduled: NodeJS.Timeout | null = null;

  const schedule = (delayMs: number) => {
    if (stopped || scheduled !== null) return;
    scheduled = setTimeout(() => {
      scheduled = null;
      const now = Date.now();
      const step = decideWorkerStep({ now, lastKickAt, firstPendingKickAt, quietMs, floodDelayMs });
      if (step.action === "wait") schedule(step.delayMs);
      else run();
    }, delayMs);
    scheduled.unref();
  };

  const deliveriesArriving = () => Date.now() - lastKickAt < quietMs;
  let missed = false;
  let current: Promise<void> = Promise.resolve();
  const run = () => {
    if (stopped) return;
    if (running) {
      // A kick's timer fired during a run: look again once this run ends, so that delivery is not left for the interval.
      missed = true;
      return;
    }
    running = true;
    missed = false;
    firstPendingKickAt = null;
    current = (async () => {
      let backlog = false;
      try {
        for (let batch = 0; batch < maxBatchesPerRun && !stopped; batch += 1) {
          // During a flood, one event per run: on the embedded database, which has a single connection, every
          // delivery waits while an event's transaction holds it.
          const size = deliveriesArriving() ? 1 : batchSize;
          const summary = await processDueWebhookEvents(db, new Date(), size, { shouldStop: () => stopped });
          backlog = summary.claimed >= size;
          if (!backlog) break;
          // Deliveries are arriving: leave the rest of the backlog for the next lull (or the flood delay).
          if (deliveriesArriving()) break;
        }
      } catch (error) {
        // Never swallowed: logged with what to check. The events stay stored and the next tick retries them.
        console.error("Webhook worker run failed; events stay in the inbox and are retried on the next run.", error);
      } finally {
        running = false;
        if ((backlog || missed) && !stopped) {
          firstPendingKickAt ??= Date.now();
          schedule(0);
        }
      }
    })();
  };

  const kick = () => {
    lastKickAt = Date.now();
    firstPendingKickAt ??= lastKickAt;
    schedule(quietMs);
  };

  const timer = setInterval(run, intervalMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    if (scheduled !== null) clearTimeout(scheduled);
    globalThis.affableWebhookWorker = undefined;
    return current;
  };
  process.once("exit", () => void stop());
  globalThis.affableWebhookWorker = { kick, stop };
  setImmediate(run);
  return stop;
}

/**
 * In a process without its own worker: "arrived" when deliveries are being stored. server.ts forwards it to the
 * process that runs the jobs.
 */
export const webhookArrivals = new EventEmitter<{ arrived: [] }>();
/** Kicks only say "deliveries are arriving"; during a burst one per interval says it just as well. */
const FORWARDED_KICK_INTERVAL_MS = 25;
let lastForwardedKickAt = 0;

/**
 * A delivery is arriving or was just stored: process it soon, in this process's worker, or in the jobs process server.ts runs
 * beside this one on PostgreSQL (at most one message per 25 ms). Where no worker runs at all (tests) nothing
 * happens: the stored delivery waits for one.
 */
export function kickWebhookWorker(): void {
  const local = globalThis.affableWebhookWorker;
  if (local) return local.kick();
  const now = Date.now();
  if (now - lastForwardedKickAt < FORWARDED_KICK_INTERVAL_MS) return;
  lastForwardedKickAt = now;
  webhookArrivals.emit("arrived");
}
