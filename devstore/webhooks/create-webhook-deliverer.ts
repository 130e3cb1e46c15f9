/**
 * Webhook delivery as Shopify does it: for a topic the app subscribes to in `shopify.app.toml`, a delivery record in
 * the state (`webhookDeliveries`) and an HTTP POST to `{appUrl}{uri}` with Shopify's headers and HMAC. The app has
 * 5 seconds to answer 2xx; anything else (another status, a redirect, a timeout, a refused connection) is a failure,
 * retried with exponential backoff: 8 tries over about 4 hours, scaled by `retryScale` so tests take milliseconds.
 *
 * Every wait is a tracked timer and every loop is bounded by MAX_TRIES; `close()` clears the timers and aborts what is
 * in flight. Pending deliveries stay pending in the state and resume at the next start, as Shopify's queue would.
 */
import { randomInt, randomUUID } from "node:crypto";
import { allocateId } from "../state/allocate-id.ts";
import type { ReadonlyDeep, WebhookAttemptRecord, WebhookDeliveryRecord } from "../state/state-schema.ts";
import type { StateStore } from "../state/state-store.ts";
import { resolveSubscriptionUrl, type AppConfig } from "./read-app-config.ts";
import { createSeededRandom, type SeededRandom } from "./seeded-random.ts";
import { signWebhookBody } from "./sign-webhook-body.ts";
import { NO_CHAOS, type ChaosRequest, type ChaosSettings } from "./webhook-chaos.ts";

/** Tries per delivery, counting the first. */
export const MAX_TRIES = 8;
/** The wait after try n (n = 1..7): 2, 4, 8 … 128 minutes, about 4¼ hours in all, like Shopify's schedule. */
export const RETRY_DELAYS_MS: readonly number[] = [2, 4, 8, 16, 32, 64, 128].map((minutes) => minutes * 60_000);
/** Shopify waits 5 seconds for the app's answer. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** Deliveries kept in the state, newest first. */
export const MAX_KEPT_DELIVERIES = 200;
/** A reorder buffer that is not full is sent after this long, so nothing waits forever for a batch. */
export const REORDER_FLUSH_MS = 250;

export interface WebhookDelivererOptions {
  state: StateStore;
  shop: string;
  /** The app's public origin: relative subscription uris are joined to it. */
  appUrl: string;
  /** The app's client secret: the HMAC key. */
  apiSecret: string;
  config: AppConfig;
  now: () => Date;
  /** Multiplies RETRY_DELAYS_MS: 1 is Shopify's schedule; tests pass e.g. 1e-5 (the whole schedule in ~150 ms). */
  retryScale?: number;
  timeoutMs?: number;
  reorderFlushMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export interface DeliverWebhookInput {
  topic: string;
  payload: unknown;
  /** The shop domain in X-Shopify-Shop-Domain; the devstore's shop by default. */
  shop?: string;
}

export interface ChaosView {
  global: ChaosSettings;
  topics: Record<string, ChaosSettings>;
}

export type WebhookDelivery = ReadonlyDeep<WebhookDeliveryRecord>;

export interface WebhookDeliverer {
  readonly config: AppConfig;
  /** Records and sends a webhook; null when the app subscribes to no such topic (Shopify would send nothing). */
  deliver(input: DeliverWebhookInput): WebhookDelivery | null;
  /** Sends a recorded delivery again (same webhook id, a fresh series of tries); null when there is no such id. */
  redeliver(id: number): WebhookDelivery | null;
  setChaos(request: ChaosRequest): ChaosView;
  clearChaos(): ChaosView;
  chaos(): ChaosView;
  /** Resolves once nothing is waiting, buffered or in flight (tests); rejects after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function createWebhookDeliverer(options: WebhookDelivererOptions): WebhookDeliverer {
  const { state, config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const retryScale = options.retryScale ?? 1;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const reorderFlushMs = options.reorderFlushMs ?? REORDER_FLUSH_MS;
  const send = options.fetch ?? fetch;

  const abort = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const retryTimers = new Map<number, NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let globalChaos: ChaosSettings = NO_CHAOS;
  const topicChaos = new Map<string, ChaosSettings>();
  let random: SeededRandom = createSeededRandom(randomInt(2 ** 31));
  let reorderBuffer: { id: number; chaos: ChaosSettings }[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let sequence: Promise<void> = Promise.resolve();

  function track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => log(`[devstore] Webhook delivery hit a bug: ${describe(error)}`));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  }

  function schedule(milliseconds: number, work: () => Promise<void>): NodeJS.Timeout | null {
    if (closed) return null;
    const timer = setTimeout(() => {
      timers.delete(timer);
      track(work());
    }, milliseconds);
    timers.add(timer);
    return timer;
  }

  function sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        sleepers.delete(resolve);
        resolve();
      }, milliseconds);
      timers.add(timer);
      sleepers.add(resolve);
    });
  }

  function find(id: number): WebhookDelivery | undefined {
    return state.read().webhookDeliveries.find((delivery) => delivery.id === id);
  }

  function chaosFor(topic: string): ChaosSettings {
    return topicChaos.get(topic) ?? globalChaos;
  }

  function headersFor(delivery: WebhookDelivery): Record<string, string> {
    return {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": signWebhookBody(delivery.body, options.apiSecret),
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-API-Version": delivery.apiVersion,
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Event-Id": delivery.eventId,
      "X-Shopify-Triggered-At": delivery.triggeredAt,
    };
  }

  async function attempt(id: number, trigger: WebhookAttemptRecord["trigger"]): Promise<void> {
    const delivery = find(id);
    if (!delivery || closed) return;
    const at = options.now().toISOString();
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await send(delivery.url, {
        method: "POST",
        headers: headersFor(delivery),
        body: delivery.body,
        // Shopify does not follow redirects: a 3xx is a failed try.
        redirect: "manual",
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (failure) {
      if (closed) return;
      error = describeFetchFailure(failure, timeoutMs);
    }
    if (closed) return;
    const durationMs = Math.round(performance.now() - started);
    const succeeded = status !== null && status >= 200 && status < 300;
    if (status !== null && !succeeded) error = `The app answered ${status}; Shopify needs a 2xx within ${timeoutMs / 1000} s.`;
    const record: WebhookAttemptRecord = { at, status, durationMs, error, trigger };

    const next = state.update((draft) => {
      const target = draft.webhookDeliveries.find((candidate) => candidate.id === id);
      if (!target) return null;
      target.attempts.push(record);
      // A chaos duplicate is the same delivery sent once more: it neither settles nor reschedules anything.
      if (trigger === "duplicate") return null;
      if (succeeded) {
        target.status = "delivered";
        target.nextAttemptAt = null;
        return null;
      }
      const tries = countTriesInSeries(target.attempts);
      if (tries >= MAX_TRIES) {
        target.status = "failed";
        target.nextAttemptAt = null;
        return { gaveUp: true, tries, delay: 0 };
      }
      const delay = Math.round((RETRY_DELAYS_MS[tries - 1] ?? 0) * retryScale);
      target.status = "pending";
      target.nextAttemptAt = new Date(options.now().getTime() + delay).toISOString();
      return { gaveUp: false, tries, delay };
    });
    if (!next) return;
    if (next.gaveUp) {
      log(`[devstore] Webhook ${delivery.topic} (${delivery.webhookId}) failed ${next.tries} times; giving up, as Shopify does. Last: ${error ?? "?"}`);
      return;
    }
    log(`[devstore] Webhook ${delivery.topic} to ${delivery.url} failed (${error ?? "?"}); try ${next.tries + 1} of ${MAX_TRIES} in ${next.delay} ms.`);
    scheduleRetry(id, next.delay);
  }

  function scheduleRetry(id: number, delay: number): void {
    const existing = retryTimers.get(id);
    if (existing) {
      clearTimeout(existing);
      timers.delete(existing);
    }
    const timer = schedule(delay, async () => {
      retryTimers.delete(id);
      await attempt(id, "retry");
    });
    if (timer) retryTimers.set(id, timer);
  }

  async function dispatch(id: number, chaos: ChaosSettings, trigger: "initial" | "redeliver"): Promise<void> {
    // Draw before waiting, so the draws follow the order deliveries were made (or shuffled) in: repeatable by seed.
    const duplicate = chaos.duplicate > 0 && random.next() < chaos.duplicate;
    if (chaos.delayMs > 0) await sleep(chaos.delayMs);
    await attempt(id, trigger);
    if (duplicate) await attempt(id, "duplicate");
  }

  function flushReorderBuffer(): void {
    if (flushTimer) {
      clearTimeout(flushTimer);
      timers.delete(flushTimer);
      flushTimer = null;
    }
    if (reorderBuffer.length === 0) return;
    const batch = random.shuffle(reorderBuffer);
    reorderBuffer = [];
    // One after another, so the shuffled order is the order the app receives them in.
    sequence = sequence.catch(() => undefined).then(async () => {
      for (const item of batch) await dispatch(item.id, item.chaos, "initial");
    });
    track(sequence);
  }

  function enqueue(id: number, topic: string, trigger: "initial" | "redeliver"): void {
    const chaos = chaosFor(topic);
    if (trigger === "initial" && chaos.reorderWindow > 1) {
      reorderBuffer.push({ id, chaos });
      if (reorderBuffer.length >= chaos.reorderWindow) flushReorderBuffer();
      else
        flushTimer ??= schedule(reorderFlushMs, async () => {
          flushTimer = null;
          flushReorderBuffer();
          await Promise.resolve();
        });
      return;
    }
    track(dispatch(id, chaos, trigger));
  }

  function view(): ChaosView {
    return { global: globalChaos, topics: Object.fromEntries(topicChaos) };
  }

  // Resume what a previous run left pending: first tries not made yet, retries at their time.
  for (const delivery of state.read().webhookDeliveries) {
    if (delivery.status !== "pending") continue;
    if (delivery.attempts.length === 0) {
      track(dispatch(delivery.id, NO_CHAOS, "initial"));
      continue;
    }
    const wait = delivery.nextAttemptAt === null ? 0 : Math.max(0, Date.parse(delivery.nextAttemptAt) - options.now().getTime());
    scheduleRetry(delivery.id, wait);
  }

  return {
    config,
    deliver({ topic, payload, shop }) {
      if (closed) throw new Error("The webhook deliverer is closed: the devstore is shutting down.");
      const subscription = config.subscriptions.find((candidate) => candidate.topic === topic);
      if (!subscription) return null;
      const created = state.update((draft) => {
        const record: WebhookDeliveryRecord = {
          id: allocateId(draft),
          topic,
          shop: shop ?? options.shop,
          url: resolveSubscriptionUrl(options.appUrl, subscription.uri),
          apiVersion: config.apiVersion,
          webhookId: randomUUID(),
          eventId: randomUUID(),
          triggeredAt: options.now().toISOString(),
          body: JSON.stringify(payload),
          attempts: [],
          status: "pending",
          nextAttemptAt: options.now().toISOString(),
        };
        draft.webhookDeliveries = [record, ...draft.webhookDeliveries].slice(0, MAX_KEPT_DELIVERIES);
        return record;
      });
      enqueue(created.id, topic, "initial");
      return find(created.id) ?? created;
    },
    redeliver(id) {
      if (closed) throw new Error("The webhook deliverer is closed: the devstore is shutting down.");
      const existing = find(id);
      if (!existing) return null;
      const pendingRetry = retryTimers.get(id);
      if (pendingRetry) {
        clearTimeout(pendingRetry);
        timers.delete(pendingRetry);
        retryTimers.delete(id);
      }
      state.update((draft) => {
        const target = draft.webhookDeliveries.find((candidate) => candidate.id === id);
        if (!target) return;
        target.status = "pending";
        target.nextAttemptAt = options.now().toISOString();
      });
      enqueue(id, existing.topic, "redeliver");
      return find(id) ?? null;
    },
    setChaos(request) {
      const settings: ChaosSettings = {
        duplicate: request.duplicate ?? 0,
        delayMs: request.delayMs ?? 0,
        reorderWindow: request.reorderWindow ?? 0,
      };
      if (request.topic === undefined) globalChaos = settings;
      else topicChaos.set(request.topic, settings);
      if (request.seed !== undefined) random = createSeededRandom(request.seed);
      // A smaller window (or none) must not strand what was buffered under the old one.
      if (reorderBuffer.length > 0) flushReorderBuffer();
      return view();
    },
    clearChaos() {
      globalChaos = NO_CHAOS;
      topicChaos.clear();
      flushReorderBuffer();
      return view();
    },
    chaos: view,
    async idle(waitMs = 10_000) {
      const deadline = Date.now() + waitMs;
      while (inFlight.size > 0 || timers.size > 0 || reorderBuffer.length > 0) {
        if (Date.now() > deadline) {
          throw new Error(`Webhook deliveries still busy after ${waitMs} ms (${inFlight.size} in flight, ${timers.size} waiting, ${reorderBuffer.length} buffered).`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      retryTimers.clear();
      flushTimer = null;
      reorderBuffer = [];
      for (const wake of sleepers) wake();
      sleepers.clear();
      abort.abort(new Error("The devstore is closing."));
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** Tries made in the current series: since the last redelivery (inclusive), not counting chaos duplicates. */
export function countTriesInSeries(attempts: readonly Pick<WebhookAttemptRecord, "trigger">[]): number {
  let tries = 0;
  for (let index = attempts.length - 1; index >= 0; index -= 1) {
    const trigger = attempts[index]?.trigger;
    if (trigger === "duplicate") continue;
    tries += 1;
    if (trigger === "redeliver") break;
  }
  return tries;
}

function describeFetchFailure(failure: unknown, timeoutMs: number): string {
  if (failure instanceof Error && failure.name === "TimeoutError") return `No answer within ${timeoutMs / 1000} s (Shopify counts a timeout as a failure).`;
  if (failure instanceof Error) {
    const cause: unknown = failure.cause;
    const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : null;
    return code ? `${failure.message} (${code}): is the app running at that URL?` : failure.message;
  }
  return String(failure);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
