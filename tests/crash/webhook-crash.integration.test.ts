/**
 * Crash test for the webhook inbox: 200 signed orders/paid deliveries (some delivered twice) and partial refunds
 * (some twice) are stored through the real route, a processor in a child process is SIGKILLed mid-batch, and two
 * fresh processors with a short lease finish the work. Every event must then be processed exactly once in effect:
 * one accrual per order, each refund reversed once, ledger sums exact to the cent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { createMigratedDatabase } from "../support/app-test-harness";
import { readWebhookFixture, signedWebhookRequest, useTestAppEnvironment } from "../support/webhook-requests";
import { seedOrderShop } from "./seed-order-shop";

const postgresUrl = inject("postgresUrl");
const SECRET = "crash-secret";
const SHOP = "crash.myshopify.com";
const ORDERS = 200;
const FIRST_ORDER_ID = 6_100_000_000_000;
const PROJECT_ROOT = path.join(import.meta.dirname, "../..");
// The fixture order with the AMELIA15 code: 10% of $89.25 = $8.92 (half-even); its partial refund reverses $3.40.
const ACCRUAL_MINOR = 892n;
const PARTIAL_REFUND_MINOR = -340n;

type Action = (args: ActionFunctionArgs) => Promise<Response>;
let db: Database;
let databaseUrl: string;
const children: ChildProcess[] = [];

const orderId = (index: number) => FIRST_ORDER_ID + index;
const isRefunded = (index: number) => index % 3 === 0;

function startProcessor(leaseMs: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/crash/process-webhooks-child.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LEASE_MS: String(leaseMs), BATCH_SIZE: "10", MAX_RUNTIME_MS: "60000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null) console.log(`processor ${child.pid} exited with ${code}: ${stderr.slice(-2000)}`);
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
    throw new Error(`processor ${child.pid} did not exit within ${timeoutMs} ms`);
  });
  return Promise.race([exited, timeout]);
}

async function storeDeliveries(): Promise<number> {
  const routes: Record<"orders/paid" | "refunds/create", Action> = {
    "orders/paid": (await import("../../app/routes/webhooks.orders.paid")).action,
    "refunds/create": (await import("../../app/routes/webhooks.refunds.create")).action,
  };
  const order = readWebhookFixture("orders-paid-code");
  const refund = readWebhookFixture("refunds-create-partial");
  const deliveries: { topic: "orders/paid" | "refunds/create"; body: Record<string, unknown>; webhookId: string }[] = [];
  for (let index = 0; index < ORDERS; index++) {
    const id = orderId(index);
    const orderBody = { ...order, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${2000 + index}` };
    deliveries.push({ topic: "orders/paid", body: orderBody, webhookId: `order-${index}` });
    // Shopify delivers some events twice under different webhook ids.
    if (index % 10 === 0) deliveries.push({ topic: "orders/paid", body: orderBody, webhookId: `order-${index}-again` });
    if (isRefunded(index)) {
      const refundId = 9_900_000_000 + index;
      const refundBody = { ...refund, id: refundId, order_id: id, admin_graphql_api_id: `gid://shopify/Refund/${refundId}` };
      deliveries.push({ topic: "refunds/create", body: refundBody, webhookId: `refund-${index}` });
      if (index % 15 === 0) deliveries.push({ topic: "refunds/create", body: refundBody, webhookId: `refund-${index}-again` });
    }
  }
  for (const delivery of deliveries) {
    const request = signedWebhookRequest({ shop: SHOP, secret: SECRET, ...delivery });
    const response = await routes[delivery.topic]({ request, params: {}, context: {} });
    expect(response.status).toBe(200);
  }
  // A retry of an already stored delivery (same webhook id) is acknowledged and not stored again.
  const retry = signedWebhookRequest({ shop: SHOP, secret: SECRET, ...deliveries[0]! });
  expect(await (await routes["orders/paid"]({ request: retry, params: {}, context: {} })).text()).toBe("Already received");
  return deliveries.length;
}

describe.skipIf(postgresUrl === null)("webhook processor killed mid-batch (PostgreSQL, child processes)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "webhook_crash");
    db = created.db;
    databaseUrl = created.url;
    useTestAppEnvironment(created.url, SECRET);
    await seedOrderShop(db, SHOP);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await db?.$disconnect();
    await (await import("../../app/db.server")).default.$disconnect();
  });

  it("loses nothing and doubles nothing when the processor is SIGKILLed mid-batch", { timeout: 120_000 }, async () => {
    const stored = await storeDeliveries();
    expect(await db.webhookEvent.count({ where: { shop: SHOP, status: "received" } })).toBe(stored);

    const first = startProcessor(1_500);
    // Kill once some, but far from all, events are processed; bounded by 30 s.
    const killDeadline = Date.now() + 30_000;
    let processedAtKill = 0;
    while (Date.now() < killDeadline) {
      processedAtKill = await db.webhookEvent.count({ where: { shop: SHOP, status: "processed" } });
      if (processedAtKill >= 25) break;
      if (first.exitCode !== null) throw new Error("The first processor exited before it could be killed.");
      await delay(10);
    }
    first.kill("SIGKILL");
    expect(await waitForExit(first, 10_000)).toMatchObject({ signal: "SIGKILL" });
    const afterKill = await db.webhookEvent.groupBy({ by: ["status"], where: { shop: SHOP }, _count: true });
    const processedAfterKill = afterKill.find((group) => group.status === "processed")?._count ?? 0;
    expect(processedAfterKill).toBeGreaterThanOrEqual(25);
    expect(processedAfterKill).toBeLessThan(stored);

    // Two fresh processors at once: they share the rest (SKIP LOCKED) and reclaim the dead run's events once its
    // short lease has run out.
    const recovery = [startProcessor(1_500), startProcessor(1_500)];
    for (const child of recovery) expect(await waitForExit(child, 90_000)).toMatchObject({ code: 0 });

    const statuses = await db.webhookEvent.groupBy({ by: ["status"], where: { shop: SHOP }, _count: true });
    expect(statuses.map((group) => [group.status, group._count])).toEqual([["processed", stored]]);

    const refundedOrders = Array.from({ length: ORDERS }, (_, index) => index).filter(isRefunded).length;
    expect(await db.attributedOrder.count({ where: { shop: SHOP } })).toBe(ORDERS);
    expect(await db.deferredOrderEvent.count({ where: { shop: SHOP } })).toBe(0);
    const commissions = await db.commission.findMany({ where: { shop: SHOP }, include: { entries: true } });
    expect(commissions).toHaveLength(ORDERS);
    for (const commission of commissions) {
      const index = Number(commission.shopifyOrderId.split("/").pop()) - FIRST_ORDER_ID;
      const expected = isRefunded(index) ? [["accrual", ACCRUAL_MINOR], ["refund_reversal", PARTIAL_REFUND_MINOR]] : [["accrual", ACCRUAL_MINOR]];
      const entries = commission.entries.map((entry) => [entry.kind, entry.amountMinor]).sort(([a], [b]) => String(a).localeCompare(String(b)));
      expect({ order: index, entries }).toEqual({ order: index, entries: expected });
      expect(commission.netMinor).toBe(expected.reduce((sum, [, amount]) => sum + (amount as bigint), 0n));
    }
    const totals = await db.ledgerEntry.aggregate({ where: { shop: SHOP }, _sum: { amountMinor: true }, _count: true });
    expect(totals._count).toBe(ORDERS + refundedOrders);
    expect(totals._sum.amountMinor).toBe(BigInt(ORDERS) * ACCRUAL_MINOR + BigInt(refundedOrders) * PARTIAL_REFUND_MINOR);
  });
});
