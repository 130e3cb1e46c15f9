/**
 * Runs the webhook processor inside the app's server process: every `intervalMs`, and at once when a delivery has
 * just been stored (kickWebhookWorker). One run at a time per process; several processes are safe together
 * because claiming skips locked rows. The timer does not keep the process alive and stops when it exits.
 */
import type { Database } from "../db.server";
import { processDueWebhookEvents } from "./process-webhook-events.server";

interface Worker {
  run: () => void;
  stop: () => void;
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
}

export function startWebhookWorker(db: Database, options: WebhookWorkerOptions = {}): () => void {
  if (globalThis.affableWebhookWorker) return globalThis.affableWebhookWorker.stop;
  const { intervalMs = 15_000, batchSize = 10, maxBatchesPerRun = 10 } = options;
  let running = false;
  let again = false;
  let stopped = false;

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        for (let batch = 0; batch < maxBatchesPerRun && !stopped; batch += 1) {
          const summary = await processDueWebhookEvents(db, new Date(), batchSize);
          if (summary.claimed < batchSize) break;
          // A backlog is still there after this run's last batch: run again next tick instead of waiting for the
          // interval, yielding to the event loop first so incoming requests are served between runs.
          if (batch === maxBatchesPerRun - 1) again = true;
        }
      } catch (error) {
        // Never swallowed: logged with what to check. The events stay stored and the next tick retries them.
        console.error("Webhook worker run failed; events stay in the inbox and are retried on the next run.", error);
      } finally {
        running = false;
        if (again && !stopped) {
          again = false;
          setImmediate(run);
        }
      }
    })();
  };

  const timer = setInterval(run, intervalMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    globalThis.affableWebhookWorker = undefined;
  };
  process.once("exit", stop);
  globalThis.affableWebhookWorker = { run, stop };
  setImmediate(run);
  return stop;
}

/** A delivery was just stored: process it now instead of at the next tick. A no-op where no worker runs (tests). */
export function kickWebhookWorker(): void {
  globalThis.affableWebhookWorker?.run();
}
