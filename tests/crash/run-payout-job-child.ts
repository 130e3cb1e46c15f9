/**
 * The payout job as its own process, for the payout crash test: runs runPayoutJobOnce in a loop against DATABASE_URL
 * with a PayPal-like provider reached over HTTP at REMOTE_URL (the test's stand-in, which outlives this process),
 * until no run is left to work (or MAX_RUNTIME_MS passes). The test SIGKILLs it during submit and during status
 * sync, then starts another one to finish.
 *
 *   DATABASE_URL=postgres://… REMOTE_URL=http://127.0.0.1:1234 LEASE_MS=1500 BATCH_SIZE=10 node --import tsx tests/crash/run-payout-job-child.ts
 */
import { setTimeout as delay } from "node:timers/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { PayoutProvider, ProviderItem, ProviderItemReport } from "../../app/services/payouts/providers/payout-provider.ts";
import { runPayoutJobOnce } from "../../app/services/payouts/execute/run-payout-job.server.ts";

const databaseUrl = process.env.DATABASE_URL;
const remoteUrl = process.env.REMOTE_URL;
if (!databaseUrl?.startsWith("postgres") || !remoteUrl) throw new Error("Set DATABASE_URL and REMOTE_URL.");
const leaseMs = Number(process.env.LEASE_MS ?? 1_500);
const batchSize = Number(process.env.BATCH_SIZE ?? 10);
const maxRuntimeMs = Number(process.env.MAX_RUNTIME_MS ?? 60_000);

async function call(path: string, items: readonly ProviderItem[]): Promise<ProviderItemReport[]> {
  const response = await fetch(`${remoteUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(items.map((item) => ({ itemId: item.itemId, senderItemId: item.senderItemId, senderBatchId: item.senderBatchId, amountMinor: item.amountMinor.toString() }))),
  });
  if (!response.ok) throw new Error(`remote answered ${response.status}`);
  return (await response.json()) as ProviderItemReport[];
}

const provider: PayoutProvider = {
  method: "paypal",
  submit: (_context, items) => call("/submit", items),
  lookUp: (_context, items) => call("/lookup", items),
};

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
const deadline = Date.now() + maxRuntimeMs;
const owner = `crash-child-${process.pid}`;
try {
  while (Date.now() < deadline) {
    const pass = await runPayoutJobOnce(db, new Date(), owner, { findProvider: () => provider, leaseMs, batchSize, syncIntervalMs: 200, mailer: null });
    console.log(JSON.stringify({ pid: process.pid, runs: pass.runs }));
    const open = await db.payoutRun.count({ where: { status: { in: ["approved", "submitting", "submitted"] } } });
    if (open === 0) break;
    await delay(100);
  }
} finally {
  await db.$disconnect();
}
