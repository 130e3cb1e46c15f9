/**
 * The crash test of issue 13 ("a crash or kill at any moment, a double click, two app instances, or a provider
 * timeout followed by a retry never produces a second payment"), end to end on the real path:
 *
 * - commissions made from real-shaped orders/paid payloads, a run planned and approved by the payout run services
 *   (planRun / approveRun: Payout rows and `payout` ledger rows per creator);
 * - the payout job (runPayoutJobOnce with the app's provider registry: the real PayPal provider and client) in child
 *   processes (tests/crash/run-payout-job-child.ts) reaching PayPal as the app does, through devstore/intercept.mjs
 *   to the local PayPal, which this test serves so it outlives every child; this process plays the app started
 *   again after a kill, and the second instance beside a child;
 * - the local PayPal's chaos switch holds the answer to a call after PayPal stored what it was asked, and the child
 *   is SIGKILLed then: during a submit (PayPal has the batch, the app never heard) and during the status sync.
 *
 * After each scenario the money is compared with the local PayPal's own records, cent for cent: one batch per
 * sender_batch_id, one payment per sender_item_id, every creator paid exactly once, the merchant's PayPal balance
 * down by exactly the payments that succeeded, Σ of the `payout` ledger rows = Σ of PayPal's SUCCESS items, and the
 * commissions of failed items (FAILED, UNCLAIMED → RETURNED after 30 days) owed again and paid by a later run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { changeCommissionStatuses, reverseCommission } from "../../app/services/orders-commissions/change-commission-status.server";
import { runPayoutJobOnce, type PayoutJobOptions } from "../../app/services/payouts/execute/run-payout-job.server";
import { listCreatorsOwed } from "../../app/services/payouts/list-creators-owed.server";
import { connectPaypal } from "../../app/services/payouts/paypal/connect-paypal.server";
import { createPaypalPayoutProvider, paypalPayoutProvider } from "../../app/services/payouts/paypal/paypal-payout-provider.server";
import type { PayoutProvider } from "../../app/services/payouts/providers/payout-provider";
import { receivePaypalWebhook } from "../../app/services/payouts/paypal/receive-paypal-webhook.server";
import { approveRun } from "../../app/services/payouts/runs/approve-payout-run.server";
import { planRun } from "../../app/services/payouts/runs/plan-payout-run.server";
import type { ReceiverBehaviour } from "../../devstore/paypal/paypal-state";
import { createMigratedDatabase, startShopifyHarness, type ShopifyHarness } from "../support/app-test-harness";
import { connectShopToLocalPaypal } from "../support/paypal-fixtures";
import { createFixtureOrderRecorder, seedFixtureOrderShop } from "../support/record-fixture-order";
import { useTestAppEnvironment } from "../support/webhook-requests";

const postgresUrl = inject("postgresUrl");
const PROJECT_ROOT = path.join(import.meta.dirname, "../..");
const OWNER = "7001";
const NOW = new Date();
const MINUTE = 60_000;

let db: Database;
let databaseUrl = "";
let harness: ShopifyHarness;
let receiver: ServerType | null = null;
let receiverUrl = "";
let devstorePort = 0;
const children: ChildProcess[] = [];
/** The job processes, started in beforeAll so they load while the shops are seeded. */
let jobs: { killedInSubmit: JobProcess; killedInSync: JobProcess; twin: JobProcess };
/** Webhooks the local PayPal delivered to the app's webhook service, with the app's answer. */
const deliveries: { shop: string; eventId: string; eventType: string; status: number }[] = [];
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_400_000_000_001 });

// ───────────── the local PayPal ─────────────

function paypal() {
  const local = harness.devstore.paypal;
  if (!local) throw new Error("the devstore runs without its local PayPal");
  return local;
}

function sandbox() {
  return paypal().store.read().sandbox;
}

async function chaos(changes: Record<string, unknown>): Promise<void> {
  await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", ...changes });
}

async function receivers(behaviour: ReceiverBehaviour, emails: string[]): Promise<void> {
  for (const receiver of emails) await harness.control("/__devstore/paypal/receivers", { environment: "sandbox", receiver, behaviour });
}

/** A PayPal REST app (its own balance and batches) for one shop. */
async function newPaypalAccount(name: string): Promise<{ clientId: string; clientSecret: string }> {
  const account = { clientId: `crash-${name}`, clientSecret: `crash-secret-${name}` };
  await harness.control("/__devstore/paypal/accounts", { environment: "sandbox", ...account, balances: { USD: "10000.00" } });
  return account;
}

function balance(clientId: string): bigint {
  return BigInt(sandbox().accounts.find((account) => account.clientId === clientId)!.balances.USD ?? "0");
}

function batchesOf(clientId: string) {
  return sandbox().batches.filter((batch) => batch.clientId === clientId);
}

function paypalItemsOf(clientId: string) {
  const batchIds = new Set(batchesOf(clientId).map((batch) => batch.payout_batch_id));
  return sandbox().items.filter((item) => batchIds.has(item.payout_batch_id));
}

function batchBySender(clientId: string, senderBatchId: string) {
  return batchesOf(clientId).find((batch) => batch.sender_batch_header.sender_batch_id === senderBatchId) ?? null;
}

// ───────────── the shop, its creators and the run ─────────────

type CreatorSpec = { handle: string; commissions: number; reversedMinor?: bigint };
type SeededCreator = { id: string; handle: string; email: string };

/** A USD shop with an owner who may approve payouts, and creators paid by PayPal with approved commissions. */
async function seedShop(shop: string, specs: CreatorSpec[]): Promise<SeededCreator[]> {
  await seedFixtureOrderShop(db, shop);
  await db.staffMember.create({ data: { shop, userId: OWNER, isOwner: true, firstSeenAt: NOW, lastSeenAt: NOW } });
  const creators: SeededCreator[] = [];
  for (const spec of specs) {
    const email = `${spec.handle}.${shop.split(".")[0]}@example.com`;
    const creator = await db.creator.create({
      data: { shop, handle: spec.handle, name: spec.handle[0]!.toUpperCase() + spec.handle.slice(1), email: `${spec.handle}@example.com`, refToken: `r_${spec.handle}_${shop}`, status: "approved" },
    });
    await db.creatorPayoutProfile.create({ data: { shop, creatorId: creator.id, method: "paypal", paypalEmail: email } });
    const ids: string[] = [];
    for (let index = 0; index < spec.commissions; index++) {
      const commission = await recordOrder(shop, 40);
      await db.commission.update({ where: { id: commission.id }, data: { creatorId: creator.id } });
      ids.push(commission.id);
    }
    const approved = await changeCommissionStatuses({ db, shop, actor: "staff:setup", action: "approve", commissionIds: ids, now: NOW });
    if (!approved.ok) throw new Error(`could not approve ${spec.handle}'s commissions`);
    if (spec.reversedMinor !== undefined) {
      const reversed = await reverseCommission({ db, shop, commissionId: ids[0]!, amount: { amountMinor: spec.reversedMinor, currency: "USD" }, reason: "Partly returned", actor: "staff:setup", eventKey: `rev-${spec.handle}`, now: NOW });
      if (!reversed.ok) throw new Error(`could not reverse part of ${spec.handle}'s commission: ${reversed.message}`);
    }
    creators.push({ id: creator.id, handle: spec.handle, email });
  }
  return creators;
}

async function planAndApprove(shop: string, requestKey: string): Promise<string> {
  const planned = await planRun(db, shop, `staff:${OWNER}`, requestKey, NOW);
  if (!planned.ok) throw new Error(planned.message);
  const approved = await approveRun(db, shop, planned.run.id, OWNER, NOW);
  if (!approved.ok || !approved.finished) throw new Error(`approval did not finish: ${JSON.stringify(approved)}`);
  return planned.run.id;
}

async function runOf(runId: string) {
  return db.payoutRun.findUniqueOrThrow({ where: { id: runId } });
}

async function itemsOf(runId: string) {
  return db.payoutRunItem.findMany({ where: { runId, status: { not: "excluded" } }, orderBy: { id: "asc" } });
}

// ───────────── the payout job in a child process ─────────────

type JobProcess = { child: ChildProcess; ready: Promise<void>; go(runId: string): void; output(): string };

/** Starts the job process now (loading takes seconds on a busy machine); it works on a run only after go(runId). */
function prepareJob(env: Record<string, string> = {}): JobProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./devstore/intercept.mjs", "tests/crash/run-payout-job-child.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, DEVSTORE_PORT: String(devstorePort), LEASE_MS: "1500", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) resolve();
    });
    child.once("exit", (code, signal) => reject(new Error(`payout job ${child.pid} ended (${code ?? signal}) before it was ready: ${output.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, ready, go: (runId) => child.stdin?.write(`${runId}\n`), output: () => output };
}

async function exitOf(job: JobProcess, timeoutMs = 40_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const { child } = job;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const timeout = delay(timeoutMs).then(() => {
    throw new Error(`payout job ${child.pid} did not exit within ${timeoutMs} ms: ${job.output().slice(-3000)}`);
  });
  return Promise.race([exited, timeout]);
}

async function waitFor<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

/** The job in this process (scenarios without a kill), pass after pass with the clock moved on, until the run rests. */
async function runJobUntilRest(runId: string, options: PayoutJobOptions = {}, start = new Date()): Promise<void> {
  for (let pass = 0; pass < 10; pass++) {
    await runPayoutJobOnce(db, new Date(start.getTime() + pass * 10 * MINUTE), "crash-test-job", { mailer: null, ...options });
    if (!["approved", "submitting", "submitted"].includes((await runOf(runId)).status)) return;
  }
  throw new Error(`run ${runId} is still ${(await runOf(runId)).status} after 10 passes`);
}

// ───────────── the money, compared with PayPal's records ─────────────

/**
 * Exactly once, cent for cent: PayPal holds one batch per sender_batch_id and one payment per sender_item_id; every
 * creator has at most one SUCCESS payment (exactly one when `paid`); the merchant's balance went down by exactly the
 * SUCCESS payments; Σ `payout` ledger rows = Σ SUCCESS; every item agrees with PayPal's payment for it.
 */
async function expectLedgerEqualsPaypal(shop: string, clientId: string, balanceBefore: bigint, creators: SeededCreator[], paid: string[]): Promise<void> {
  const batches = batchesOf(clientId);
  const senderBatchIds = batches.map((batch) => batch.sender_batch_header.sender_batch_id);
  expect(new Set(senderBatchIds).size, `sender_batch_ids ${senderBatchIds.join(", ")}`).toBe(senderBatchIds.length);
  const payments = paypalItemsOf(clientId);
  const senderItemIds = payments.map((payment) => payment.payout_item.sender_item_id);
  expect(new Set(senderItemIds).size, "one PayPal payment per sender_item_id").toBe(payments.length);

  const successes = payments.filter((payment) => payment.transaction_status === "SUCCESS");
  for (const creator of creators) {
    const theirs = successes.filter((payment) => payment.payout_item.receiver === creator.email);
    expect(theirs.length, `${creator.handle} paid by PayPal`).toBe(paid.includes(creator.handle) ? 1 : 0);
  }
  const successMinor = successes.reduce((sum, payment) => sum + BigInt(payment.amount_minor), 0n);
  const stillHeld = payments.filter((payment) => ["PENDING", "UNCLAIMED", "ONHOLD"].includes(payment.transaction_status));
  expect(stillHeld, "payments PayPal still holds").toEqual([]);
  expect(balanceBefore - balance(clientId)).toBe(successMinor);

  const ledger = await db.ledgerEntry.aggregate({ where: { shop, kind: "payout" }, _sum: { amountMinor: true } });
  expect(ledger._sum.amountMinor ?? 0n).toBe(successMinor);

  const bySenderItem = new Map(payments.map((payment) => [payment.payout_item.sender_item_id, payment]));
  const items = await db.payoutRunItem.findMany({ where: { shop, status: { in: ["succeeded", "failed"] } } });
  const payouts = new Map((await db.payout.findMany({ where: { shop } })).map((payout) => [payout.id, payout]));
  for (const item of items) {
    const payment = bySenderItem.get(item.senderItemId);
    const payout = payouts.get(item.payoutId ?? "");
    expect(payout?.amountMinor).toBe(item.amountMinor);
    if (item.status === "succeeded") {
      expect(payment).toMatchObject({ transaction_status: "SUCCESS", amount_minor: item.amountMinor.toString(), payout_item_id: item.providerItemId });
      expect(payout?.voidedAt).toBeNull();
      expect(payout?.reference).toBe(payment?.payout_item_id);
    } else {
      // Not paid: PayPal refused it or gave the money back (or never had it), and the Payout is voided.
      expect(payment === undefined || payment.transaction_status !== "SUCCESS").toBe(true);
      expect(payout?.voidedAt).not.toBeNull();
    }
  }
  // Each item's change is recorded once, however many reports (sync, webhooks, duplicates) said it.
  const audits = await db.auditEvent.groupBy({ by: ["subjectId", "action"], where: { shop, subjectType: "payout_run_item" }, _count: { _all: true } });
  expect(audits.filter((row) => row._count._all !== 1)).toEqual([]);
  // A Payout is voided once: one negative `payout` row per commission it paid, never two.
  const voids = await db.ledgerEntry.groupBy({ by: ["commissionId", "sourceKey"], where: { shop, kind: "payout", amountMinor: { lt: 0n } }, _count: { _all: true } });
  expect(voids.filter((row) => row._count._all !== 1)).toEqual([]);
}

/** What each creator is owed now (approved, unpaid), from the commissions. */
async function owedByCreator(shop: string): Promise<Map<string, bigint>> {
  const rows = await db.commission.findMany({ where: { shop }, select: { creatorId: true, netMinor: true, paidMinor: true } });
  const owed = new Map<string, bigint>();
  for (const row of rows) owed.set(row.creatorId, (owed.get(row.creatorId) ?? 0n) + row.netMinor - row.paidMinor);
  return owed;
}

describe.skipIf(postgresUrl === null)("payout crash test: the job against the local PayPal, SIGKILLed (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "payout_crash");
    db = created.db;
    databaseUrl = created.url;
    useTestAppEnvironment(created.url, "crash-secret");
    harness = await startShopifyHarness();
    devstorePort = Number(new URL(harness.devstore.adminUrl).port);
    jobs = {
      killedInSubmit: prepareJob({ BATCH_SIZE: "4" }),
      // Syncs every 3 s: time for the test to set PayPal up between the hand-over and the sync it kills.
      killedInSync: prepareJob({ BATCH_SIZE: "4", SYNC_INTERVAL_MS: "3000" }),
      twin: prepareJob({ BATCH_SIZE: "2", LEASE_MS: "1000", SYNC_INTERVAL_MS: "200" }),
    };
    // The app's PayPal webhook route is this service (app/routes/webhooks.paypal.tsx); here it listens on loopback.
    const app = new Hono();
    app.post("/webhooks/paypal", async (c) => {
      const body = (await c.req.raw.clone().json()) as { id: string; event_type: string };
      const response = await receivePaypalWebhook(db, c.req.raw, { log: () => undefined });
      deliveries.push({ shop: c.req.query("shop") ?? "", eventId: body.id, eventType: body.event_type, status: response.status });
      return response;
    });
    receiver = await new Promise<ServerType>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(server));
    });
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await harness?.close();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    await db?.$disconnect();
  });

  it("SIGKILL during a submit (PayPal has the batch, the app never heard) and during the status sync: every creator paid once, the ledger equals PayPal, failed items owed again and paid by the next run", { timeout: 120_000 }, async () => {
    const shop = "crash-kill.myshopify.com";
    const account = await newPaypalAccount("kill");
    const creators = await seedShop(shop, [
      { handle: "ada", commissions: 1 },
      { handle: "ben", commissions: 2 },
      { handle: "cai", commissions: 1, reversedMinor: 101n },
      { handle: "dee", commissions: 1 },
      { handle: "eli", commissions: 1 },
      { handle: "fay", commissions: 2 },
      { handle: "gus", commissions: 1, reversedMinor: 7n },
      { handle: "hal", commissions: 1 },
      { handle: "ivy", commissions: 1 },
      { handle: "uma", commissions: 1 },
    ]);
    const email = (handle: string) => creators.find((creator) => creator.handle === handle)!.email;
    // No webhook subscription: here the job's own status sync is what learns the outcome (webhooks: next tests).
    await connectShopToLocalPaypal(db, shop, account);
    const runId = await planAndApprove(shop, "crash-kill-plan-1");
    expect((await runOf(runId)).itemCount).toBe(10);
    // PayPal keeps most payments PENDING for now; Fay's account is locked (FAILED); Uma has no PayPal account (UNCLAIMED).
    await receivers("pending", creators.filter((creator) => !["fay", "uma"].includes(creator.handle)).map((creator) => creator.email));
    await receivers("failed", [email("fay")]);
    await receivers("unclaimed", [email("uma")]);
    const balanceBefore = balance(account.clientId);

    // 1. Killed during a submit: batches of 4 (AFF-<run>-1, -2, -3). PayPal stores each call, then holds its answer
    //    a moment (POST -1, GET -1, POST -2); the kill comes while the answer to AFF-<run>-2 is held.
    const first = jobs.killedInSubmit;
    const second = jobs.killedInSync;
    await first.ready;
    await chaos({ hang: { count: 3, when: "after", ms: 800, path: "/v1/payments/payouts" } });
    first.go(runId);
    await waitFor("PayPal to store AFF-<run>-2", () => batchBySender(account.clientId, `AFF-${runId}-2`), 40_000);
    first.child.kill("SIGKILL");
    expect(await exitOf(first)).toMatchObject({ signal: "SIGKILL" });
    await chaos({ hang: null });

    const batch1 = batchBySender(account.clientId, `AFF-${runId}-1`)!;
    const batch2 = batchBySender(account.clientId, `AFF-${runId}-2`)!;
    expect(batchBySender(account.clientId, `AFF-${runId}-3`)).toBeNull();
    const afterFirst = await itemsOf(runId);
    const inBatch = (items: typeof afterFirst, n: number) => items.filter((item) => item.senderBatchId === `AFF-${runId}-${n}`);
    expect(inBatch(afterFirst, 1).map((item) => [item.status === "submitted" || item.status === "failed", item.providerBatchId])).toEqual(
      inBatch(afterFirst, 1).map(() => [true, batch1.payout_batch_id]),
    );
    // PayPal has AFF-<run>-2; the app only knows it handed it over.
    expect(inBatch(afterFirst, 2).map((item) => [item.status, item.providerBatchId])).toEqual([
      ["submitting", null], ["submitting", null], ["submitting", null], ["submitting", null],
    ]);
    expect(inBatch(afterFirst, 3).map((item) => item.status)).toEqual(["approved", "approved"]);
    expect((await runOf(runId)).status).toBe("submitting");

    // 2. The next process takes over once the lease lapses: asks PayPal about AFF-<run>-2 first (same
    //    sender_batch_id and PayPal-Request-Id: PayPal answers with the batch it has), sends AFF-<run>-3, then syncs.
    await second.ready;
    second.go(runId);
    await waitFor("the run to be handed over", async () => (await runOf(runId)).status === "submitted");
    // PayPal now pays, and the sync (every 3 s in this process) is killed while PayPal's answer about
    // AFF-<run>-2 is held: AFF-<run>-1's outcome is stored by then, AFF-<run>-2's is not.
    await chaos({ hang: { count: 1, when: "after", ms: 20_000, method: "GET", path: `/v1/payments/payouts/${batch2.payout_batch_id}` } });
    await receivers("success", creators.filter((creator) => !["fay", "uma"].includes(creator.handle)).map((creator) => creator.email));
    paypal().process();
    await waitFor("the status sync to ask about AFF-<run>-2", () => sandbox().chaos.hang?.count === 0, 20_000);
    second.child.kill("SIGKILL");
    expect(await exitOf(second)).toMatchObject({ signal: "SIGKILL" });
    await chaos({ hang: null });

    const paypalStatus = new Map(paypalItemsOf(account.clientId).map((payment) => [payment.payout_item.sender_item_id, payment.transaction_status]));
    const afterSecond = await itemsOf(runId);
    const expected = (status: string | undefined) => (status === "SUCCESS" ? "succeeded" : status === "FAILED" ? "failed" : "submitted");
    expect(inBatch(afterSecond, 1).map((item) => item.status)).toEqual(inBatch(afterSecond, 1).map((item) => expected(paypalStatus.get(item.senderItemId))));
    const heldBack = inBatch(afterSecond, 2).filter((item) => paypalStatus.get(item.senderItemId) === "SUCCESS");
    expect(heldBack.length).toBeGreaterThan(0);
    expect(heldBack.map((item) => item.status)).toEqual(heldBack.map(() => "submitted"));
    expect((await runOf(runId)).status).toBe("submitted");

    // 3. 30 days pass at PayPal: Uma never claimed hers, PayPal returns it. The app starts again (this process)
    //    and, once the killed process's lease has lapsed, finishes the sync.
    await harness.control("/__devstore/paypal/advance", { days: 30 });
    await runJobUntilRest(runId, { batchSize: 4 });

    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "partly_failed", leaseOwner: null, lastError: null });
    const items = await itemsOf(runId);
    const byCreator = new Map(items.map((item) => [creators.find((creator) => creator.id === item.creatorId)!.handle, item]));
    expect(items.filter((item) => item.status === "succeeded")).toHaveLength(8);
    expect(byCreator.get("fay")).toMatchObject({ status: "failed", providerStatus: "FAILED", failureReason: expect.stringContaining("is locked or inactive") });
    expect(byCreator.get("uma")).toMatchObject({ status: "failed", providerStatus: "RETURNED", failureReason: expect.stringContaining("did not claim it within 30 days") });
    expect(batchesOf(account.clientId).map((batch) => batch.sender_batch_header.sender_batch_id).sort()).toEqual([1, 2, 3].map((n) => `AFF-${runId}-${n}`));
    await expectLedgerEqualsPaypal(shop, account.clientId, balanceBefore, creators, ["ada", "ben", "cai", "dee", "eli", "gus", "hal", "ivy"]);

    // Fay's and Uma's commissions are owed again, exactly their amounts; the merchant sees them as payable.
    const owed = await owedByCreator(shop);
    for (const creator of creators) expect(owed.get(creator.id) ?? 0n, creator.handle).toBe(["fay", "uma"].includes(creator.handle) ? byCreator.get(creator.handle)!.amountMinor : 0n);
    const owedList = await listCreatorsOwed(db, shop);
    expect(owedList.creators.map((creator) => [creator.creatorName, creator.plan.total.amountMinor, creator.plan.payable])).toEqual([
      ["Fay", byCreator.get("fay")!.amountMinor, true],
      ["Uma", byCreator.get("uma")!.amountMinor, true],
    ]);

    // 4. They fix their PayPal accounts; the next run pays them (a new sender_batch_id), and only them.
    await receivers("success", [email("fay"), email("uma")]);
    const retryRunId = await planAndApprove(shop, "crash-kill-plan-2");
    await runJobUntilRest(retryRunId, { batchSize: 4 });
    expect(await runOf(retryRunId)).toMatchObject({ status: "settled", itemCount: 2, totalMinor: byCreator.get("fay")!.amountMinor + byCreator.get("uma")!.amountMinor });
    expect(batchBySender(account.clientId, `AFF-${retryRunId}-1`)).not.toBeNull();
    await expectLedgerEqualsPaypal(shop, account.clientId, balanceBefore, creators, creators.map((creator) => creator.handle));
    expect([...(await owedByCreator(shop)).values()].every((minor) => minor === 0n)).toBe(true);
  });

  it("a double click on Approve, and two app instances on one run, one of them paused past its lease between PayPal's answer and storing it: one approval, one payment per creator, the finished run left alone", { timeout: 90_000 }, async () => {
    const shop = "crash-twins.myshopify.com";
    const account = await newPaypalAccount("twins");
    const creators = await seedShop(shop, [
      { handle: "ann", commissions: 1 },
      { handle: "bob", commissions: 2 },
      { handle: "cat", commissions: 1, reversedMinor: 33n },
      { handle: "dan", commissions: 1 },
      { handle: "eve", commissions: 1 },
      { handle: "fox", commissions: 1 },
    ]);
    await connectShopToLocalPaypal(db, shop, account);
    const planned = await planRun(db, shop, `staff:${OWNER}`, "crash-twins-plan", NOW);
    if (!planned.ok) throw new Error(planned.message);
    const runId = planned.run.id;
    const clicks = await Promise.all([approveRun(db, shop, runId, OWNER, NOW), approveRun(db, shop, runId, OWNER, NOW)]);
    expect(clicks.map((click) => click.ok).sort()).toEqual([false, true]);
    expect(await db.payout.count({ where: { shop } })).toBe(6);
    const balanceBefore = balance(account.clientId);

    // Two app instances: this one takes the run, sends AFF-<run>-1 and PayPal answers, then it stalls before storing
    // the answer (a long GC pause, a frozen VM) past its 1 s lease. The job process takes the run over and finishes
    // it. Then the stalled instance wakes up with its stale answer and its stale list of batches to send: it must
    // neither pay anything again nor disturb the finished run.
    let reachedStall = () => {};
    const stalled = new Promise<void>((resolve) => (reachedStall = resolve));
    let wakeUp = () => {};
    const paused = new Promise<void>((resolve) => (wakeUp = resolve));
    const stallingPaypal: PayoutProvider = {
      method: "paypal",
      async submit(context, items) {
        const reports = await paypalPayoutProvider.submit(context, items);
        reachedStall();
        await paused;
        return reports;
      },
      lookUp: (context, items) => paypalPayoutProvider.lookUp(context, items),
    };
    const errors: unknown[] = [];
    const originalConsoleError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const stalledPass = runPayoutJobOnce(db, new Date(), "crash-twin-here", { findProvider: (method) => (method === "paypal" ? stallingPaypal : null), batchSize: 2, leaseMs: 1_000, mailer: null });
      await stalled;
      expect(batchBySender(account.clientId, `AFF-${runId}-1`)).not.toBeNull();
      const other = jobs.twin;
      await other.ready;
      other.go(runId);
      expect(await exitOf(other)).toMatchObject({ code: 0 });
      expect(other.output()).not.toContain("stopped with an error");
      expect((await runOf(runId)).status).toBe("settled");
      wakeUp();
      await stalledPass;
    } finally {
      console.error = originalConsoleError;
    }
    expect(errors).toEqual([]);
    expect(await runOf(runId)).toMatchObject({ status: "settled", lastError: null, leaseOwner: null });
    expect(batchesOf(account.clientId).map((batch) => batch.sender_batch_header.sender_batch_id).sort()).toEqual([1, 2, 3].map((n) => `AFF-${runId}-${n}`));
    await expectLedgerEqualsPaypal(shop, account.clientId, balanceBefore, creators, creators.map((creator) => creator.handle));
  });

  it("a PayPal timeout after PayPal stored the batch, then the retry after the backoff: paid once", { timeout: 60_000 }, async () => {
    const shop = "crash-timeout.myshopify.com";
    const account = await newPaypalAccount("timeout");
    const creators = await seedShop(shop, [
      { handle: "ola", commissions: 2 },
      { handle: "pia", commissions: 1, reversedMinor: 250n },
      { handle: "quin", commissions: 1 },
    ]);
    await connectShopToLocalPaypal(db, shop, account);
    const runId = await planAndApprove(shop, "crash-timeout-plan");
    const total = (await runOf(runId)).totalMinor;
    const balanceBefore = balance(account.clientId);
    // The app waits 400 ms for PayPal; PayPal stores the batch and answers after 2 s.
    const provider = createPaypalPayoutProvider({ timeoutMs: 400 });
    const options: PayoutJobOptions = { findProvider: (method) => (method === "paypal" ? provider : null), random: () => 0 };
    await chaos({ hang: { count: 1, when: "after", ms: 2_000, method: "POST", path: "/v1/payments/payouts" } });
    const startedAt = new Date();
    await runPayoutJobOnce(db, startedAt, "crash-timeout-job", { ...options, mailer: null });

    const waiting = await runOf(runId);
    expect(waiting).toMatchObject({ status: "submitting", attempts: 1, lastError: expect.stringContaining("did not answer") });
    expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() + 15_000);
    expect((await itemsOf(runId)).map((item) => item.status)).toEqual(["submitting", "submitting", "submitting"]);
    // PayPal took the money for the batch the app never heard about.
    expect(batchesOf(account.clientId)).toHaveLength(1);
    expect(balanceBefore - balance(account.clientId)).toBe(total);

    // Before the backoff ends nothing is sent; after it, the job asks PayPal (the same request again) and learns.
    expect((await runPayoutJobOnce(db, new Date(startedAt.getTime() + 5_000), "crash-timeout-job", { ...options, mailer: null })).runs).toEqual([]);
    await runJobUntilRest(runId, options, waiting.nextAttemptAt!);
    await chaos({ hang: null });
    expect(await runOf(runId)).toMatchObject({ status: "settled", lastError: null });
    expect(batchesOf(account.clientId)).toHaveLength(1);
    await expectLedgerEqualsPaypal(shop, account.clientId, balanceBefore, creators, ["ola", "pia", "quin"]);
  });

  describe("PayPal webhooks during the run (signed, through the app's webhook service)", () => {
    async function connectWithWebhooks(shop: string, account: { clientId: string; clientSecret: string }) {
      const connected = await connectPaypal(db, { shop, actor: `staff:${OWNER}`, form: { environment: "sandbox", ...account }, now: new Date() }, { appUrl: receiverUrl });
      if (!connected.ok) throw new Error(JSON.stringify(connected.errors));
    }

    it("webhooks that arrive before the job heard PayPal's answer, each twice and in reverse order: the ledger stays exact", { timeout: 60_000 }, async () => {
      const shop = "crash-early-hooks.myshopify.com";
      const account = await newPaypalAccount("early-hooks");
      const creators = await seedShop(shop, [
        { handle: "rae", commissions: 1 },
        { handle: "sam", commissions: 2, reversedMinor: 19n },
        { handle: "tia", commissions: 1 },
        { handle: "vic", commissions: 1 },
      ]);
      await connectWithWebhooks(shop, account);
      await receivers("failed", [creators.find((creator) => creator.handle === "vic")!.email]);
      const runId = await planAndApprove(shop, "crash-early-hooks-plan");
      const balanceBefore = balance(account.clientId);
      await chaos({ duplicateWebhooks: true, reverseWebhookOrder: true, webhookDelayMs: 0, hang: { count: 1, when: "after", ms: 5_000, method: "POST", path: "/v1/payments/payouts" } });
      try {
        // PayPal stores the batch, pays it and sends its webhooks while the answer to the job's POST is held.
        const pass = runPayoutJobOnce(db, new Date(), "crash-hooks-job", { mailer: null });
        await waitFor("PayPal's webhooks to be applied while the job waits", async () => (await db.payoutRunItem.count({ where: { runId, status: { in: ["succeeded", "failed"] } } })) === 4);
        await pass;
        await paypal().idle();
        await runJobUntilRest(runId);
      } finally {
        await chaos({ duplicateWebhooks: false, reverseWebhookOrder: false, hang: null });
      }

      expect(await runOf(runId)).toMatchObject({ status: "partly_failed" });
      const mine = deliveries.filter((delivery) => delivery.shop === shop);
      // Every event came twice; each was applied once (the second copy is "already received").
      expect(mine.filter((delivery) => delivery.eventType.startsWith("PAYMENT.PAYOUTS-ITEM.")).length).toBe(8);
      expect(mine.every((delivery) => delivery.status === 200)).toBe(true);
      const stored = await db.providerWebhookEvent.findMany({ where: { shop } });
      expect(stored.length).toBe(5);
      expect(stored.every((event) => event.processedAt !== null && event.error === null)).toBe(true);
      // The webhooks, not the job, moved the items (from `submitting`: the job had not stored the answer yet).
      const moves = await db.auditEvent.findMany({ where: { shop, subjectType: "payout_run_item" } });
      expect(moves.map((move) => [move.actor, (move.details as { from?: string }).from])).toEqual(moves.map(() => ["system:paypal", "submitting"]));
      await expectLedgerEqualsPaypal(shop, account.clientId, balanceBefore, creators, ["rae", "sam", "tia"]);
    });

    it("webhooks that arrive late, twice, and after a newer status (UNCLAIMED after RETURNED): nothing changes twice, the ledger stays exact", { timeout: 60_000 }, async () => {
      const shop = "crash-late-hooks.myshopify.com";
      const account = await newPaypalAccount("late-hooks");
      const creators = await seedShop(shop, [
        { handle: "wes", commissions: 2 },
        { handle: "xia", commissions: 1 },
        { handle: "yan", commissions: 1, reversedMinor: 3n },
        { handle: "zoe", commissions: 1 },
      ]);
      await connectWithWebhooks(shop, account);
      await receivers("unclaimed", [creators.find((creator) => creator.handle === "zoe")!.email]);
      const runId = await planAndApprove(shop, "crash-late-hooks-plan");
      const balanceBefore = balance(account.clientId);
      try {
        // The first webhooks (SUCCEEDED ×3, UNCLAIMED, batch SUCCESS) wait 4 s: the job's own answers come first.
        await chaos({ duplicateWebhooks: true, reverseWebhookOrder: true, webhookDelayMs: 4_000 });
        const start = new Date();
        await runPayoutJobOnce(db, start, "crash-late-job", { mailer: null, batchSize: 2 });
        await runPayoutJobOnce(db, new Date(start.getTime() + 10 * MINUTE), "crash-late-job", { mailer: null, batchSize: 2 });
        expect((await itemsOf(runId)).map((item) => item.status).sort()).toEqual(["submitted", "succeeded", "succeeded", "succeeded"]);
        const byJob = await db.auditEvent.findMany({ where: { shop, subjectType: "payout_run_item", action: "payout_item.succeeded" } });
        expect(byJob.map((event) => event.actor)).toEqual(["system:payout-job", "system:payout-job", "system:payout-job"]);

        // 30 days on, PayPal returns Zoe's payment; its RETURNED webhook comes at once, before the old UNCLAIMED one.
        await chaos({ webhookDelayMs: 0 });
        await harness.control("/__devstore/paypal/advance", { days: 30 });
        await waitFor("the RETURNED webhook", async () => (await db.payoutRunItem.count({ where: { runId, status: "failed" } })) === 1);
        await paypal().idle();
        // The job's next sync finds nothing left to change, and closes the run.
        await runJobUntilRest(runId, { batchSize: 2 }, new Date(start.getTime() + 20 * MINUTE));
      } finally {
        await chaos({ duplicateWebhooks: false, reverseWebhookOrder: false, webhookDelayMs: 0 });
      }

      const mine = deliveries.filter((delivery) => delivery.shop === shop);
      expect(mine.map((delivery) => delivery.eventType).filter((type) => type === "PAYMENT.PAYOUTS-ITEM.RETURNED")).toHaveLength(2);
      const returnedAt = mine.findIndex((delivery) => delivery.eventType === "PAYMENT.PAYOUTS-ITEM.RETURNED");
      const unclaimedAt = mine.findIndex((delivery) => delivery.eventType === "PAYMENT.PAYOUTS-ITEM.UNCLAIMED");
      expect(unclaimedAt).toBeGreaterThan(returnedAt);
      expect(mine.every((delivery) => delivery.status === 200)).toBe(true);

      const zoe = (await itemsOf(runId)).find((item) => item.creatorId === creators.find((creator) => creator.handle === "zoe")!.id)!;
      expect(zoe).toMatchObject({ status: "failed", providerStatus: "RETURNED", failureReason: expect.stringContaining("did not claim it within 30 days") });
      expect(await runOf(runId)).toMatchObject({ status: "partly_failed" });
      await expectLedgerEqualsPaypal(shop, account.clientId, balanceBefore, creators, ["wes", "xia", "yan"]);
      expect((await owedByCreator(shop)).get(zoe.creatorId)).toBe(zoe.amountMinor);
    });
  });
});
