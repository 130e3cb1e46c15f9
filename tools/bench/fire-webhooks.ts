/**
 * The benchmark's load generator: signed orders/paid deliveries (the real-shaped fixture with the creator's code,
 * a unique order and webhook id each), fired at a fixed concurrency, with acknowledged throughput and latency
 * percentiles. Bodies are signed before the clock starts, so the figures measure the server, not the signing.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";

const FIXTURE = path.join(import.meta.dirname, "../../tests/fixtures/webhooks/orders-paid-code.json");

export interface FireResult {
  concurrency: number;
  requests: number;
  ok: number;
  errors: number;
  /** The first non-200 answer or error, to say what went wrong. */
  firstError: string | null;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** CPU milliseconds per acknowledged request, by process group, measured from /proc (absent where unreadable). */
  cpuPerRequest?: { server: number; database: number; loadGenerator: number };
}

interface SignedDelivery {
  body: Buffer;
  headers: Record<string, string>;
}

let nextOrderId = 7_000_000_000_000;

export function signOrderDeliveries(count: number, shop: string, secret: string): SignedDelivery[] {
  const fixture = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;
  return Array.from({ length: count }, () => {
    const id = nextOrderId++;
    const body = Buffer.from(JSON.stringify({ ...fixture, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${id % 100_000}` }));
    return {
      body,
      // The headers a real delivery carries (Shopify's webhook client is "Shopify-Captain-Hook").
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(body.length),
        "User-Agent": "Shopify-Captain-Hook",
        Accept: "*/*",
        "Accept-Encoding": "gzip;q=1.0,deflate;q=0.6,identity;q=0.3",
        "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
        "X-Shopify-Topic": "orders/paid",
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
    };
  });
}

/**
 * Sends every delivery with `concurrency` requests in flight over keep-alive connections; each request is bounded
 * by `timeoutMs`. node:http rather than fetch: the load generator shares the machine's two cores with the server
 * and the database, and fetch costs it about three times the CPU per request, which the server would then lack.
 *
 * `openingDeliveries` (one per connection) are sent first, all at once and unmeasured, so the level measures
 * steady traffic over open connections, as Shopify's delivery workers keep them, rather than `concurrency` TCP
 * handshakes racing the first requests (which cost both servers alike hundreds of milliseconds at c=64).
 */
export async function fireDeliveries(
  url: string,
  deliveries: SignedDelivery[],
  concurrency: number,
  options: { timeoutMs?: number; openingDeliveries?: SignedDelivery[]; onClockStart?: () => void } = {},
): Promise<FireResult> {
  const { timeoutMs = 10_000, openingDeliveries = [], onClockStart } = options;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  await Promise.all(openingDeliveries.map((delivery) => post(url, delivery, agent, timeoutMs).catch(() => undefined)));
  onClockStart?.();
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < deliveries.length; index = next++) {
      const delivery = deliveries[index]!;
      const sent = performance.now();
      try {
        const response = await post(url, delivery, agent, timeoutMs);
        if (response.status !== 200) {
          errors += 1;
          firstError ??= `HTTP ${response.status}: ${response.text.slice(0, 200)}`;
          continue;
        }
        latencies.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) => latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? Number.NaN;
  return {
    concurrency,
    requests: deliveries.length,
    ok: latencies.length,
    errors,
    firstError,
    seconds,
    throughput: latencies.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

function post(url: string, delivery: SignedDelivery, agent: Agent, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", agent, headers: delivery.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(delivery.body);
  });
}

export function formatFireTable(title: string, results: FireResult[]): string {
  const header = "concurrency  requests  ok      errors  throughput/s  p50 ms  p95 ms  p99 ms  max ms  CPU ms/request: server  database  load";
  const rows = results.map((result) =>
    [
      String(result.concurrency).padStart(11),
      String(result.requests).padStart(9),
      String(result.ok).padStart(7),
      String(result.errors).padStart(7),
      result.throughput.toFixed(0).padStart(13),
      result.p50.toFixed(1).padStart(7),
      result.p95.toFixed(1).padStart(7),
      result.p99.toFixed(1).padStart(7),
      result.max.toFixed(1).padStart(7),
      (result.cpuPerRequest?.server.toFixed(2) ?? "-").padStart(24),
      (result.cpuPerRequest?.database.toFixed(2) ?? "-").padStart(9),
      (result.cpuPerRequest?.loadGenerator.toFixed(2) ?? "-").padStart(5),
    ].join(" "),
  );
  const failures = results.filter((result) => result.firstError).map((result) => `  c=${result.concurrency}: ${result.firstError}`);
  return [`\n${title}`, header, ...rows, ...failures].join("\n");
}

/**
 * Throughput per concurrency as horizontal bars, one group per level, one bar per server, on one scale: the
 * comparison the tables hold, readable at a glance in a terminal.
 */
export function formatThroughputChart(series: { label: string; results: FireResult[] }[], width = 50): string {
  const max = Math.max(1, ...series.flatMap((entry) => entry.results.map((result) => result.throughput)));
  const labelWidth = Math.max(...series.map((entry) => entry.label.length));
  const levels = [...new Set(series.flatMap((entry) => entry.results.map((result) => result.concurrency)))].sort((a, b) => a - b);
  const lines = ["\nThroughput (acknowledged webhooks per second) by concurrency"];
  for (const concurrency of levels) {
    lines.push(`c=${concurrency}`);
    for (const entry of series) {
      const result = entry.results.find((candidate) => candidate.concurrency === concurrency);
      if (!result) continue;
      const bar = "█".repeat(Math.max(result.throughput > 0 ? 1 : 0, Math.round((result.throughput / max) * width)));
      lines.push(`  ${entry.label.padEnd(labelWidth)} ${bar} ${result.throughput.toFixed(0)}/s (p99 ${result.p99.toFixed(0)} ms)`);
    }
  }
  return lines.join("\n");
}
