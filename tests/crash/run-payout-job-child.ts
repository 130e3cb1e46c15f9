/**
 * The payout job as its own process, for the payout crash test: the app's runPayoutJobOnce with the app's provider
 * registry (the real PayPal provider), reaching PayPal the way the app does, through devstore/intercept.mjs to the
 * local PayPal the test serves (it outlives this process). Started as
 *
 *   DEVSTORE_PORT=<port> DATABASE_URL=postgres://… node --import tsx --import ./devstore/intercept.mjs tests/crash/run-payout-job-child.ts
 *
 * It loads everything first, prints "ready", and starts working when a run id arrives as a line on stdin (so the
 * test can start it ahead of time, while it seeds, and aim a SIGKILL at a moment, not at the module loading). Then
 * it runs passes until that run is no longer open (approved, submitting, submitted) or MAX_RUNTIME_MS passes.
 * LEASE_MS, BATCH_SIZE and SYNC_INTERVAL_MS are the job's options.
 */
import { createInterface } from "node:readline";
import { setTimeout as delay } from "node:timers/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { runPayoutJobOnce } from "../../app/services/payouts/execute/run-payout-job.server.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith("postgres")) throw new Error("Set DATABASE_URL.");
const leaseMs = Number(process.env.LEASE_MS ?? 1_500);
const batchSize = Number(process.env.BATCH_SIZE ?? 15_000);
const syncIntervalMs = Number(process.env.SYNC_INTERVAL_MS ?? 200);
const maxRuntimeMs = Number(process.env.MAX_RUNTIME_MS ?? 45_000);

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
await db.$queryRaw`SELECT 1`;
console.log("ready");
const lines = createInterface({ input: process.stdin });
const runId = await new Promise<string>((resolve) => lines.once("line", (line) => resolve(line.trim())));
lines.close();

const deadline = Date.now() + maxRuntimeMs;
const owner = `crash-child-${process.pid}`;
try {
  while (Date.now() < deadline) {
    const pass = await runPayoutJobOnce(db, new Date(), owner, { leaseMs, batchSize, syncIntervalMs, mailer: null });
    if (pass.runs.length > 0) console.log(JSON.stringify({ pid: process.pid, runs: pass.runs }));
    const open = await db.payoutRun.count({ where: { id: runId, status: { in: ["approved", "submitting", "submitted"] } } });
    if (open === 0) break;
    await delay(100);
  }
} finally {
  await db.$disconnect();
}
