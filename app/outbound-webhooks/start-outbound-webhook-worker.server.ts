import type { Database } from "../db.server";
import { deliverDueOutboundWebhooks } from "./deliver-outbound-webhooks.server";

const INTERVAL_MS = 5_000;

declare global {
  // One worker per process, also across Vite's hot reloads in development.
  var affableOutboundWebhookWorker: (() => void) | undefined;
}

/**
 * Delivers outbound webhooks every few seconds in this process: one run at a time (a slow endpoint delays the
 * next run instead of stacking runs), at most 20 messages per run, and the timer never keeps the process alive.
 */
export function startOutboundWebhookWorker(db: Database): () => void {
  if (globalThis.affableOutboundWebhookWorker) return globalThis.affableOutboundWebhookWorker;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueOutboundWebhooks(db, { now: new Date() })
      .catch((error: unknown) => console.error("Outbound webhook delivery run failed", error))
      .finally(() => {
        running = false;
      });
  }, INTERVAL_MS);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    globalThis.affableOutboundWebhookWorker = undefined;
  };
  globalThis.affableOutboundWebhookWorker = stop;
  return stop;
}
