import type { Database } from "../db.server";
import { Prisma, type WebhookEventStatus } from "../generated/prisma/client";
import { isUniqueViolation } from "./is-unique-violation.server";

export interface NewWebhookEvent {
  shop: string;
  topic: string;
  topicRaw: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  payload: Prisma.InputJsonValue | null;
  rawBody: string | null;
  payloadHash: string;
  status: WebhookEventStatus;
  lastError: string | null;
}

/**
 * Stores one delivery, or reports that this (shop, webhookId) is already stored: Shopify retries a delivery with the
 * same X-Shopify-Webhook-Id, and the unique key (not a read before the write) is what makes a retry a no-op.
 */
export async function insertWebhookEvent(db: Database, event: NewWebhookEvent): Promise<"stored" | "duplicate"> {
  try {
    await db.webhookEvent.create({
      data: {
        ...event,
        payload: event.payload ?? Prisma.DbNull,
        // A received event is due at once; the processor claims by (status, nextAttemptAt).
        nextAttemptAt: event.status === "received" ? event.receivedAt : null,
      },
    });
    return "stored";
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}
