import type { Database } from "../../db.server";
import { Prisma, type WebhookEventStatus } from "../../generated/prisma/client";

export { WEBHOOK_EVENT_STATUSES } from "../../webhooks/webhook-event-statuses";

export interface SyncHealthCounts {
  received: number;
  processing: number;
  processed: number;
  failed: number;
  ignored: number;
  invalid: number;
  /**
   * Of the invalid ones: bodies the database could not store as sent (a "\u0000" in them), stored with each NUL
   * replaced by U+FFFD beside the raw text, and waiting for a replay (app/services/sync/receive-webhook.server.ts).
   */
  cleaned: number;
  /** Events that needed more than one attempt (whatever their status now). */
  retried: number;
  total: number;
}

export interface SyncHealthFilter {
  topic?: string;
  status?: WebhookEventStatus;
}

async function countEvents(db: Database, where: Prisma.WebhookEventWhereInput): Promise<SyncHealthCounts> {
  const [byStatus, retried, cleaned] = await Promise.all([
    db.webhookEvent.groupBy({ by: ["status"], where, _count: { _all: true } }),
    db.webhookEvent.count({ where: { ...where, attempts: { gt: 1 } } }),
    // Only a cleaned body keeps both: a body that is not JSON has no payload, an ordinary one no raw text.
    db.webhookEvent.count({ where: { ...where, status: "invalid", rawBody: { not: null }, payload: { not: Prisma.DbNull } } }),
  ]);
  const counts: SyncHealthCounts = { received: 0, processing: 0, processed: 0, failed: 0, ignored: 0, invalid: 0, cleaned, retried, total: 0 };
  for (const row of byStatus) {
    counts[row.status] = row._count._all;
    counts.total += row._count._all;
  }
  return counts;
}

/** What the Sync health page shows for one shop: counts for the last 24 hours and all time, and the latest events. */
export async function loadSyncHealth(db: Database, shop: string, filter: SyncHealthFilter, now: Date, take = 50) {
  const since = new Date(now.getTime() - 24 * 60 * 60_000);
  const [lastDay, allTime, topics, events] = await Promise.all([
    countEvents(db, { shop, receivedAt: { gte: since } }),
    countEvents(db, { shop }),
    db.webhookEvent.groupBy({ by: ["topicRaw"], where: { shop }, orderBy: { topicRaw: "asc" } }),
    db.webhookEvent.findMany({
      where: { shop, ...(filter.topic ? { topicRaw: filter.topic } : {}), ...(filter.status ? { status: filter.status } : {}) },
      orderBy: { receivedAt: "desc" },
      take,
      select: {
        id: true,
        topicRaw: true,
        webhookId: true,
        status: true,
        attempts: true,
        receivedAt: true,
        processedAt: true,
        nextAttemptAt: true,
        lastError: true,
        resultNote: true,
      },
    }),
  ]);
  return { lastDay, allTime, topics: topics.map((row) => row.topicRaw), events };
}
