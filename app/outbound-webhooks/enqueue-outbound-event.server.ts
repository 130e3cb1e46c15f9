/**
 * Queues one event for every enabled endpoint of the shop subscribed to its type, in the caller's transaction,
 * so the event exists exactly when the change it describes was committed (an outbox). The delivery worker sends it.
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

export async function enqueueOutboundEvent(tx: Tx, event: OutboundEvent): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { shop: event.shop, enabled: true, events: { has: event.type } },
    select: { id: true },
  });
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
