/**
 * `npm run bench:webhooks`: how fast the built app (server.ts, as `npm start` runs it) acknowledges signed
 * orders/paid webhooks, on a throwaway PostgreSQL and on the embedded PGlite, against a minimal node:http receiver
 * (verify HMAC, JSON.parse, one INSERT) on the same PostgreSQL; then how fast the processor drains the stored inbox.
 * Everything runs on 127.0.0.1 with bounded request counts and timeouts, and every process and temp directory is
 * removed even on failure.
 *
 * How it keeps the comparison fair on a shared two-core machine: the load generator is node:http over keep-alive
 * connections opened before each level; the app and the baseline take turns level by level, the idle one frozen
 * with SIGSTOP (with its child processes); and each level reports the CPU its server, PostgreSQL and the load
 * generator spent per request, read from /proc.
 *
 * The last line is the summary for the PostgreSQL run: each server at its highest throughput with no errors and a
 * p99 within the 100 ms target (its highest at all if no level meets it):
 *   webhooks: throughput=<n>/s p99=<ms>ms baseline=<n>/s ratio=<app/baseline>
 *
 * Options (environment): BENCH_SCALE=0.25 runs a quarter of the requests (a quick look); BENCH_REBUILD=1 rebuilds
 * the app first even if build/server/index.js exists; BENCH_APP_NODE_ARGS passes node flags to the app (profiling,
 * e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles"); BENCH_SKIP_PGLITE=1 skips the PGlite run; BENCH_KEEP_LOGS=1 keeps
 * the servers' output (and the PGlite directory) instead of removing them.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { seedOrderShop } from "../../tests/crash/seed-order-shop.ts";
import { findFreePort, startPostgres } from "../../tests/support/postgres.ts";
import { parseDatabaseUrl } from "../../app/db/database-target.ts";
import { openDatabaseAdapter } from "../db/adapter.ts";
import { applyPendingMigrations } from "../db/apply-migrations.ts";
import { fireDeliveries, formatFireTable, formatThroughputChart, signOrderDeliveries, type FireResult } from "./fire-webhooks.ts";
import { listPostgresPids, listProcessTree, readCpuMilliseconds } from "./process-cpu.ts";

const ROOT = path.join(import.meta.dirname, "../..");
const SHOP = "bench.myshopify.com";
const SECRET = randomBytes(32).toString("hex");
const SCALE = Math.min(1, Math.max(0.05, Number(process.env.BENCH_SCALE ?? 1)));
const LEVELS = [
  { concurrency: 1, requests: 200 },
  { concurrency: 8, requests: 1_000 },
  { concurrency: 16, requests: 1_500 },
  { concurrency: 32, requests: 2_000 },
  { concurrency: 48, requests: 2_000 },
  { concurrency: 64, requests: 2_000 },
].map((level) => ({ ...level, requests: Math.max(level.concurrency * 2, Math.round(level.requests * SCALE)) }));
const WARMUP_REQUESTS = 100;
const P99_TARGET_MS = 100;
const DRAIN_LIMIT_MS = 180_000;

const cleanups: (() => Promise<unknown>)[] = [];
const log = (line: string) => console.log(line);

async function main() {
  const serverBuild = prepareServerBuild();
  const workDir = await mkdtemp(path.join(tmpdir(), "affable-bench-"));
  if (process.env.BENCH_KEEP_LOGS === "1") log(`Server logs are kept in ${workDir}.`);
  else cleanups.push(() => rm(workDir, { recursive: true, force: true }));

  log("Starting a throwaway PostgreSQL…");
  const cluster = await startPostgres();
  cleanups.push(() => cluster.stop());
  const postgresUrl = await cluster.createDatabase("bench_webhooks");
  await migrateAndSeed(postgresUrl);

  // The app and the baseline take turns, level by level, so a slow spell of this shared machine (their figures
  // drift by ±40 % between runs minutes apart) lands on both rather than on one. The one not being measured is
  // frozen (SIGSTOP), or the app's background jobs would process its backlog on the baseline's time.
  const app = await startBenchServer("app on PostgreSQL", appCommand(serverBuild), appEnvironment(postgresUrl), workDir);
  const minimal = await startBenchServer(
    "baseline (node:http + HMAC + JSON.parse + one INSERT) on PostgreSQL",
    ["--import", "tsx", "tools/bench/baseline-webhook-server.ts"],
    { DATABASE_URL: postgresUrl, SHOPIFY_API_SECRET: SECRET },
    workDir,
  );
  const postgres: FireResult[] = [];
  const baseline: FireResult[] = [];
  for (const level of LEVELS) {
    minimal.freeze();
    postgres.push(await runLevel(app, level));
    app.freeze();
    minimal.thaw();
    baseline.push(await runLevel(minimal, level));
    app.thaw();
  }
  await app.stop();
  await minimal.stop();
  const drain = await drainInbox(postgresUrl);

  const pglite: FireResult[] = [];
  if (process.env.BENCH_SKIP_PGLITE !== "1") {
    const pgliteUrl = `pglite:${path.join(workDir, "pglite")}`;
    await migrateAndSeed(pgliteUrl);
    const embedded = await startBenchServer("app on PGlite (embedded)", appCommand(serverBuild), appEnvironment(pgliteUrl), workDir);
    for (const level of LEVELS) pglite.push(await runLevel(embedded, level));
    await embedded.stop();
  }

  log(formatFireTable("App on PostgreSQL", postgres));
  log(formatFireTable("Baseline on PostgreSQL", baseline));
  if (pglite.length > 0) log(formatFireTable("App on PGlite", pglite));
  log(formatThroughputChart([
    { label: "app, PostgreSQL", results: postgres },
    { label: "baseline", results: baseline },
    ...(pglite.length > 0 ? [{ label: "app, PGlite", results: pglite }] : []),
  ]));
  log(
    `\nInbox drain (processDueWebhookEvents, batches of 10, PostgreSQL): ${drain.drained} events in ${drain.seconds.toFixed(1)} s = ` +
      `${drain.rate.toFixed(0)}/s; the app's own worker had processed ${drain.processedByApp} of ${drain.total} while the load ran.`,
  );

  const best = pickBest(postgres);
  const bestBaseline = pickBest(baseline);
  const ratio = best.throughput / bestBaseline.throughput;
  log(
    `\nEach server's figure is its highest throughput with no errors and p99 ≤ ${P99_TARGET_MS} ms (its highest at all if no level meets that): ` +
      `the app at concurrency ${best.concurrency}, the baseline at ${bestBaseline.concurrency}. Targets: ≥ 500/s, p99 ≤ ${P99_TARGET_MS} ms, ratio ≥ 0.5.`,
  );
  log(`webhooks: throughput=${best.throughput.toFixed(0)}/s p99=${best.p99.toFixed(1)}ms baseline=${bestBaseline.throughput.toFixed(0)}/s ratio=${ratio.toFixed(2)}`);
}

/**
 * The throughput a server sustains within the latency target: its best level with no errors and p99 within
 * P99_TARGET_MS, else its best level with no errors, else its best level. The same rule for the app and the baseline.
 */
function pickBest(results: FireResult[]): FireResult {
  const clean = results.filter((result) => result.errors === 0);
  const withinTarget = clean.filter((result) => result.p99 <= P99_TARGET_MS);
  const candidates = withinTarget.length > 0 ? withinTarget : clean.length > 0 ? clean : results;
  return candidates.reduce((best, result) => (result.throughput > best.throughput ? result : best));
}

/**
 * Builds the app if needed, then copies the server build aside under the same lock: other builds replace build/
 * while this benchmark runs. The copy sits under node_modules/.cache so the bundle still resolves its packages.
 */
function prepareServerBuild(): string {
  const serverBuild = path.join(ROOT, "build/server/index.js");
  const copy = path.join(ROOT, "node_modules/.cache", `affable-bench-${process.pid}`);
  const rebuild = !existsSync(serverBuild) || process.env.BENCH_REBUILD === "1";
  if (rebuild) log("Building the app (serialised with other builds through /tmp/affable-e2e.lock)…");
  cleanups.push(() => rm(copy, { recursive: true, force: true }));
  // Bounded: a build that hangs for 10 minutes is a failure, not something to wait out.
  const script = `${rebuild ? "npm run build && " : ""}mkdir -p "${copy}" && cp -r build/server "${copy}/server"`;
  execFileSync("flock", ["/tmp/affable-e2e.lock", "-c", script], { cwd: ROOT, stdio: ["ignore", rebuild ? "inherit" : "ignore", "inherit"], timeout: 600_000 });
  return path.join(copy, "server/index.js");
}

/** BENCH_APP_NODE_ARGS adds node flags to the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles" to profile it. */
function appCommand(serverBuild: string): string[] {
  const extra = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  return [...extra, "server.ts", serverBuild];
}

function appEnvironment(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: SECRET,
    SCOPES: "read_orders,read_discounts,write_discounts",
    DATABASE_URL: databaseUrl,
  };
}

/** Migrations, then what a webhook needs to be accepted and attributed: shop, offline session, program, creator, code. */
async function migrateAndSeed(databaseUrl: string) {
  log(`Migrating and seeding ${databaseUrl.startsWith("pglite:") ? "the PGlite directory" : "PostgreSQL"}…`);
  const opened = await openDatabaseAdapter(parseDatabaseUrl(databaseUrl, ROOT), { poolSize: 1 });
  try {
    await applyPendingMigrations({ database: opened, migrationsDir: path.join(ROOT, "prisma/migrations") });
    const db = new PrismaClient({ adapter: opened.factory });
    try {
      await seedOrderShop(db, SHOP);
      await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: "read_orders", accessToken: "shpat_bench" } });
    } finally {
      await db.$disconnect();
    }
  } finally {
    await opened.close();
  }
}

interface BenchServer {
  label: string;
  url: string;
  pid: number | undefined;
  /** Suspends its processes (SIGSTOP), so they use no CPU while the other server is measured; thaw() resumes them. */
  freeze: () => void;
  thaw: () => void;
  stop: () => Promise<void>;
}

/** Starts a server as a child process, waits until it answers, and warms it up with WARMUP_REQUESTS deliveries. */
async function startBenchServer(label: string, args: string[], environment: Record<string, string>, workDir: string): Promise<BenchServer> {
  const port = await findFreePort();
  const logFile = path.join(workDir, `${label.split(" ")[0]}-${port}.log`);
  log(`\n${label}: starting on 127.0.0.1:${port} (server output in ${logFile})…`);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...environment, PORT: String(port), HOST: "127.0.0.1", SHOPIFY_APP_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = createWriteStream(logFile);
  child.stdout.pipe(output);
  child.stderr.pipe(output);
  // The whole tree: the app's background jobs run in a child process of their own.
  const signalTree = (signal: NodeJS.Signals) => {
    for (const pid of child.pid === undefined ? [] : listProcessTree(child.pid)) {
      try {
        process.kill(pid, signal);
      } catch {
        // Exited meanwhile.
      }
    }
  };
  const freeze = () => signalTree("SIGSTOP");
  const thaw = () => signalTree("SIGCONT");
  const stop = async () => {
    thaw();
    await stopChild(child);
  };
  cleanups.push(stop);
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(origin, child, label).catch(async (error: unknown) => {
    // The work directory is removed on the way out: show the server's last words now.
    const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-25).join("\n");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail}`, { cause: error });
  });
  const url = `${origin}/webhooks/orders/paid`;
  await fireDeliveries(url, signOrderDeliveries(WARMUP_REQUESTS, SHOP, SECRET), 8);
  return { label, url, pid: child.pid, freeze, thaw, stop };
}

async function runLevel(server: BenchServer, level: { concurrency: number; requests: number }): Promise<FireResult> {
  const deliveries = signOrderDeliveries(level.requests, SHOP, SECRET);
  const openingDeliveries = signOrderDeliveries(level.concurrency, SHOP, SECRET);
  let cpuBefore = sampleCpu(server.pid);
  const result = await fireDeliveries(server.url, deliveries, level.concurrency, { openingDeliveries, onClockStart: () => (cpuBefore = sampleCpu(server.pid)) });
  result.cpuPerRequest = cpuPerRequest(cpuBefore, sampleCpu(server.pid), result.ok);
  log(
    `  ${server.label.split(" (")[0]}, c=${level.concurrency}: ${result.ok}/${result.requests} ok in ${result.seconds.toFixed(1)} s, ` +
      `${result.throughput.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
      `CPU per request ${result.cpuPerRequest.server.toFixed(2)} ms server + ${result.cpuPerRequest.database.toFixed(2)} ms database` +
      (result.firstError ? ` (first error: ${result.firstError})` : ""),
  );
  return result;
}

interface CpuSample {
  server: number;
  database: number;
  loadGenerator: number;
}

/** CPU milliseconds used so far by the server under test (all its processes), by PostgreSQL, and by this process (the load generator). */
function sampleCpu(serverPid: number | undefined): CpuSample {
  const usage = process.cpuUsage();
  return {
    server: serverPid === undefined ? 0 : readCpuMilliseconds(listProcessTree(serverPid)),
    database: readCpuMilliseconds(listPostgresPids()),
    loadGenerator: (usage.user + usage.system) / 1000,
  };
}

function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): CpuSample {
  const per = (key: keyof CpuSample) => (after[key] - before[key]) / Math.max(1, requests);
  return { server: per("server"), database: per("database"), loadGenerator: per("loadGenerator") };
}

/** With the app stopped, the processor alone works through what its in-process worker had not reached yet. */
async function drainInbox(databaseUrl: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    // The handlers read the app's environment lazily (compliance pseudonyms); point it at this run.
    Object.assign(process.env, appEnvironment(databaseUrl), { SHOPIFY_APP_URL: "http://127.0.0.1" });
    const { processDueWebhookEvents } = await import("../../app/webhooks/process-webhook-events.server.ts");
    const total = await db.webhookEvent.count({ where: { shop: SHOP } });
    const processedByApp = await db.webhookEvent.count({ where: { shop: SHOP, status: "processed" } });
    log(`\nDraining the inbox: ${total - processedByApp} of ${total} stored events still to process…`);
    const started = performance.now();
    let drained = 0;
    let nextReport = started + 2_000;
    while (performance.now() - started < DRAIN_LIMIT_MS) {
      const summary = await processDueWebhookEvents(db, new Date(), 10);
      drained += summary.processed;
      if (summary.claimed === 0) break;
      if (summary.failed + summary.retrying + summary.invalid > 0) log(`  batch had failures: ${JSON.stringify(summary)}`);
      if (performance.now() > nextReport) {
        log(`  drained ${drained} (${(drained / ((performance.now() - started) / 1000)).toFixed(0)}/s)`);
        nextReport += 2_000;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const left = await db.webhookEvent.groupBy({ by: ["status"], where: { shop: SHOP, status: { not: "processed" } }, _count: true });
    for (const { status, _count: count } of left) {
      const why =
        status === "processing"
          ? "claimed by the app's own worker when it was stopped: its lease runs out after 2 minutes, then they are claimed again"
          : `after ${DRAIN_LIMIT_MS / 1000} s`;
      log(`  ${count} event(s) left ${status} (${why}).`);
    }
    return { total, processedByApp, drained, seconds, rate: drained / Math.max(seconds, 0.001) };
  } finally {
    await db.$disconnect();
  }
}

async function waitForHttp(origin: string, child: ChildProcess, label: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode} before it answered; its output follows.`);
    try {
      await fetch(origin, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await delay(200);
    }
  }
  throw new Error(`${label} did not answer at ${origin} within ${timeoutMs / 1000} s.`);
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  // A profiled app needs time to exit on its own (idle database connections close after 10 s) to write its profile.
  const graceMs = process.env.BENCH_APP_NODE_ARGS ? 20_000 : 5_000;
  if (!(await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]))) {
    child.kill("SIGKILL");
    await Promise.race([exited, delay(5_000)]);
  }
}


async function cleanUp() {
  // Last in, first out: servers before the database they use, the database before its directory.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error("cleanup:", error));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  await main();
} catch (error) {
  console.error(`bench:webhooks failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
