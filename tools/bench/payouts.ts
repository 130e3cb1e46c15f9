/**
 * `npm run bench:payouts`: a payout run for a large shop, end to end, on a throwaway PostgreSQL and the local PayPal.
 *
 *   1. seed 10,000 creators with 100 commissions each (1,000,000: approved, pending, on hold, paid, and paid-then-
 *      refunded clawbacks) with set-based SQL (tools/bench/seed-payouts.ts; ~2 minutes);
 *   2. page: the Payouts page loader's data work (the same service calls as app/routes/app.payouts._index.tsx, in
 *      the same Promise.all), many times over owed pages 1, 2, the middle and the last, before and after the run;
 *   3. plan: planRun, as the "Plan a payout run" button calls it;
 *   4. approve: approveRun, then continueRunApproval in batches until the run is approved (a Payout and its
 *      `payout_paid` ledger rows per creator, one transaction per creator);
 *   5. submit: the payout job (runPayoutJobOnce) sends the run to the local PayPal (devstore/paypal, reached through
 *      the devstore's undici dispatcher on api-m.sandbox.paypal.com, as the app reaches PayPal) until it is submitted;
 *   6. settle: job passes look the items up (PayPal's GET payouts) until the run is settled.
 *
 * Every creator with a payout method is paid by PayPal here (the seed's store-credit creators get PayPal too), so no
 * local Shopify customers are needed; 2 % have no method and 1 % are paused (left out with a reason).
 *
 * Everything runs in this process on 127.0.0.1; every loop is bounded; the PostgreSQL cluster, the devstore and the
 * temp directory are removed even on failure. BENCH_SCALE=0.05 runs 5 % of the creators (a quick look).
 * The last line:
 *   payouts: creators=<n> commissions=<n> plan=<ms>ms submit=<ms>ms settle=<ms>ms page_p95=<ms>ms
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { Database } from "../../app/db.server.ts";
import { getGlobalDispatcher, setGlobalDispatcher } from "undici";
import { parseDatabaseUrl } from "../../app/db/database-target.ts";
import { startPostgres } from "../../tests/support/postgres.ts";
import { openDatabaseAdapter } from "../db/adapter.ts";
import { applyPendingMigrations } from "../db/apply-migrations.ts";
import { seedPayoutBench } from "./seed-payouts.ts";
import { runBench, setBenchAppEnvironment } from "./run-bench.ts";

const ROOT = path.join(import.meta.dirname, "../..");
const SHOP = "bench-payouts.myshopify.com";
const SCALE = Math.min(1, Math.max(0.01, Number(process.env.BENCH_SCALE ?? 1)));
const CREATORS = Math.max(100, Math.round(10_000 * SCALE));
const COMMISSIONS_PER_CREATOR = 100;
const PAGE_SAMPLES = 200;
const APPROVE_BATCH = 500;
const MAX_JOB_PASSES = 50;
const DEADLINE_MS = 40 * 60_000;
const OWNER_USER_ID = "9001";
const CORES = availableParallelism();
/** The local PayPal's seeded sandbox app (devstore/paypal/paypal-state.ts), as tests/support/paypal-fixtures.ts. */
const SANDBOX_APP = { clientId: "AffableDemo-sandbox-client", clientSecret: "EDemo-sandbox-secret-0000" };

const cleanups: (() => Promise<unknown>)[] = [];
const log = (line: string) => console.log(line);

async function main() {
  const workDir = await mkdtemp(path.join(tmpdir(), "affable-bench-payouts-"));
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));

  log("Starting a throwaway PostgreSQL…");
  const cluster = await startPostgres();
  cleanups.push(() => cluster.stop());
  const databaseUrl = await cluster.createDatabase("bench_payouts");
  await migrate(databaseUrl);

  log(`Seeding ${CREATORS} creators × ${COMMISSIONS_PER_CREATOR} commissions (set-based SQL)…`);
  const seedStarted = performance.now();
  const seeded = await seedPayoutBench(databaseUrl, { shop: SHOP, creators: CREATORS, commissionsPerCreator: COMMISSIONS_PER_CREATOR });
  await preparePaypalCreators(databaseUrl);
  log(`  seeded ${seeded.commissions} commissions in ${seconds(performance.now() - seedStarted)} s`);

  // The app's modules read the environment when first imported: set it, then import them.
  const secret = setBenchAppEnvironment(databaseUrl);

  log("Starting the devstore with its local PayPal (127.0.0.1)…");
  const { startDevstore } = await import("../../devstore/server.ts");
  const { createShopDispatcher } = await import("../../devstore/shop-dispatcher.mjs");
  const devstore = await startDevstore({
    app: { apiKey: "bench-api-key", apiSecret: secret, scopes: ["read_orders"] },
    appUrl: "http://127.0.0.1:9",
    ports: { admin: 0, tunnel: 0, app: 9 },
    stateFile: path.join(workDir, "state.json"),
    shell: false,
    tunnel: false,
    storefront: false,
    webhooks: false,
    log: () => undefined,
  });
  cleanups.push(() => devstore.close());
  const previousDispatcher = getGlobalDispatcher();
  setGlobalDispatcher(createShopDispatcher({ port: Number(new URL(devstore.adminUrl).port) }));
  cleanups.push(async () => setGlobalDispatcher(previousDispatcher));
  const paypal = devstore.paypal;
  if (paypal === null) throw new Error("The devstore started without its local PayPal.");
  // Enough USD in the sandbox merchant account for the whole run (PayPal refuses a batch the balance cannot cover).
  paypal.store.update((draft) => {
    const account = draft.sandbox.accounts.find((candidate) => candidate.clientId === SANDBOX_APP.clientId);
    if (account === undefined) throw new Error(`The local PayPal has no sandbox app ${SANDBOX_APP.clientId}.`);
    account.balances.USD = (10n ** 12n).toString();
  });

  const { default: db } = await import("../../app/db.server.ts");
  cleanups.push(() => db.$disconnect());
  const { sealSecret } = await import("../../app/security/secret-box.server.ts");
  const { paypalSecretContext } = await import("../../app/services/payouts/paypal/load-paypal-credentials.server.ts");
  const { planRun } = await import("../../app/services/payouts/runs/plan-payout-run.server.ts");
  const { approveRun, continueRunApproval } = await import("../../app/services/payouts/runs/approve-payout-run.server.ts");
  const { runPayoutJobOnce } = await import("../../app/services/payouts/execute/run-payout-job.server.ts");
  const { loadPayoutsPageData } = await import("./payouts-page-data.ts");

  // Settings › PayPal as the merchant saves it (secret sealed), and the owner who approves.
  await db.payoutSettings.update({
    where: { shop: SHOP },
    data: {
      paypalEnvironment: "sandbox", paypalClientId: SANDBOX_APP.clientId,
      paypalClientSecretSealed: sealSecret(SANDBOX_APP.clientSecret, paypalSecretContext(SHOP)),
      paypalConnectedAt: new Date(), paypalConnectedBy: "staff:bench",
    },
  });
  await db.staffMember.create({ data: { shop: SHOP, userId: OWNER_USER_ID, isOwner: true, canApprovePayouts: true, displayName: "Bench Owner", firstSeenAt: new Date(), lastSeenAt: new Date() } });

  log(`Payouts page data, ${PAGE_SAMPLES} loads before the run…`);
  const pageBefore = await samplePage(() => loadPayoutsPageData(db, SHOP, pickOwedPage), PAGE_SAMPLES);
  log(`  p50 ${format(percentile(pageBefore, 0.5))} ms, p95 ${format(percentile(pageBefore, 0.95))} ms, max ${format(Math.max(...pageBefore))} ms`);

  log(`Planning the run… (load average ${loadavg()[0]!.toFixed(1)})`);
  let started = performance.now();
  const planned = await planRun(db, SHOP, `staff:${OWNER_USER_ID}`, randomUUID(), new Date());
  const planMs = performance.now() - started;
  if (!planned.ok) throw new Error(`planRun refused: ${planned.message}`);
  const runId = planned.run.id;
  log(`  ${format(planMs)} ms: ${planned.run.itemCount} creators to pay, ${planned.run.excludedCount} left out`);

  log(`Approving (approveRun, then continueRunApproval ${APPROVE_BATCH} creators at a time)…`);
  started = performance.now();
  let approval = await approveRun(db, SHOP, runId, OWNER_USER_ID, new Date(), { maxCreators: APPROVE_BATCH });
  for (let round = 0; approval.ok && !approval.finished; round += 1) {
    if (round > Math.ceil(CREATORS / APPROVE_BATCH) + 5) throw new Error("The approval did not finish within the expected number of batches.");
    approval = await continueRunApproval(db, SHOP, runId, new Date(), { maxCreators: APPROVE_BATCH });
  }
  if (!approval.ok) throw new Error(`Approval refused (${approval.status}): ${approval.message}`);
  const approveMs = performance.now() - started;
  log(`  ${seconds(approveMs)} s: run ${approval.run.status}, ${approval.run.itemCount} payouts`);

  log("Submitting to the local PayPal (payout job passes)…");
  started = performance.now();
  const submittedStatus = await runJobUntil(db, () => runPayoutJobOnce(db, new Date(), "bench", { syncIntervalMs: 0, mailer: null }), runId, ["submitted", "settled", "partly_failed"]);
  const submitMs = performance.now() - started;
  log(`  ${format(submitMs)} ms: run ${submittedStatus}`);

  log("Settling (job passes look the items up at PayPal)…");
  started = performance.now();
  const settledStatus = await runJobUntil(db, async () => {
    paypal.process();
    return runPayoutJobOnce(db, new Date(), "bench", { syncIntervalMs: 0, mailer: null });
  }, runId, ["settled", "partly_failed"]);
  const settleMs = performance.now() - started;
  const items = await db.payoutRunItem.groupBy({ by: ["status"], where: { shop: SHOP, runId }, _count: { _all: true } });
  if (submittedStatus !== "submitted") log("  (the local PayPal pays at once, so the submitting pass's own look-up already settled the run)");
  log(`  ${format(settleMs)} ms: run ${settledStatus}; items ${items.map((row) => `${row.status} ${row._count._all}`).join(", ")}`);
  if (settledStatus !== "settled") throw new Error(`The run ended ${settledStatus}, not settled.`);

  log(`Payouts page data, ${PAGE_SAMPLES} loads after the run…`);
  const pageAfter = await samplePage(() => loadPayoutsPageData(db, SHOP, pickOwedPage), PAGE_SAMPLES);
  log(`  p50 ${format(percentile(pageAfter, 0.5))} ms, p95 ${format(percentile(pageAfter, 0.95))} ms, max ${format(Math.max(...pageAfter))} ms`);

  const pageP95 = percentile([...pageBefore, ...pageAfter], 0.95);
  log(`Load average (1 min) at the end: ${loadavg()[0]!.toFixed(1)} on ${CORES} cores (other work on the machine slows every figure).`);
  log(`\nApproval (${approval.run.itemCount} creators, one transaction each): ${seconds(approveMs)} s. Targets: plan ≤ 2000 ms, page p95 ≤ 150 ms.`);
  log(`payouts: creators=${CREATORS} commissions=${seeded.commissions} plan=${planMs.toFixed(0)}ms submit=${submitMs.toFixed(0)}ms settle=${settleMs.toFixed(0)}ms page_p95=${pageP95.toFixed(0)}ms`);
}

/** The bench seed pays store-credit creators by PayPal too, so the run needs no local Shopify customers. */
async function preparePaypalCreators(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined); // see seed-payouts.ts: the query's rejection reports it
  await client.connect();
  try {
    await client.query(
      `UPDATE "CreatorPayoutProfile" SET method = 'paypal', "paypalEmail" = 'creator' || substr("creatorId", 3) || '@paypal.bench.example'
       WHERE shop = $1 AND method = 'store_credit'`,
      [SHOP],
    );
  } finally {
    await client.end();
  }
}

async function migrate(databaseUrl: string) {
  log("Migrating…");
  const opened = await openDatabaseAdapter(parseDatabaseUrl(databaseUrl, ROOT), { poolSize: 1 });
  try {
    await applyPendingMigrations({ database: opened, migrationsDir: path.join(ROOT, "prisma/migrations") });
  } finally {
    await opened.close();
  }
}

/** Job passes until the run reaches one of `statuses` (read from the run itself); bounded by MAX_JOB_PASSES. */
async function runJobUntil(db: Database, pass: () => Promise<{ runs: Array<{ runId: string; status: string }> }>, runId: string, statuses: string[]): Promise<string> {
  let status = "";
  for (let attempt = 0; attempt < MAX_JOB_PASSES; attempt += 1) {
    status = (await db.payoutRun.findFirstOrThrow({ where: { shop: SHOP, id: runId }, select: { status: true } })).status;
    if (statuses.includes(status)) return status;
    const result = await pass();
    if (result.runs.some((run) => run.runId === runId && run.status === "error")) throw new Error("The payout job stopped on an error (see above).");
  }
  throw new Error(`The run was still ${status} after ${MAX_JOB_PASSES} job passes.`);
}

/** Owed pages 1, 2, the middle and the last, in turn: deep pages cost an OFFSET. */
let pageTurn = 0;
function pickOwedPage(lastPage: number): number {
  pageTurn += 1;
  return [1, 2, Math.max(1, Math.ceil(lastPage / 2)), lastPage][pageTurn % 4]!;
}

async function samplePage(load: () => Promise<unknown>, samples: number): Promise<number[]> {
  for (let warm = 0; warm < 10; warm += 1) await load();
  const durations: number[] = [];
  for (let sample = 0; sample < samples; sample += 1) {
    const started = performance.now();
    await load();
    durations.push(performance.now() - started);
  }
  return durations;
}

/** Nearest-rank percentile. */
function percentile(values: number[], fraction: number): number {
  const ordered = [...values].sort((a, b) => a - b);
  return ordered[Math.max(0, Math.ceil(ordered.length * fraction) - 1)] ?? 0;
}

const format = (ms: number) => ms.toFixed(1);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

runBench({ name: "payouts", deadlineMs: DEADLINE_MS, cleanups, main });
