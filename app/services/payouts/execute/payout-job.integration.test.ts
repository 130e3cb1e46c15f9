/**
 * The payout job on a real PostgreSQL database, with an in-test provider standing in for PayPal: a "remote" that
 * remembers what it was sent (by sender_item_id, like PayPal) and answers per creator with success, failure, a
 * pending payment, a timeout or an outage. Amelia's commissions are made the real way (orders/paid payloads), paid
 * by a Payout as approving a run does (h1), so a failure is seen making them owed again.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Database } from "../../../db.server";
import type { Mailer, OutgoingEmail } from "../../../email/mailer.server";
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import { createMigratedDatabase } from "../../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, readLedgerRows, seedFixtureOrderShop } from "../../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { changeCommissionStatuses } from "../../orders-commissions/change-commission-status.server";
import { createPayout } from "../create-payout.server";
import { ProviderRetryableError, ProviderSetupError, type PayoutProvider, type ProviderItem, type ProviderItemReport } from "../providers/payout-provider";
import { applyItemReport, applyItemReportWithResult } from "./apply-item-report.server";
import { markItemOutcome } from "./mark-item-outcome.server";
import { runPayoutJobOnce, type PayoutJobOptions } from "./run-payout-job.server";

const postgresUrl = inject("postgresUrl");
const NOW = new Date("2026-12-31T12:00:00.000Z");
const STAFF = "staff:1001";
const MINUTE = 60_000;

let db: Database;
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_300_000_000_001 });

type Behaviour = "succeed" | "fail" | "pend" | "timeout_after_send" | "outage" | "reject" | "setup" | "lookup_broken";

/** A payment provider in the test: PayPal-like exactly-once by sender_item_id, one behaviour per creator. */
class TestRemote {
  readonly sends: string[] = [];
  readonly lookUps: string[] = [];
  readonly records = new Map<string, { status: "SUCCESS" | "FAILED" | "PENDING"; payoutItemId: string }>();
  readonly behaviour = new Map<string, Behaviour>();
  /** A delay inside submit, so two job instances overlap. */
  submitDelayMs = 0;
  /** The most submit calls under way at once (one run is worked by one instance at a time). */
  maxInFlight = 0;
  private inFlight = 0;

  provider(method: PayoutRunMethod = "paypal"): PayoutProvider {
    return {
      method,
      submit: async (_context, items) => {
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
          if (this.submitDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.submitDelayMs));
        } finally {
          this.inFlight -= 1;
        }
        const first = items[0];
        const batchBehaviour = first ? this.behaviour.get(first.creatorId) : undefined;
        if (batchBehaviour === "outage") throw new ProviderRetryableError("HTTP 503 from the provider", undefined);
        if (batchBehaviour === "setup") throw new ProviderSetupError("Connect PayPal in Settings › Payouts before paying by PayPal.");
        if (batchBehaviour === "reject") throw new Error("VALIDATION_ERROR: receiver is not a valid email");
        const reports: ProviderItemReport[] = [];
        for (const item of items) {
          this.sends.push(item.senderItemId);
          // Exactly once, like PayPal: the same sender_item_id is one payment, however often it is sent.
          const record = this.records.get(item.senderItemId) ?? { status: this.initialStatus(item), payoutItemId: `PI-${item.creatorId}` };
          this.records.set(item.senderItemId, record);
          reports.push(this.report(item, record));
        }
        if (items.some((item) => this.behaviour.get(item.creatorId) === "timeout_after_send")) throw new ProviderRetryableError("timed out after 30 s");
        return reports;
      },
      lookUp: (_context, items) => {
        if (items.some((item) => this.behaviour.get(item.creatorId) === "lookup_broken")) return Promise.reject(new Error("HTTP 400 INVALID_RESOURCE_ID"));
        return Promise.resolve(
          items.map((item): ProviderItemReport => {
            this.lookUps.push(item.senderItemId);
            const record = this.records.get(item.senderItemId);
            return record === undefined ? { itemId: item.itemId, outcome: "unknown" } : this.report(item, record);
          }),
        );
      },
    };
  }

  private initialStatus(item: ProviderItem): "SUCCESS" | "FAILED" | "PENDING" {
    const behaviour = this.behaviour.get(item.creatorId);
    if (behaviour === "fail") return "FAILED";
    if (behaviour === "pend") return "PENDING";
    return "SUCCESS";
  }

  private report(item: ProviderItem, record: { status: string; payoutItemId: string }): ProviderItemReport {
    if (record.status === "SUCCESS") return { itemId: item.itemId, outcome: "succeeded", providerItemId: record.payoutItemId, providerStatus: "SUCCESS", providerBatchId: "PB-1" };
    if (record.status === "FAILED") return { itemId: item.itemId, outcome: "failed", providerItemId: record.payoutItemId, providerStatus: "FAILED", reason: "RECEIVER_UNREGISTERED: the receiver has no PayPal account" };
    return { itemId: item.itemId, outcome: "submitted", providerItemId: record.payoutItemId, providerStatus: "PENDING" };
  }
}

class CapturingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  send(email: OutgoingEmail) {
    this.sent.push(email);
    return Promise.resolve({ messageId: `<m${this.sent.length}@test>` });
  }
}

function jobOptions(remote: TestRemote, mailer: Mailer, extra: Partial<PayoutJobOptions> = {}): PayoutJobOptions {
  const provider = remote.provider();
  return { findProvider: (method) => (method === "paypal" ? provider : null), mailer, random: () => 0.5, ...extra };
}

interface Seeded {
  runId: string;
  amelia: { id: string; commissionIds: string[]; itemId: string; payoutId: string };
  others: Array<{ creatorId: string; itemId: string; payoutId: string }>;
}

/**
 * A shop with an approved run as approving it leaves things (h1): Amelia's two approved commissions paid by a Payout
 * (payout_paid ledger rows) plus `others` creators (Payout rows without commissions, enough for the job's logic),
 * every item approved with its Payout.
 */
async function seedApprovedRun(shop: string, others: string[], method: PayoutRunMethod = "paypal"): Promise<Seeded> {
  const amelia = await seedFixtureOrderShop(db, shop);
  await db.webhookEndpoint.create({ data: { shop, url: "https://hooks.example.com/affable", events: ["payout.paid", "payout.failed"], secret: `whsec_${Buffer.from("s".repeat(24)).toString("base64")}`, createdAt: NOW } });
  const one = await recordOrder(shop, 40);
  const two = await recordOrder(shop, 40);
  await changeCommissionStatuses({ db, shop, actor: STAFF, action: "approve", commissionIds: [one.id, two.id], now: NOW });
  const run = await db.payoutRun.create({
    data: { shop, status: "approved", currency: "USD", totalMinor: 0n, itemCount: 1 + others.length, trigger: "manual", plannedAt: NOW, plannedBy: STAFF, approvedAt: NOW, approvedBy: STAFF },
  });
  const paid = await createPayout({ db, shop, actor: STAFF, creatorId: amelia.id, method: "paypal", requestKey: `run:${run.id}:${amelia.id}`, now: NOW });
  if (!paid.ok || paid.outcomes[0]?.outcome !== "created") throw new Error("expected Amelia's payout");
  const ameliaPayout = paid.outcomes[0].payout;
  const ameliaItemId = `item_${randomUUID()}`;
  await db.payoutRunItem.create({
    data: {
      id: ameliaItemId, shop, runId: run.id, creatorId: amelia.id, status: "approved", method, currency: "USD", amountMinor: ameliaPayout.amountMinor,
      commissionCount: 2, senderItemId: `AFF-${ameliaItemId}`, payoutId: ameliaPayout.id, destination: { paypalEmail: "amelia@example.com" },
    },
  });
  await db.payout.update({ where: { id: ameliaPayout.id }, data: { runItemId: ameliaItemId } });
  const seededOthers: Seeded["others"] = [];
  for (const [index, handle] of others.entries()) {
    const creator = await db.creator.create({ data: { shop, handle, name: handle, email: `${handle}@example.com`, refToken: `r_${handle}_${shop}`, status: "approved" } });
    const itemId = `item_${randomUUID()}`;
    const payout = await db.payout.create({
      data: { shop, creatorId: creator.id, currency: "USD", amountMinor: BigInt(1000 + index), commissionCount: 0, method, createdBy: STAFF, requestKey: `run:${run.id}:${creator.id}`, createdAt: NOW, runItemId: itemId },
    });
    await db.payoutRunItem.create({
      data: { id: itemId, shop, runId: run.id, creatorId: creator.id, status: "approved", method, currency: "USD", amountMinor: payout.amountMinor, senderItemId: `AFF-${itemId}`, payoutId: payout.id },
    });
    seededOthers.push({ creatorId: creator.id, itemId, payoutId: payout.id });
  }
  return { runId: run.id, amelia: { id: amelia.id, commissionIds: [one.id, two.id], itemId: ameliaItemId, payoutId: ameliaPayout.id }, others: seededOthers };
}

const itemOf = (id: string) => db.payoutRunItem.findUniqueOrThrow({ where: { id } });
const runOf = (id: string) => db.payoutRun.findUniqueOrThrow({ where: { id } });
const commissionStatus = async (id: string) => (await db.commission.findUniqueOrThrow({ where: { id } })).status;
const after = (ms: number) => new Date(NOW.getTime() + ms);

describe.skipIf(postgresUrl === null)("the payout job (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "payout_job");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("hands every item over once, in one PayPal batch, applies each outcome, syncs the pending one and settles the run as partly failed", async () => {
    const shop = "job-run.myshopify.com";
    const seeded = await seedApprovedRun(shop, ["bob", "cara"]);
    const [bob, cara] = seeded.others as [Seeded["others"][number], Seeded["others"][number]];
    const remote = new TestRemote();
    remote.behaviour.set(bob.creatorId, "fail");
    remote.behaviour.set(cara.creatorId, "pend");
    const mailer = new CapturingMailer();

    const pass = await runPayoutJobOnce(db, NOW, "instance-a", jobOptions(remote, mailer));
    expect(pass.runs).toEqual([{ runId: seeded.runId, status: "submitted" }]);
    expect(remote.sends.sort()).toEqual([`AFF-${seeded.amelia.itemId}`, `AFF-${bob.itemId}`, `AFF-${cara.itemId}`].sort());
    const items = await db.payoutRunItem.findMany({ where: { shop, runId: seeded.runId } });
    expect(new Set(items.map((item) => item.senderBatchId))).toEqual(new Set([`AFF-${seeded.runId}-1`]));

    // Amelia: paid, statement emailed once with her orders, payout.paid queued, the provider id as reference.
    const ameliaPaymentId = `PI-${seeded.amelia.id}`;
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "succeeded", providerItemId: ameliaPaymentId, providerStatus: "SUCCESS", finishedAt: NOW });
    expect(await db.payout.findUniqueOrThrow({ where: { id: seeded.amelia.payoutId } })).toMatchObject({ reference: ameliaPaymentId, voidedAt: null });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ to: "amelia@example.com", subject: expect.stringMatching(/paid you \$17\.84/) as unknown });
    expect(mailer.sent[0]?.text).toMatch(/Commissions included \(2\):\n {2}#\d+ {2}\$8\.92\n {2}#\d+ {2}\$8\.92/);
    expect(mailer.sent[0]?.text).toContain(`Method: PayPal (amelia@example.com)\nReference: ${ameliaPaymentId}`);
    expect(await db.sentEmail.findMany({ where: { shop, template: "payout_statement" } })).toMatchObject([{ dedupeKey: `payout-statement:${seeded.amelia.payoutId}`, error: null }]);
    expect(await commissionStatus(seeded.amelia.commissionIds[0] ?? "")).toBe("paid");

    // Bob: failed with the provider's reason, his Payout voided with it (system actor), payout.failed queued.
    expect(await itemOf(bob.itemId)).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/RECEIVER_UNREGISTERED/) as unknown });
    expect(await db.payout.findUniqueOrThrow({ where: { id: bob.payoutId } })).toMatchObject({ voidedBy: "system:payout-job", voidReason: expect.stringMatching(/RECEIVER_UNREGISTERED/) as unknown });
    const events = await db.outboundWebhookMessage.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.eventType).sort()).toEqual(["payout.failed", "payout.paid"]);
    expect(events.find((event) => event.eventType === "payout.failed")?.payload).toMatchObject({ data: { itemId: bob.itemId, payoutId: bob.payoutId, failureReason: expect.stringMatching(/RECEIVER_UNREGISTERED/) as unknown } });

    // Cara: pending at the provider; the run is submitted and comes back for a status sync in a few minutes.
    expect(await itemOf(cara.itemId)).toMatchObject({ status: "submitted", providerStatus: "PENDING" });
    const submitted = await runOf(seeded.runId);
    expect(submitted).toMatchObject({ status: "submitted", submittedAt: NOW, leaseUntil: null, leaseOwner: null });
    expect(submitted.nextAttemptAt?.getTime()).toBe(after(5 * MINUTE).getTime());
    expect((await runPayoutJobOnce(db, after(MINUTE), "instance-a", jobOptions(remote, mailer))).runs).toEqual([]);

    // The provider settles Cara's payment; the next sync applies it and closes the run (Bob failed: partly failed).
    remote.records.set(`AFF-${cara.itemId}`, { status: "SUCCESS", payoutItemId: "PI-3" });
    const sync = await runPayoutJobOnce(db, after(6 * MINUTE), "instance-a", jobOptions(remote, mailer));
    expect(sync.runs).toEqual([{ runId: seeded.runId, status: "partly_failed" }]);
    expect(await itemOf(cara.itemId)).toMatchObject({ status: "succeeded", providerItemId: "PI-3" });
    expect(remote.sends).toHaveLength(3);
    expect(mailer.sent.map((email) => email.to).sort()).toEqual(["amelia@example.com", "cara@example.com"]);
    const audit = await db.auditEvent.findMany({ where: { shop, subjectType: { in: ["payout_run", "payout_run_item"] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => event.action).sort()).toEqual(
      ["payout_run.submitting", "payout_run.submitted", "payout_run.partly_failed", "payout_item.succeeded", "payout_item.failed", "payout_item.succeeded"].sort(),
    );
  });

  it("after a crash, an item left `submitting` is looked up first: one the provider has is not sent again; one it never got is sent with the same ids", async () => {
    const shop = "job-crash.myshopify.com";
    const seeded = await seedApprovedRun(shop, ["bob"]);
    const [bob] = seeded.others as [Seeded["others"][number]];
    const remote = new TestRemote();
    // The state a SIGKILL leaves: the run and both items committed as submitting with their batch id; the provider
    // got Amelia's payment before the process died, Bob's request never left.
    await db.payoutRun.update({ where: { id: seeded.runId }, data: { status: "submitting" } });
    await db.payoutRunItem.updateMany({ where: { shop, runId: seeded.runId }, data: { status: "submitting", senderBatchId: `AFF-${seeded.runId}-1`, submittingAt: NOW } });
    remote.records.set(`AFF-${seeded.amelia.itemId}`, { status: "SUCCESS", payoutItemId: "PI-before-crash" });

    const pass = await runPayoutJobOnce(db, after(MINUTE), "restarted", jobOptions(remote, new CapturingMailer()));
    expect(pass.runs).toEqual([{ runId: seeded.runId, status: "settled" }]);
    expect(remote.lookUps.sort()).toEqual([`AFF-${seeded.amelia.itemId}`, `AFF-${bob.itemId}`].sort());
    expect(remote.sends).toEqual([`AFF-${bob.itemId}`]);
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "succeeded", providerItemId: "PI-before-crash" });
    expect(await itemOf(bob.itemId)).toMatchObject({ status: "succeeded", senderItemId: `AFF-${bob.itemId}`, senderBatchId: `AFF-${seeded.runId}-1` });
    expect(remote.records.size).toBe(2);
  });

  it("two job instances at once: one holds the run, each item is submitted once", async () => {
    const shop = "job-race.myshopify.com";
    const seeded = await seedApprovedRun(shop, ["bob", "cara", "dan"]);
    const remote = new TestRemote();
    remote.submitDelayMs = 200;
    const mailer = new CapturingMailer();
    const [first, second] = await Promise.all([
      runPayoutJobOnce(db, NOW, "instance-a", jobOptions(remote, mailer)),
      runPayoutJobOnce(db, NOW, "instance-b", jobOptions(remote, mailer)),
    ]);
    expect([...first.runs, ...second.runs]).toEqual([{ runId: seeded.runId, status: "settled" }]);
    expect(remote.sends).toHaveLength(4);
    expect(new Set(remote.sends).size).toBe(4);
    expect(mailer.sent).toHaveLength(4);
    // And a later pass (the lease released) finds nothing left to do.
    expect((await runPayoutJobOnce(db, after(10 * MINUTE), "instance-b", jobOptions(remote, mailer))).runs).toEqual([]);
    expect(remote.sends).toHaveLength(4);

    // The same after a restart of both instances with a run already submitting: the lease lets one of them in, and
    // PayPal batches are split by size (batch size 2 here for 15,000) with ids fixed before any call.
    const restarted = await seedApprovedRun("job-race-2.myshopify.com", ["erin", "finn", "gus"]);
    await db.payoutRun.update({ where: { id: restarted.runId }, data: { status: "submitting" } });
    const again = await Promise.all(["instance-a", "instance-b"].map((owner) => runPayoutJobOnce(db, NOW, owner, jobOptions(remote, mailer, { batchSize: 2 }))));
    expect(again.flatMap((pass) => pass.runs)).toEqual([{ runId: restarted.runId, status: "settled" }]);
    expect(remote.sends).toHaveLength(8);
    expect(new Set(remote.sends).size).toBe(8);
    // The second instance never worked the run beside the first: the provider had one call at a time.
    expect(remote.maxInFlight).toBe(1);
    const batches = await db.payoutRunItem.groupBy({ by: ["senderBatchId"], where: { runId: restarted.runId }, _count: { _all: true }, orderBy: { senderBatchId: "asc" } });
    expect(batches.map((batch) => [batch.senderBatchId, batch._count._all])).toEqual([[`AFF-${restarted.runId}-1`, 2], [`AFF-${restarted.runId}-2`, 2]]);
  });

  it("a RETURNED after SUCCEEDED fails the item, voids its payout and makes the commissions owed again; late or repeated reports change nothing", async () => {
    const shop = "job-returned.myshopify.com";
    const seeded = await seedApprovedRun(shop, []);
    const remote = new TestRemote();
    const mailer = new CapturingMailer();
    expect((await runPayoutJobOnce(db, NOW, "instance-a", jobOptions(remote, mailer))).runs).toEqual([{ runId: seeded.runId, status: "settled" }]);
    expect(await commissionStatus(seeded.amelia.commissionIds[0] ?? "")).toBe("paid");

    // 30 days unclaimed: PayPal returns the money (the PayPal provider reports it as failed).
    const returned: ProviderItemReport = { itemId: seeded.amelia.itemId, outcome: "failed", providerItemId: "PI-1", providerStatus: "RETURNED", reason: "Unclaimed for 30 days: PayPal returned the payment." };
    await applyItemReportWithResult(db, shop, returned, after(30 * 86_400_000), "system:paypal", { mailer });
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "failed", providerStatus: "RETURNED", failureReason: "Unclaimed for 30 days: PayPal returned the payment." });
    expect(await db.payout.findUniqueOrThrow({ where: { id: seeded.amelia.payoutId } })).toMatchObject({ voidedBy: "system:paypal", voidReason: "Unclaimed for 30 days: PayPal returned the payment." });
    // The run no longer says everyone was paid.
    expect(await db.payoutRun.findUniqueOrThrow({ where: { id: seeded.runId } })).toMatchObject({ status: "partly_failed" });
    for (const commissionId of seeded.amelia.commissionIds) {
      expect(await commissionStatus(commissionId)).toBe("approved");
      expect((await readLedgerRows(db, commissionId)).filter(([kind]) => kind === "payout").map(([, amount]) => amount)).toEqual([892n, -892n]);
    }

    // A late SUCCEEDED (out of order) and the RETURNED again (a webhook retry) change nothing.
    await applyItemReport(db, shop, { itemId: seeded.amelia.itemId, outcome: "succeeded", providerItemId: "PI-1", providerStatus: "SUCCESS" }, after(31 * 86_400_000), "system:paypal");
    await applyItemReportWithResult(db, shop, returned, after(31 * 86_400_000), "system:paypal", { mailer });
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "failed", providerStatus: "RETURNED" });
    for (const commissionId of seeded.amelia.commissionIds) {
      expect((await readLedgerRows(db, commissionId)).filter(([kind]) => kind === "payout")).toHaveLength(2);
      expect(await commissionStatus(commissionId)).toBe("approved");
    }
    expect(await db.outboundWebhookMessage.count({ where: { shop, eventType: "payout.failed" } })).toBe(1);
    // The statement, then (once, despite the repeated report) the news that the payment came back and is owed again.
    expect(mailer.sent).toHaveLength(2);
    const [statement, cameBack] = mailer.sent;
    expect(cameBack?.to).toBe(statement?.to);
    expect(cameBack?.subject).toMatch(/came back/);
    expect(cameBack?.text).toContain("Unclaimed for 30 days: PayPal returned the payment.");
    expect(cameBack?.text).toMatch(/\$17\.84.*owed to you again/s);
    expect(await db.sentEmail.count({ where: { shop, template: "payout_returned" } })).toBe(1);
    // The commissions can be paid again.
    const repaid = await createPayout({ db, shop, actor: STAFF, creatorId: seeded.amelia.id, method: "paypal", requestKey: "after-return", now: after(32 * 86_400_000) });
    expect(repaid).toMatchObject({ ok: true, outcomes: [{ outcome: "created", payout: { amountMinor: 1784n } }] });
  });

  it("a provider outage or timeout waits with growing backoff and the error shown, looks up before resending, and never pays twice", async () => {
    const shop = "job-backoff.myshopify.com";
    const seeded = await seedApprovedRun(shop, []);
    const remote = new TestRemote();
    const mailer = new CapturingMailer();
    remote.behaviour.set(seeded.amelia.id, "outage");

    await runPayoutJobOnce(db, NOW, "a", jobOptions(remote, mailer));
    const first = await runOf(seeded.runId);
    expect(first).toMatchObject({ status: "submitting", attempts: 1, lastError: expect.stringMatching(/HTTP 503/) as unknown });
    // 30 s · 2^0 with half jitter (random 0.5): 22.5 s.
    expect(first.nextAttemptAt?.getTime()).toBe(NOW.getTime() + 22_500);
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "submitting" });
    // Not due yet: nothing happens.
    expect((await runPayoutJobOnce(db, after(10_000), "a", jobOptions(remote, mailer))).runs).toEqual([]);

    const secondAt = first.nextAttemptAt ?? NOW;
    await runPayoutJobOnce(db, secondAt, "a", jobOptions(remote, mailer));
    const second = await runOf(seeded.runId);
    expect(second).toMatchObject({ status: "submitting", attempts: 2 });
    expect(second.nextAttemptAt?.getTime()).toBe(secondAt.getTime() + 45_000);
    expect(remote.lookUps).toEqual([`AFF-${seeded.amelia.itemId}`]);

    // Now the request goes through but the answer times out: the next pass finds the payment and does not resend.
    remote.behaviour.set(seeded.amelia.id, "timeout_after_send");
    await runPayoutJobOnce(db, second.nextAttemptAt ?? NOW, "a", jobOptions(remote, mailer));
    expect(await runOf(seeded.runId)).toMatchObject({ status: "submitting", attempts: 3, lastError: expect.stringMatching(/timed out/) as unknown });
    remote.behaviour.delete(seeded.amelia.id);
    const third = await runOf(seeded.runId);
    await runPayoutJobOnce(db, third.nextAttemptAt ?? NOW, "a", jobOptions(remote, mailer));
    expect(await runOf(seeded.runId)).toMatchObject({ status: "settled", lastError: null });
    expect(remote.sends).toEqual([`AFF-${seeded.amelia.itemId}`]);
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "succeeded" });
  });

  it("a provider that is not set up makes the run wait with the message and fails no item; a rejected item fails with the provider's words", async () => {
    const shop = "job-setup.myshopify.com";
    const seeded = await seedApprovedRun(shop, []);
    const remote = new TestRemote();
    remote.behaviour.set(seeded.amelia.id, "setup");
    await runPayoutJobOnce(db, NOW, "a", jobOptions(remote, new CapturingMailer()));
    expect(await runOf(seeded.runId)).toMatchObject({ status: "submitting", lastError: "Connect PayPal in Settings › Payouts before paying by PayPal." });
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "approved", failureReason: null });
    expect(await db.payout.findUniqueOrThrow({ where: { id: seeded.amelia.payoutId } })).toMatchObject({ voidedAt: null });

    remote.behaviour.set(seeded.amelia.id, "reject");
    await runPayoutJobOnce(db, after(6 * MINUTE), "a", jobOptions(remote, new CapturingMailer()));
    expect(await runOf(seeded.runId)).toMatchObject({ status: "partly_failed" });
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "failed", failureReason: "VALIDATION_ERROR: receiver is not a valid email" });
    expect(await commissionStatus(seeded.amelia.commissionIds[0] ?? "")).toBe("approved");
  });

  it("a status check that fails leaves a submitted payment with the provider, shows the error and checks again later", async () => {
    const shop = "job-sync-error.myshopify.com";
    const seeded = await seedApprovedRun(shop, []);
    const remote = new TestRemote();
    remote.behaviour.set(seeded.amelia.id, "pend");
    await runPayoutJobOnce(db, NOW, "a", jobOptions(remote, new CapturingMailer()));
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "submitted" });
    remote.behaviour.set(seeded.amelia.id, "lookup_broken");
    await runPayoutJobOnce(db, after(6 * MINUTE), "a", jobOptions(remote, new CapturingMailer()));
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "submitted" });
    const run = await runOf(seeded.runId);
    expect(run).toMatchObject({ status: "submitted", lastError: expect.stringMatching(/INVALID_RESOURCE_ID/) as unknown });
    expect(run.nextAttemptAt?.getTime()).toBe(after(11 * MINUTE).getTime());
    expect(await db.payout.findUniqueOrThrow({ where: { id: seeded.amelia.payoutId } })).toMatchObject({ voidedAt: null });
  });

  it("an unexpected error in one run is shown on it and retried a minute later, without stopping the pass", async () => {
    const shop = "job-bug.myshopify.com";
    const seeded = await seedApprovedRun(shop, []);
    const buggy: PayoutProvider = {
      method: "paypal",
      submit: () => Promise.resolve([{ itemId: "not-an-item", outcome: "succeeded", providerItemId: "X", providerStatus: "SUCCESS" }]),
      lookUp: (_context, items) => Promise.resolve(items.map((item): ProviderItemReport => ({ itemId: item.itemId, outcome: "unknown" }))),
    };
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const pass = await runPayoutJobOnce(db, NOW, "a", { findProvider: () => buggy, mailer: new CapturingMailer() });
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`Payout run ${seeded.runId} \\(${shop}\\) stopped with an error`)), expect.any(Error));
    logged.mockRestore();
    expect(pass.runs).toContainEqual({ runId: seeded.runId, status: "error" });
    const run = await runOf(seeded.runId);
    expect(run).toMatchObject({ status: "submitting", leaseOwner: null, lastError: expect.stringMatching(/No payout run item not-an-item/) as unknown });
    expect(run.nextAttemptAt?.getTime()).toBe(after(MINUTE).getTime());
    // The item was committed as submitting before the call: it is looked up, not sent blindly, next time.
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "submitting" });
  });

  it("a look-up that fails for good puts the item in front of a person, who resolves it; manual items wait for the merchant's mark", async () => {
    const shop = "job-review.myshopify.com";
    const seeded = await seedApprovedRun(shop, []);
    const remote = new TestRemote();
    await db.payoutRun.update({ where: { id: seeded.runId }, data: { status: "submitting" } });
    await db.payoutRunItem.updateMany({ where: { shop, runId: seeded.runId }, data: { status: "submitting" } });
    remote.behaviour.set(seeded.amelia.id, "lookup_broken");
    await runPayoutJobOnce(db, NOW, "a", jobOptions(remote, new CapturingMailer()));
    expect(await itemOf(seeded.amelia.itemId)).toMatchObject({ status: "needs_review", reviewReason: expect.stringMatching(/INVALID_RESOURCE_ID/) as unknown });
    expect(await runOf(seeded.runId)).toMatchObject({ status: "partly_failed" });
    expect(remote.sends).toEqual([]);

    const mailer = new CapturingMailer();
    expect(await markItemOutcome(db, shop, seeded.amelia.itemId, "failed", "  ", STAFF, { now: NOW, mailer })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/why the payment failed/) as unknown });
    expect(await markItemOutcome(db, "other.myshopify.com", seeded.amelia.itemId, "paid", "", STAFF, { now: NOW, mailer })).toMatchObject({ ok: false, status: 404 });
    expect(await markItemOutcome(db, shop, seeded.amelia.itemId, "paid", "Checked in PayPal: paid", STAFF, { now: NOW, mailer })).toMatchObject({ ok: true, item: { status: "succeeded", resolvedBy: STAFF } });
    expect(await runOf(seeded.runId)).toMatchObject({ status: "settled" });
    expect(mailer.sent).toHaveLength(1);
    expect(await markItemOutcome(db, shop, seeded.amelia.itemId, "failed", "changed my mind", STAFF, { now: NOW, mailer })).toMatchObject({ ok: false, status: 409 });

    // Manual: the registry's manual provider hands items over as "awaiting the merchant's mark".
    const manualShop = "job-manual.myshopify.com";
    const manual = await seedApprovedRun(manualShop, ["bob"], "manual");
    const [bob] = manual.others as [Seeded["others"][number]];
    const pass = await runPayoutJobOnce(db, NOW, "a", { mailer, random: () => 0.5 });
    expect(pass.runs).toEqual([{ runId: manual.runId, status: "submitted" }]);
    expect(await itemOf(bob.itemId)).toMatchObject({ status: "submitted", providerStatus: "awaiting_merchant_mark" });
    // A status sync changes nothing for manual items.
    await runPayoutJobOnce(db, after(6 * MINUTE), "a", { mailer, random: () => 0.5 });
    expect(await itemOf(bob.itemId)).toMatchObject({ status: "submitted" });
    expect(await markItemOutcome(db, manualShop, manual.amelia.itemId, "paid", "Bank transfer ref 778", STAFF, { now: NOW, mailer, runId: manual.runId })).toMatchObject({ ok: true });
    expect(await markItemOutcome(db, manualShop, bob.itemId, "failed", "Bank returned it: account closed", STAFF, { now: NOW, mailer, runId: "another-run" })).toMatchObject({ ok: false, status: 404 });
    expect(await markItemOutcome(db, manualShop, bob.itemId, "failed", "Bank returned it: account closed", STAFF, { now: NOW, mailer, runId: manual.runId })).toMatchObject({ ok: true, item: { status: "failed", failureReason: "Bank returned it: account closed" } });
    expect(await db.payout.findUniqueOrThrow({ where: { id: bob.payoutId } })).toMatchObject({ voidedBy: STAFF, voidReason: "Bank returned it: account closed" });
    expect(await runOf(manual.runId)).toMatchObject({ status: "partly_failed" });
    expect(await db.auditEvent.findFirst({ where: { shop: manualShop, action: "payout_item.succeeded" } })).toMatchObject({ actor: STAFF, reason: "Bank transfer ref 778" });
  });
});
