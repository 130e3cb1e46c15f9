/**
 * The webhook processor as its own process, for the crash test: runs processDueWebhookEvents in a loop against
 * DATABASE_URL until nothing is left to claim (or MAX_RUNTIME_MS passes), printing one progress line per batch.
 * The test SIGKILLs it mid-batch, then starts another one to finish the work.
 *
 *   DATABASE_URL=postgres://… LEASE_MS=1500 BATCH_SIZE=10 node --import tsx tests/crash/process-webhooks-child.ts
 */
import { setTimeout as delay } from "node:timers/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { processDueWebhookEvents } from "../../app/webhooks/process-webhook-events.server.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith("postgres")) throw new Error("Set DATABASE_URL to the crash test's PostgreSQL database.");
const leaseMs = Number(process.env.LEASE_MS ?? 1_500);
const batchSize = Number(process.env.BATCH_SIZE ?? 10);
const maxRuntimeMs = Number(process.env.MAX_RUNTIME_MS ?? 60_000);

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
const deadline = Date.now() + maxRuntimeMs;
let processed = 0;
try {
  while (Date.now() < deadline) {
    const summary = await processDueWebhookEvents(db, new Date(), batchSize, { leaseMs });
    processed += summary.processed;
    console.log(JSON.stringify({ pid: process.pid, ...summary, total: processed }));
    if (summary.claimed > 0) continue;
    // Nothing due: finished, or events another (dead) run claimed wait for their lease to run out.
    const open = await db.webhookEvent.count({ where: { status: { in: ["received", "processing", "failed"] }, nextAttemptAt: { not: null } } });
    if (open === 0) break;
    await delay(100);
  }
} finally {
  await db.$disconnect();
}
