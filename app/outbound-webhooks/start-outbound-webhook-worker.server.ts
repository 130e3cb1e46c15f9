import type { Database } from "../db.server";
import { deliverDueOutboundWebhooks } from "./deliver-outbound-webhooks.server";

const INTERVAL_MS = 1_000;
/** Endpoints served side by side by this process. */
const MAX_LANES = 16;

declare global {
  // One worker per process, also across Vite's hot reloads in development.
  var affableOutboundWebhookWorker: (() => void) | undefined;
}

/**
 * Delivers outbound webhooks every second in this process. Each endpoint has its own lane (one message at a time);
 * a run chooses endpoints that are not busy, starts their lanes and lets the next tick choose again without waiting
 * for slow lanes, so an endpoint that hangs until the timeout delays only its own messages. At most MAX_LANES lanes
 * at once; the timer never keeps the process alive.
 */
export function startOutboundWebhookWorker(db: Database): () => void {
  if (globalThis.affableOutboundWebhookWorker) return globalThis.affableOutboundWebhookWorker;
  const busyEndpoints = new Set<string>();
  let choosing = false;
  const timer = setInterval(() => {
    if (choosing || busyEndpoints.size >= MAX_LANES) return;
    choosing = true;
    deliverDueOutboundWebhooks(db, {
      now: new Date(),
      busyEndpoints,
      maxLanes: MAX_LANES - busyEndpoints.size,
      onLanesChosen: () => {
        choosing = false;
      },
    })
      .catch((error: unknown) => console.error("Outbound webhook delivery run failed", error))
      .finally(() => {
        choosing = false;
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
