/**
 * Queues one event for every enabled endpoint of the shop subscribed to its type, in the caller's transaction,
 * so the event exists exactly when the change it describes was committed (an outbox). The delivery worker sends it.
 *
 * Every accrual enqueues an event, so the shop's enabled endpoints are cached per process. The process that changes
 * an endpoint (manage-webhook-endpoints) forgets that shop's entry at once; the other process (web vs background
 * jobs, see server.ts) sees the change after at most OUTBOUND_ENDPOINT_CACHE_TTL_MS. So for up to 30 s after a
 * merchant adds or enables an endpoint, events raised by the other process may not be queued for it, and events for
 * a just-disabled endpoint may still be queued (delivery checks `enabled` again and fails them: replayable).
 */
import { randomBytes } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { OutboundEventType } from "./outbound-event-types";

type Tx = Pick<Prisma.TransactionClient, "webhookEndpoint" | "outboundWebhookMessage">;

export interface OutboundEvent {
  shop: string;
  type: OutboundEventType;
  /** JSON-safe: ids, strings, integers (minor units as numbers), ISO dates. */
  data: Record<string, unknown>;
  now: Date;
}

/** "msg_" + 24 random base64url characters: the webhook-id header, the same for every retry of one message. */
function generateMessageId(): string {
  return `msg_${randomBytes(18).toString("base64url")}`;
}

/** How long another process may keep using a shop's endpoint list after a change (see above). */
export const OUTBOUND_ENDPOINT_CACHE_TTL_MS = 30_000;
const MAX_CACHED_SHOPS = 10_000;

interface CachedEndpoints {
  readAt: number;
  endpoints: Array<{ id: string; events: string[] }>;
}

/** Enabled endpoints per shop, each entry trusted for OUTBOUND_ENDPOINT_CACHE_TTL_MS of `clock` time. */
export class OutboundEndpointCache {
  private readonly entries = new Map<string, CachedEndpoints>();

  constructor(private readonly clock: () => number = Date.now) {}

  async enabledEndpoints(tx: Tx, shop: string): Promise<CachedEndpoints["endpoints"]> {
    const now = this.clock();
    const cached = this.entries.get(shop);
    if (cached !== undefined && now >= cached.readAt && now - cached.readAt < OUTBOUND_ENDPOINT_CACHE_TTL_MS) return cached.endpoints;
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { shop, enabled: true },
      select: { id: true, events: true },
      orderBy: { id: "asc" },
    });
    if (this.entries.size >= MAX_CACHED_SHOPS) this.entries.clear();
    this.entries.set(shop, { readAt: now, endpoints });
    return endpoints;
  }

  forget(shop: string): void {
    this.entries.delete(shop);
  }
}

const processEndpointCache = new OutboundEndpointCache();

/** Called by whatever changes a shop's endpoints in this process. */
export function forgetCachedOutboundEndpoints(shop: string): void {
  processEndpointCache.forget(shop);
}

export async function enqueueOutboundEvent(tx: Tx, event: OutboundEvent, cache: OutboundEndpointCache = processEndpointCache): Promise<number> {
  const endpoints = (await cache.enabledEndpoints(tx, event.shop)).filter((endpoint) => endpoint.events.includes(event.type));
  if (endpoints.length === 0) return 0;
  const payload = { type: event.type, timestamp: event.now.toISOString(), data: event.data } as Prisma.InputJsonValue;
  await tx.outboundWebhookMessage.createMany({
    data: endpoints.map((endpoint) => ({
      id: generateMessageId(),
      shop: event.shop,
      endpointId: endpoint.id,
      eventType: event.type,
      payload,
      nextAttemptAt: event.now,
      createdAt: event.now,
    })),
  });
  return endpoints.length;
}
