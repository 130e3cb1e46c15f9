/**
 * Crash test for the payout job: an approved PayPal run of 40 creators is worked by the job in a child process,
 * against a PayPal-like stand-in served by this test (it outlives the children, and like PayPal it keeps one payment
 * per sender_item_id). The first child is SIGKILLed during a submit (after the stand-in recorded the payments, before
 * the job stored the answer), the second during the status sync, and a third finishes. Then every creator is paid
 * exactly once, nothing was sent again for a payment the stand-in already had, and the ledger equals the stand-in's
 * records: Σ of the succeeded items' payouts = Σ of the payments made, cent for cent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { createMigratedDatabase } from "../support/app-test-harness";
import { useTestAppEnvironment } from "../support/webhook-requests";

const postgresUrl = inject("postgresUrl");
const SHOP = "payout-crash.myshopify.com";
const CREATORS = 40;
const PROJECT_ROOT = path.join(import.meta.dirname, "../..");
const NOW = new Date();

type SentItem = { itemId: string; senderItemId: string; senderBatchId: string | null; amountMinor: string };

/** The stand-in: payments by sender_item_id; every 4th one stays PENDING until it has been looked up twice. */
class Remote {
  readonly payments = new Map<string, { amountMinor: bigint; payoutItemId: string; pendingLookUps: number }>();
  /** Sends of a sender_item_id the stand-in already had: the job must look up first, so this stays 0. */
  resends = 0;
  submits = 0;
  lookUps = 0;
  onSubmit: ((count: number) => boolean) | null = null;
  onLookUp: ((count: number) => boolean) | null = null;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const items = JSON.parse(body) as SentItem[];
        if (request.url === "/submit") {
          this.submits += 1;
          for (const item of items) {
            if (this.payments.has(item.senderItemId)) {
              this.resends += 1;
              continue;
            }
            this.payments.set(item.senderItemId, { amountMinor: BigInt(item.amountMinor), payoutItemId: `PI-${this.payments.size + 1}`, pendingLookUps: this.payments.size % 4 === 0 ? 2 : 0 });
          }
          // Killed here: the payments exist at "PayPal", the job never hears the answer.
          if (this.onSubmit?.(this.submits)) return;
        } else {
          this.lookUps += 1;
          if (this.onLookUp?.(this.lookUps)) return;
        }
        const reports = items.map((item) => {
          const payment = this.payments.get(item.senderItemId);
          if (payment === undefined) return { itemId: item.itemId, outcome: "unknown" };
          if (request.url === "/lookup" && payment.pendingLookUps > 0) payment.pendingLookUps -= 1;
          if (payment.pendingLookUps > 0) return { itemId: item.itemId, outcome: "submitted", providerItemId: payment.payoutItemId, providerStatus: "PENDING" };
          return { itemId: item.itemId, outcome: "succeeded", providerItemId: payment.payoutItemId, providerStatus: "SUCCESS" };
        });
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reports));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let db: Database;
let databaseUrl: string;
const remote = new Remote();
let remoteUrl = "";
const children: ChildProcess[] = [];

function startJob(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/crash/run-payout-job-child.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, REMOTE_URL: remoteUrl, LEASE_MS: "1500", BATCH_SIZE: "10", MAX_RUNTIME_MS: "60000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null) console.log(`payout job ${child.pid} exited with ${code}: ${stderr.slice(-2000)}`);
  });
  children.push(child);
  return child;
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const timeout = delay(timeoutMs).then(() => {
    throw new Error(`payout job ${child.pid} did not exit within ${timeoutMs} ms`);
  });
  return Promise.race([exited, timeout]);
}

async function seedApprovedRun(): Promise<string> {
  await db.shop.create({ data: { shop: SHOP, name: "Crash Co", currencyCode: "USD", ianaTimezone: "UTC" } });
  const run = await db.payoutRun.create({
    data: { shop: SHOP, status: "approved", currency: "USD", totalMinor: 0n, itemCount: CREATORS, trigger: "manual", plannedAt: NOW, plannedBy: "staff:1", approvedAt: NOW, approvedBy: "staff:1" },
  });
  for (let index = 0; index < CREATORS; index++) {
    const creator = await db.creator.create({ data: { shop: SHOP, handle: `c${index}`, name: `Creator ${index}`, email: `c${index}@example.com`, refToken: `r_c${index}`, status: "approved" } });
    const itemId = `item_${String(index).padStart(3, "0")}`;
    const amountMinor = BigInt(1_000 + index * 7);
    const payout = await db.payout.create({
      data: { shop: SHOP, creatorId: creator.id, currency: "USD", amountMinor, commissionCount: 0, method: "paypal", createdBy: "staff:1", requestKey: `run:${run.id}:${creator.id}`, createdAt: NOW, runItemId: itemId },
    });
    await db.payoutRunItem.create({
      data: { id: itemId, shop: SHOP, runId: run.id, creatorId: creator.id, status: "approved", method: "paypal", currency: "USD", amountMinor, senderItemId: `AFF-${itemId}`, payoutId: payout.id },
    });
  }
  return run.id;
}

describe.skipIf(postgresUrl === null)("payout job crash test (PostgreSQL, SIGKILL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "payout_crash");
    db = created.db;
    databaseUrl = created.url;
    useTestAppEnvironment(created.url, "crash-secret");
    remoteUrl = await remote.start();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await remote.stop();
    await db?.$disconnect();
  });

  it("killed during submit and during status sync, the run still pays every creator exactly once and the ledger equals the provider", { timeout: 120_000 }, async () => {
    const runId = await seedApprovedRun();

    // 1. Killed during the third submit: 20 payments recorded at the stand-in, the answer to the third batch lost.
    const first = startJob();
    remote.onSubmit = (count) => {
      if (count !== 3) return false;
      first.kill("SIGKILL");
      return true;
    };
    expect(await waitForExit(first, 60_000)).toMatchObject({ signal: "SIGKILL" });
    remote.onSubmit = null;
    expect(remote.payments.size).toBe(30);
    expect(await db.payoutRunItem.count({ where: { runId, status: "submitting" } })).toBe(10);

    // 2. The next process waits out the lease, looks the cut-off batch up, sends the rest; killed in the status sync.
    const second = startJob();
    const lookUpsBefore = remote.lookUps;
    remote.onLookUp = (count) => {
      // The first look-up is the resume of the cut-off batch; kill in a look-up of the submitted run's sync.
      if (count < lookUpsBefore + 2) return false;
      second.kill("SIGKILL");
      return true;
    };
    expect(await waitForExit(second, 60_000)).toMatchObject({ signal: "SIGKILL" });
    remote.onLookUp = null;
    expect((await db.payoutRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("submitted");

    // 3. A third process finishes the sync.
    const third = startJob();
    expect(await waitForExit(third, 60_000)).toMatchObject({ code: 0 });

    const run = await db.payoutRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "settled", leaseOwner: null });
    const items = await db.payoutRunItem.findMany({ where: { runId } });
    expect(items.filter((item) => item.status === "succeeded")).toHaveLength(CREATORS);
    // Paid exactly once: one payment per creator, and nothing sent again that the stand-in already had.
    expect(remote.payments.size).toBe(CREATORS);
    expect(remote.resends).toBe(0);
    expect(new Set(items.map((item) => item.providerItemId)).size).toBe(CREATORS);
    // Ledger equal to provider records: each item's payout stands (not voided), amounts match payment by payment.
    const payouts = await db.payout.findMany({ where: { shop: SHOP, id: { in: items.map((item) => item.payoutId ?? "") } } });
    expect(payouts.every((payout) => payout.voidedAt === null)).toBe(true);
    for (const item of items) expect(remote.payments.get(item.senderItemId)?.amountMinor).toBe(item.amountMinor);
    const ledgerTotal = payouts.reduce((sum, payout) => sum + payout.amountMinor, 0n);
    const providerTotal = [...remote.payments.values()].reduce((sum, payment) => sum + payment.amountMinor, 0n);
    expect(ledgerTotal).toBe(providerTotal);
  });
});
