/**
 * `npm run bench:storefront`: what the theme app embed costs a shopper. Starts the stack (local Shopify + the built
 * app on a temporary PGlite) on its own ports, then loads one storefront product page in Chromium, each load in a
 * fresh browser context (cold cache, no cookies, like a first visit), in three modes interleaved round by round so
 * drift hits them equally:
 *   off      the app embed switched off in the theme
 *   on       switched on, an ordinary page view (the script only reads its cookie / session)
 *   on+ref   switched on, arriving by a referral link (?ref=…): the script also writes the cart and sends the beacon
 * For each mode it prints the median and p95 of DOMContentLoaded, load, Total Blocking Time (Long Tasks over 50 ms,
 * PerformanceObserver `longtask`) and main-thread script evaluation time (CDP Performance.getMetrics ScriptDuration).
 *
 * The last line is the summary; "added" compares the worse of the two "on" modes with "off", by median:
 *   storefront: script=<bytes>B gzip=<bytes>B blocking_added=<ms>ms dcl_added=<ms>ms
 * blocking_added is the added main-thread script time (every millisecond of it blocks the page); the TBT column
 * shows whether any of it formed a long task.
 *
 * Options (environment): BENCH_RUNS (loads per mode, default 20), BENCH_PORT_BASE (default 4950: admin, +1 tunnel,
 * +2 app, +3 SMTP). Everything is on 127.0.0.1, bounded (a 10-minute deadline), and every process and temporary
 * directory is removed even on failure. Needs the app built (`npm run build`).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { CHROME_USER_AGENT, CHROMIUM_ARGS, CHROMIUM_PATH } from "../../tests/support/chromium.ts";
import { loadAppCredentials } from "../app-credentials.ts";
import { startStack } from "../stack.ts";
import { runBench } from "./run-bench.ts";

const ROOT = path.join(import.meta.dirname, "../..");
const RUNS = Math.min(200, Math.max(3, Number(process.env.BENCH_RUNS ?? 20)));
const WARMUP_ROUNDS = 2;
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4950);
const PORTS = { admin: PORT_BASE, tunnel: PORT_BASE + 1, app: PORT_BASE + 2, smtp: PORT_BASE + 3 };
const ORIGIN = `http://127.0.0.1:${PORTS.admin}`;
const DEADLINE_MS = 600_000;
/** A well-formed ref no creator has: the script does all its work; the app records nothing. */
const BENCH_REF = "r_benchstorefront";
/** After the load event: long enough for the deferred script's fetch and beacon to settle into the metrics. */
const SETTLE_MS = 300;

const MODES = [
  { name: "off", embed: false, query: "" },
  { name: "on", embed: true, query: "" },
  { name: "on+ref", embed: true, query: `?ref=${BENCH_REF}` },
] as const;
type ModeName = (typeof MODES)[number]["name"];

interface Sample {
  /** Time to first byte: the server's share, so a DCL difference can be told apart from the browser's work. */
  ttfb: number;
  dcl: number;
  load: number;
  tbt: number;
  script: number;
}

const cleanups: (() => Promise<unknown>)[] = [];
const log = (line: string) => console.log(line);

async function main() {
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) throw new Error("The app is not built: run `npm run build` first.");
  await Promise.all(Object.values(PORTS).map(assertPortFree));
  const workDir = await mkdtemp(path.join(tmpdir(), "affable-bench-storefront-"));
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));

  log(`Starting the stack on ports ${PORTS.admin}–${PORTS.smtp} with a temporary PGlite…`);
  const stack = await startStack({
    projectRoot: ROOT,
    credentials: loadAppCredentials(ROOT, path.join(workDir, "app-secret")),
    databaseUrl: `pglite:${path.join(workDir, "pglite")}`,
    devstoreStateFile: path.join(workDir, "devstore-state.json"),
    ports: PORTS,
    logDirectory: path.join(workDir, "logs"),
    log,
  });
  cleanups.push(() => stack.stop());

  const productPath = `/products/${await readFirstProductHandle()}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  cleanups.push(() => browser.close());

  const scriptUrl = await findEmbedScriptUrl(browser, productPath);
  const script = Buffer.from(await (await fetch(scriptUrl, { signal: AbortSignal.timeout(10_000) })).arrayBuffer());
  const gzipped = gzipSync(script, { level: 9 });
  log(`Extension script ${new URL(scriptUrl).pathname}: ${script.length} B raw, ${gzipped.length} B gzipped (budget 2048 B).`);

  log(`Loading ${productPath} ${RUNS}× per mode (after ${WARMUP_ROUNDS} warm-up rounds)…`);
  const samples: Record<ModeName, Sample[]> = { off: [], on: [], "on+ref": [] };
  for (let round = 0; round < WARMUP_ROUNDS + RUNS; round += 1) {
    for (const mode of MODES) {
      await setAppEmbed(mode.embed);
      const sample = await measureLoad(browser, `${ORIGIN}${productPath}${mode.query}`, mode.embed);
      if (round >= WARMUP_ROUNDS) samples[mode.name].push(sample);
    }
  }
  await setAppEmbed(false);

  log("");
  log("mode     TTFB median/p95  DCL median/p95   load median/p95  TBT median/p95   script median/p95 (ms)");
  for (const mode of MODES) {
    const column = (key: keyof Sample) => `${format(median(samples[mode.name].map((s) => s[key])))}/${format(p95(samples[mode.name].map((s) => s[key])))}`.padEnd(17);
    log(`${mode.name.padEnd(9)}${column("ttfb")}${column("dcl")}${column("load")}${column("tbt")}${column("script")}`);
  }
  const added = (key: keyof Sample) => {
    const off = median(samples.off.map((s) => s[key]));
    return Math.max(0, ...(["on", "on+ref"] as const).map((name) => median(samples[name].map((s) => s[key])) - off));
  };
  log("");
  log(`storefront: script=${script.length}B gzip=${gzipped.length}B blocking_added=${format(added("script"))}ms dcl_added=${format(added("dcl"))}ms`);
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () => reject(new Error(`Port ${port} is in use: stop what uses it, or set BENCH_PORT_BASE to a free range.`)));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

async function readFirstProductHandle(): Promise<string> {
  const state = (await (await fetch(`${ORIGIN}/__devstore/state`, { signal: AbortSignal.timeout(10_000) })).json()) as { products: Array<{ handle: string; status: string }> };
  const product = state.products.find((candidate) => candidate.status === "ACTIVE");
  if (!product) throw new Error("The local Shopify has no active product to load.");
  return product.handle;
}

async function setAppEmbed(enabled: boolean) {
  const response = await fetch(`${ORIGIN}/__devstore/storefront/app-embed`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ enabled }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Switching the app embed ${enabled ? "on" : "off"} failed: ${response.status} ${await response.text()}`);
}

/** The extension script's URL as the storefront renders it (so the bytes measured are the bytes served). */
async function findEmbedScriptUrl(browser: Browser, productPath: string): Promise<string> {
  await setAppEmbed(true);
  const context = await browser.newContext({ userAgent: CHROME_USER_AGENT });
  try {
    const page = await context.newPage();
    await page.goto(`${ORIGIN}${productPath}`, { timeout: 30_000 });
    const src = await page.locator('script[src*="/extensions/"]').first().getAttribute("src", { timeout: 5_000 });
    if (!src) throw new Error("The product page has no app embed script although the embed is on.");
    return new URL(src, ORIGIN).toString();
  } finally {
    await context.close();
  }
}

async function measureLoad(browser: Browser, url: string, expectEmbed: boolean): Promise<Sample> {
  const context = await browser.newContext({ userAgent: CHROME_USER_AGENT, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { __benchLongTasks: number[] }).__benchLongTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "timeTicks" });
    await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    await delay(SETTLE_MS);
    const hasEmbed = (await page.locator('script[src*="/extensions/"]').count()) > 0;
    if (hasEmbed !== expectEmbed) throw new Error(`${url}: the app embed is ${hasEmbed ? "present" : "missing"} but should be ${expectEmbed ? "on" : "off"}.`);
    const timing = await page.evaluate(() => {
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const tasks = (window as unknown as { __benchLongTasks: number[] }).__benchLongTasks;
      return {
        ttfb: navigation.responseStart,
        dcl: navigation.domContentLoadedEventEnd,
        load: navigation.loadEventEnd,
        tbt: tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      };
    });
    const { metrics } = await cdp.send("Performance.getMetrics");
    const scriptSeconds = metrics.find((metric) => metric.name === "ScriptDuration")?.value ?? 0;
    return { ...timing, script: scriptSeconds * 1000 };
  } finally {
    await context.close();
  }
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function median(values: number[]): number {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? (ordered[middle] ?? 0) : ((ordered[middle - 1] ?? 0) + (ordered[middle] ?? 0)) / 2;
}

/** Nearest-rank 95th percentile. */
function p95(values: number[]): number {
  const ordered = sorted(values);
  return ordered[Math.max(0, Math.ceil(ordered.length * 0.95) - 1)] ?? 0;
}

function format(ms: number): string {
  return ms.toFixed(1);
}

runBench({ name: "storefront", deadlineMs: DEADLINE_MS, cleanups, main });
