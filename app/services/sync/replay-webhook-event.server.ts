import type { Database } from "../../db.server";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { checkWebhookPayload, COMPLIANCE_TOPICS, isWebhookTopic } from "../../webhooks/payload-schemas";

export class ReplayWebhookError extends Error {}

const REPLAYABLE = ["failed", "invalid", "processed", "ignored"] as const;

/**
 * Puts a failed, invalid, processed or ignored event back in the queue with fresh attempts, and records who asked
 * and why. An invalid event is checked again first (the schema may have been fixed since): replaying a payload that
 * would be refused again only hides the problem. An event ignored because the shop was uninstalled (an order paid
 * while a late app/uninstalled had marked it so) is replayed once the shop is installed again.
 */
export async function replayWebhookEvent(db: Database, shop: string, eventId: string, actor: string, reason: string, now: Date) {
  const trimmedReason = reason.trim();
  if (!trimmedReason) throw new ReplayWebhookError("Say why you are replaying this event; it is kept in the audit log.");
  const event = await db.webhookEvent.findFirst({ where: { id: eventId, shop } });
  if (!event) throw new ReplayWebhookError("That webhook event does not exist in this shop.");
  if (!(REPLAYABLE as readonly string[]).includes(event.status)) {
    throw new ReplayWebhookError(`Only failed, invalid, processed or ignored events can be replayed; this one is ${event.status}.`);
  }
  if (event.payload === null) throw new ReplayWebhookError("This delivery's body was not JSON, so there is nothing to replay. Shopify's next delivery of the event will be stored anew.");
  if (!isWebhookTopic(event.topic)) throw new ReplayWebhookError(`Affable has no handler for ${event.topicRaw}.`);
  const check = checkWebhookPayload(event.topic, event.payload);
  if (!check.ok) throw new ReplayWebhookError(`Still invalid, not replayed: ${check.reason}`);
  // Ignored because the shop was uninstalled: replaying it while it still is would only be ignored again.
  if (event.status === "ignored" && !COMPLIANCE_TOPICS.has(event.topic)) {
    const installed = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
    if (installed === null || installed.uninstalledAt !== null) {
      throw new ReplayWebhookError("Affable is not installed on this shop, so the event would be ignored again. Reinstall the app, then replay it.");
    }
  }

  return db.$transaction(async (tx) => {
    // Guarded on the status read above, so two staff replaying at once cannot reset an event twice.
    const reset = await tx.webhookEvent.updateMany({
      where: { id: event.id, shop, status: event.status },
      data: { status: "received", attempts: 0, nextAttemptAt: now, lastError: null, resultNote: null, processedAt: null },
    });
    if (reset.count !== 1) throw new ReplayWebhookError("The event changed while you were looking at it; reload and try again.");
    await recordAuditEvent(tx, {
      shop,
      actor,
      action: "webhook_event.replayed",
      subjectType: "webhook_event",
      subjectId: event.id,
      reason: trimmedReason,
      details: { topic: event.topicRaw, webhookId: event.webhookId, fromStatus: event.status, attempts: event.attempts, lastError: event.lastError },
    });
  });
}
