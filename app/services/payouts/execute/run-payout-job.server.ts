/**
 * One pass of the payout job: takes the runs that are due (approved, submitting, submitted), each under a lease so two
 * app instances never work one run at once, and moves them on:
 *
 *   approved   → submitting   (THE run transition table, under the run's version)
 *   submitting : PayPal items get their batch id (`AFF-<runId>-<n>`, ≤ 15,000 per batch) before any call; items left
 *                `submitting` by a crash are looked up first (unknown → sent again with the same ids; known → the
 *                report is applied); then approved items are COMMITTED as `submitting` and handed to their provider.
 *                Once every item is handed over: → submitted.
 *   submitted  : status sync (lookUp) every few minutes for items still with the provider (webhooks apply reports
 *                meanwhile); once every item is final → settled | partly_failed.
 *
 * Provider errors: ProviderRetryableError → the items stay `submitting` (looked up before any resend), the run waits
 * with exponential backoff + jitter and shows the error; ProviderSetupError → the run waits with the message and no
 * item fails; any other error from submit → those items fail with the message (their Payout is voided, owed again);
 * any other error from a look-up → those items need review (they may have been paid: only a person can tell).
 */
import "../providers/all.server";
import type { Database } from "../../../db.server";
import { assertItemTransition, assertRunTransition } from "../../../domain/payouts/payout-run-transitions";
import type { Mailer } from "../../../email/mailer.server";
import { payoutStatementKey, sendPayoutStatementEmail } from "../../../email/send-payout-statement-email.server";
import type { PayoutRun, PayoutRunItem, PayoutRunMethod } from "../../../generated/prisma/client";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { ProviderRetryableError, ProviderSetupError, type PayoutProvider, type ProviderContext, type ProviderItem, type ProviderItemReport } from "../providers/payout-provider";
import { findPayoutProvider } from "../providers/registry.server";
import { applyItemReportWithResult, voidItemPayout } from "./apply-item-report.server";
import { computeRetryDelayMs } from "./compute-retry-delay";
import { settlePayoutRunIfDone } from "./settle-payout-run.server";

/** PayPal accepts at most 15,000 items in one payout batch. */
export const PAYPAL_MAX_ITEMS_PER_BATCH = 15_000;
const JOB_ACTOR = "system:payout-job";

export interface PayoutJobOptions {
  /** Tests pass their own provider; the app uses the registry (providers/all.server.ts). */
  findProvider?: (method: PayoutRunMethod) => PayoutProvider | null;
  /** How long a claimed run is held before another instance may take it over (renewed after every provider call). */
  leaseMs?: number;
  /** How often a submitted run's items are looked up. */
  syncIntervalMs?: number;
  /** How long a run waits after a ProviderSetupError (not connected, a scope missing) before trying again. */
  setupRetryMs?: number;
  /** Items per provider call (and per PayPal batch). */
  batchSize?: number;
  /** Runs taken per pass. */
  maxRuns?: number;
  random?: () => number;
  mailer?: Mailer | null;
}

export interface PayoutJobPass {
  /** Runs this pass held (by id) and the status each was left in. */
  runs: Array<{ runId: string; status: string }>;
}

export async function runPayoutJobOnce(db: Database, now: Date, owner: string, options: PayoutJobOptions = {}): Promise<PayoutJobPass> {
  const leaseFree = [{ leaseUntil: null }, { leaseUntil: { lt: now } }];
  // The one query across shops: which runs are due. Everything after it is scoped by the run's shop.
  const due = await db.payoutRun.findMany({
    where: {
      status: { in: ["approved", "submitting", "submitted"] },
      AND: [{ OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] }, { OR: leaseFree }],
    },
    orderBy: [{ nextAttemptAt: { sort: "asc", nulls: "first" } }, { plannedAt: "asc" }],
    take: options.maxRuns ?? 10,
    select: { id: true, shop: true },
  });
  const pass: PayoutJobPass = { runs: [] };
  for (const candidate of due) {
    const lease = new RunLease(db, candidate.shop, candidate.id, owner, now, options.leaseMs ?? 5 * 60_000);
    if (!(await lease.claim())) continue;
    try {
      const status = await new RunExecution(db, candidate.shop, candidate.id, now, lease, options).execute();
      pass.runs.push({ runId: candidate.id, status });
    } catch (error) {
      if (error instanceof LeaseLost) continue;
      // One run's trouble (a database hiccup, a provider bug) must not hold up other shops' runs: it is shown on the
      // run and tried again in a minute. Every item's state was committed before its provider call, so resuming is safe.
      console.error(`Payout run ${candidate.id} (${candidate.shop}) stopped with an error; the job tries it again in a minute.`, error);
      await db.payoutRun.updateMany({
        where: { shop: candidate.shop, id: candidate.id },
        data: { lastError: `Affable stopped on an unexpected error and tries again shortly: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000), nextAttemptAt: new Date(now.getTime() + 60_000) },
      });
      pass.runs.push({ runId: candidate.id, status: "error" });
    } finally {
      await lease.release();
    }
  }
  return pass;
}

class LeaseLost extends Error {}

/**
 * UPDATE … SET leaseUntil, leaseOwner WHERE leaseUntil IS NULL OR leaseUntil < now: of two instances, one row update
 * wins and the other finds the lease taken. The lease is measured on a clock that starts at the pass's `now`.
 */
class RunLease {
  private readonly startedAt = Date.now();

  constructor(
    private readonly db: Database,
    private readonly shop: string,
    private readonly runId: string,
    private readonly owner: string,
    private readonly now: Date,
    private readonly leaseMs: number,
  ) {}

  private clock(): Date {
    return new Date(this.now.getTime() + Math.max(0, Date.now() - this.startedAt));
  }

  async claim(): Promise<boolean> {
    const claimed = await this.db.payoutRun.updateMany({
      where: { shop: this.shop, id: this.runId, status: { in: ["approved", "submitting", "submitted"] }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: this.now } }] },
      data: { leaseUntil: new Date(this.now.getTime() + this.leaseMs), leaseOwner: this.owner },
    });
    return claimed.count === 1;
  }

  /** Before every provider call: the lease must still be ours, for long enough to finish the call. */
  async renew(): Promise<void> {
    const renewed = await this.db.payoutRun.updateMany({
      where: { shop: this.shop, id: this.runId, leaseOwner: this.owner },
      data: { leaseUntil: new Date(this.clock().getTime() + this.leaseMs) },
    });
    if (renewed.count !== 1) throw new LeaseLost(`Payout run ${this.runId} is no longer leased by ${this.owner}.`);
  }

  async release(): Promise<void> {
    await this.db.payoutRun.updateMany({ where: { shop: this.shop, id: this.runId, leaseOwner: this.owner }, data: { leaseUntil: null, leaseOwner: null } });
  }
}

type Waiting = { waiting: true };
const WAITING: Waiting = { waiting: true };
const isWaiting = (value: unknown): value is Waiting => value === WAITING;

class RunExecution {
  private readonly findProvider: (method: PayoutRunMethod) => PayoutProvider | null;
  private readonly batchSize: number;
  private note = "";

  constructor(
    private readonly db: Database,
    private readonly shop: string,
    private readonly runId: string,
    private readonly now: Date,
    private readonly lease: RunLease,
    private readonly options: PayoutJobOptions,
  ) {
    this.findProvider = options.findProvider ?? findPayoutProvider;
    this.batchSize = Math.min(options.batchSize ?? PAYPAL_MAX_ITEMS_PER_BATCH, PAYPAL_MAX_ITEMS_PER_BATCH);
  }

  private async loadRun(): Promise<PayoutRun> {
    return this.db.payoutRun.findFirstOrThrow({ where: { shop: this.shop, id: this.runId } });
  }

  async execute(): Promise<string> {
    const shopRow = await this.db.shop.findUnique({ where: { shop: this.shop }, select: { name: true } });
    this.note = `Commission payout from ${shopRow?.name ?? this.shop}`;
    let run = await this.loadRun();
    if (run.status === "approved") {
      await this.moveRun(run, "submitting", { attempts: 0, lastError: null });
      run = await this.loadRun();
    }
    if (run.status === "submitting") {
      await this.assignPayPalBatchIds();
      const handedOver = await this.handOverItems();
      if (handedOver === WAITING) return (await this.loadRun()).status;
      // Still ours? An instance that stalled past its lease (and was taken over) stops here, before it reads a run
      // the other instance may have moved on already.
      await this.lease.renew();
      await this.moveRun(await this.loadRun(), "submitted", { submittedAt: this.now, nextAttemptAt: this.nextSync(), lastError: null, attempts: 0 });
      await this.finishItems();
      await settlePayoutRunIfDone(this.db, this.shop, this.runId, this.now, JOB_ACTOR);
      return (await this.loadRun()).status;
    }
    if (run.status === "submitted") {
      const synced = await this.syncSubmittedItems();
      await this.finishItems();
      const settled = await settlePayoutRunIfDone(this.db, this.shop, this.runId, this.now, JOB_ACTOR);
      if (settled === null && synced !== WAITING) await this.updateRun({ nextAttemptAt: this.nextSync(), lastError: null, attempts: 0 });
    }
    return (await this.loadRun()).status;
  }

  private nextSync(): Date {
    return new Date(this.now.getTime() + (this.options.syncIntervalMs ?? 5 * 60_000));
  }

  private async moveRun(run: PayoutRun, to: "submitting" | "submitted", data: Record<string, unknown>): Promise<void> {
    assertRunTransition(run.status, to);
    await this.db.$transaction(async (tx) => {
      const moved = await tx.payoutRun.updateMany({
        where: { shop: this.shop, id: this.runId, status: run.status, version: run.version },
        data: { ...data, status: to, version: { increment: 1 } },
      });
      // Someone else moved it (a person voided an approved run): this pass leaves it alone.
      if (moved.count !== 1) throw new LeaseLost(`Payout run ${this.runId} changed while the job held it.`);
      await recordAuditEvent(tx, { shop: this.shop, actor: JOB_ACTOR, action: `payout_run.${to}`, subjectType: "payout_run", subjectId: this.runId, details: { from: run.status } });
    });
  }

  /** Fields the job keeps on the run while it holds it (errors, the next attempt); not status changes. */
  private async updateRun(data: { lastError?: string | null; nextAttemptAt?: Date | null; attempts?: number | { increment: number } }): Promise<void> {
    await this.db.payoutRun.updateMany({ where: { shop: this.shop, id: this.runId }, data });
  }

  /**
   * PayPal batches: `AFF-<runId>-<n>`, n = 1.. per 15,000 items in id order, written in one statement before any
   * call and never changed, so a resend after a crash uses the same sender_batch_id (PayPal refuses a reused one for
   * 30 days: the batch is never paid twice).
   */
  private async assignPayPalBatchIds(): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "PayoutRunItem" AS item
      SET "senderBatchId" = 'AFF-' || ${this.runId}::text || '-' || numbered.batch_number::text
      FROM (
        SELECT id, (((row_number() OVER (ORDER BY id)) - 1) / ${this.batchSize}::bigint + 1)::bigint AS batch_number
        FROM "PayoutRunItem"
        WHERE shop = ${this.shop} AND "runId" = ${this.runId} AND method = 'paypal' AND status NOT IN ('planned', 'excluded', 'voided')
      ) AS numbered
      WHERE item.id = numbered.id AND item.shop = ${this.shop} AND item."senderBatchId" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "PayoutRunItem" WHERE shop = ${this.shop} AND "runId" = ${this.runId} AND method = 'paypal' AND "senderBatchId" IS NOT NULL)`;
  }

  private toProviderItem(item: PayoutRunItem): ProviderItem {
    return {
      itemId: item.id,
      creatorId: item.creatorId,
      senderItemId: item.senderItemId,
      senderBatchId: item.senderBatchId,
      amountMinor: item.amountMinor,
      currency: item.currency,
      note: this.note,
      providerItemId: item.providerItemId,
    };
  }

  private context(): ProviderContext {
    return { db: this.db, shop: this.shop, runId: this.runId, now: this.now };
  }

  /** Items of the run in `status`, in groups a provider takes in one call: one method, one senderBatchId, ≤ batchSize. */
  private async groupsOf(status: "approved" | "submitting" | "submitted"): Promise<PayoutRunItem[][]> {
    const items = await this.db.payoutRunItem.findMany({ where: { shop: this.shop, runId: this.runId, status }, orderBy: [{ method: "asc" }, { senderBatchId: "asc" }, { id: "asc" }] });
    const groups: PayoutRunItem[][] = [];
    let current: PayoutRunItem[] = [];
    for (const item of items) {
      const first = current[0];
      if (first !== undefined && (first.method !== item.method || first.senderBatchId !== item.senderBatchId || current.length >= this.batchSize)) {
        groups.push(current);
        current = [];
      }
      current.push(item);
    }
    if (current.length > 0) groups.push(current);
    return groups;
  }

  private async handOverItems(): Promise<Waiting | null> {
    // 1. Items a crash (or a timeout) left `submitting`: ask the provider before anything is sent again.
    for (const group of await this.groupsOf("submitting")) {
      const provider = await this.providerFor(group);
      if (isWaiting(provider)) return WAITING;
      if (provider === null) continue;
      await this.lease.renew();
      let reports: ProviderItemReport[];
      try {
        reports = await provider.lookUp(this.context(), group.map((item) => this.toProviderItem(item)));
      } catch (error) {
        if ((await this.handleProviderError(error, group, "lookUp")) === WAITING) return WAITING;
        continue;
      }
      for (const report of reports) {
        if (report.outcome === "unknown") await this.sendAgainLater(report.itemId);
        else await this.apply(report);
      }
    }
    // 2. Approved items: committed as `submitting`, then handed over.
    for (const group of await this.groupsOf("approved")) {
      const provider = await this.providerFor(group);
      if (isWaiting(provider)) return WAITING;
      if (provider === null) continue;
      // The lease first: an instance that lost it (stalled inside the previous call, taken over) marks nothing.
      await this.lease.renew();
      const claimed = await this.markSubmitting(group);
      if (claimed.length === 0) continue;
      let reports: ProviderItemReport[];
      try {
        reports = await provider.submit(this.context(), claimed.map((item) => this.toProviderItem(item)));
      } catch (error) {
        if ((await this.handleProviderError(error, claimed, "submit")) === WAITING) return WAITING;
        continue;
      }
      // An item the provider did not report on stays `submitting`: the next step looks it up.
      await this.applyAll(reports.filter((report) => report.outcome !== "unknown"));
    }
    const open = await this.db.payoutRunItem.count({ where: { shop: this.shop, runId: this.runId, status: { in: ["approved", "submitting"] } } });
    if (open === 0) return null;
    // Some items are still with no answer (the provider left them out): look them up after a short wait.
    await this.updateRun({ lastError: `${open} item(s) have no answer from the provider yet; Affable asks the provider again.`, nextAttemptAt: new Date(this.now.getTime() + computeRetryDelayMs(1, this.random())) });
    return WAITING;
  }

  private random(): number {
    return (this.options.random ?? Math.random)();
  }

  /** The group's provider; an item without a method fails (it cannot be paid); no provider → the run waits. */
  private async providerFor(group: PayoutRunItem[]): Promise<PayoutProvider | null | Waiting> {
    const method = group[0]?.method ?? null;
    if (method === null) {
      assertItemTransition("approved", "submitting");
      for (const item of group) {
        if (item.status === "approved") await this.db.payoutRunItem.updateMany({ where: { shop: this.shop, id: item.id, status: "approved" }, data: { status: "submitting", submittingAt: this.now, version: { increment: 1 } } });
        await this.apply({ itemId: item.id, outcome: "failed", providerItemId: null, providerStatus: "no_method", reason: "The creator has no payout method. Ask them to choose one in the creator portal; their commissions are owed again." });
      }
      return null;
    }
    const provider = this.findProvider(method);
    if (provider !== null) return provider;
    await this.updateRun({ lastError: `Payouts by ${method} are not available in this version of Affable; the run waits until they are.`, nextAttemptAt: new Date(this.now.getTime() + (this.options.setupRetryMs ?? 5 * 60_000)) });
    return WAITING;
  }

  /** approved → submitting, committed before the provider call; only the items this statement moved are sent. */
  private async markSubmitting(group: PayoutRunItem[]): Promise<PayoutRunItem[]> {
    assertItemTransition("approved", "submitting");
    const ids = group.map((item) => item.id);
    const moved = await this.db.$queryRaw<Array<{ id: string }>>`
      UPDATE "PayoutRunItem" SET status = 'submitting', "submittingAt" = ${this.now}, attempts = attempts + 1, version = version + 1, "updatedAt" = ${this.now}
      WHERE shop = ${this.shop} AND "runId" = ${this.runId} AND id = ANY(${ids}) AND status = 'approved'
      RETURNING id`;
    const movedIds = new Set(moved.map((row) => row.id));
    return this.db.payoutRunItem.findMany({ where: { shop: this.shop, id: { in: [...movedIds] } }, orderBy: { id: "asc" } });
  }

  /** The provider has no record of the item: submitting → approved, and it is sent again (same ids) in this pass. */
  private async sendAgainLater(itemId: string): Promise<void> {
    assertItemTransition("submitting", "approved");
    await this.db.payoutRunItem.updateMany({ where: { shop: this.shop, id: itemId, status: "submitting" }, data: { status: "approved", version: { increment: 1 } } });
  }

  /**
   * Applies a provider's answer to a batch. "Accepted, not final" (PayPal PENDING) is by far the most common answer
   * to a submit, so submitting → submitted is one statement for the batch (the same transition and lock as
   * applyItemReport: only rows still `submitting` move); everything else, and any item that had moved meanwhile,
   * goes through applyItemReport one by one.
   */
  private async applyAll(reports: ProviderItemReport[]): Promise<void> {
    const accepted = reports.filter((report): report is Extract<ProviderItemReport, { outcome: "submitted" }> => report.outcome === "submitted");
    const moved = new Set<string>();
    if (accepted.length > 0) {
      assertItemTransition("submitting", "submitted");
      const rows = await this.db.$queryRaw<Array<{ id: string }>>`
        UPDATE "PayoutRunItem" AS item
        SET status = 'submitted', "providerItemId" = COALESCE(report.provider_item_id, item."providerItemId"), "providerStatus" = report.provider_status,
            "providerBatchId" = COALESCE(report.provider_batch_id, item."providerBatchId"), version = item.version + 1, "updatedAt" = ${this.now}
        FROM unnest(${accepted.map((report) => report.itemId)}::text[], ${accepted.map((report) => report.providerItemId)}::text[],
                    ${accepted.map((report) => report.providerStatus)}::text[], ${accepted.map((report) => report.providerBatchId ?? null)}::text[])
             AS report(id, provider_item_id, provider_status, provider_batch_id)
        WHERE item.shop = ${this.shop} AND item."runId" = ${this.runId} AND item.id = report.id AND item.status = 'submitting'
        RETURNING item.id`;
      for (const row of rows) moved.add(row.id);
    }
    for (const report of reports) if (!moved.has(report.itemId)) await this.apply(report);
  }

  private async apply(report: ProviderItemReport): Promise<void> {
    await applyItemReportWithResult(this.db, this.shop, report, this.now, JOB_ACTOR, { mailer: this.options.mailer });
  }

  private async handleProviderError(error: unknown, items: PayoutRunItem[], call: "submit" | "lookUp"): Promise<Waiting | null> {
    const method = items[0]?.method ?? "unknown";
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProviderRetryableError) {
      const run = await this.loadRun();
      const attempt = run.attempts + 1;
      const retryAt = new Date(this.now.getTime() + computeRetryDelayMs(attempt, this.random(), error.retryAfterMs));
      await this.updateRun({ attempts: attempt, nextAttemptAt: retryAt, lastError: `${method} did not answer (${message}); Affable tries again at ${retryAt.toISOString()} without paying anyone twice.` });
      return WAITING;
    }
    if (error instanceof ProviderSetupError) {
      if (call === "submit") for (const item of items) await this.sendAgainLater(item.id); // nothing was sent
      await this.updateRun({ lastError: message, nextAttemptAt: new Date(this.now.getTime() + (this.options.setupRetryMs ?? 5 * 60_000)) });
      return WAITING;
    }
    for (const item of items) {
      if (call === "submit") await this.apply({ itemId: item.id, outcome: "failed", providerItemId: null, providerStatus: "rejected", reason: message });
      else await this.apply({ itemId: item.id, outcome: "needs_review", reason: `Affable could not ask ${method} whether this payment went through (${message}). Check it with the provider, then mark it paid or failed.` });
    }
    return null;
  }

  /** Status sync for items the provider still has; webhooks apply reports meanwhile. */
  private async syncSubmittedItems(): Promise<Waiting | null> {
    for (const group of await this.groupsOf("submitted")) {
      const provider = await this.providerFor(group);
      if (isWaiting(provider)) return WAITING;
      if (provider === null) continue;
      await this.lease.renew();
      let reports: ProviderItemReport[];
      try {
        reports = await provider.lookUp(this.context(), group.map((item) => this.toProviderItem(item)));
      } catch (error) {
        if (error instanceof ProviderRetryableError || error instanceof ProviderSetupError) {
          await this.handleProviderError(error, group, "lookUp");
          return WAITING;
        }
        // A submitted item is with the provider: a failed status check changes nothing, it is asked again later.
        await this.updateRun({ lastError: `Checking ${group[0]?.method ?? "the provider"} failed: ${error instanceof Error ? error.message : String(error)}`, nextAttemptAt: this.nextSync() });
        return WAITING;
      }
      // "unknown" for an item the provider accepted earlier is not a reason to resend: it stays submitted.
      for (const report of reports) if (report.outcome !== "unknown") await this.apply(report);
    }
    return null;
  }

  /** Finishes what a crash may have cut off after an item's change: the failed item's void, the paid item's statement. */
  private async finishItems(): Promise<void> {
    const finished = await this.db.payoutRunItem.findMany({ where: { shop: this.shop, runId: this.runId, status: { in: ["failed", "succeeded"] }, payoutId: { not: null } } });
    const failed = finished.filter((item) => item.status === "failed");
    const notVoided = new Set(
      (await this.db.payout.findMany({ where: { shop: this.shop, id: { in: failed.map((item) => item.payoutId as string) }, voidedAt: null }, select: { id: true } })).map((payout) => payout.id),
    );
    for (const item of failed) if (item.payoutId !== null && notVoided.has(item.payoutId)) await voidItemPayout(this.db, this.shop, item, this.now, JOB_ACTOR);
    const succeeded = finished.filter((item) => item.status === "succeeded");
    const sent = new Set(
      (await this.db.sentEmail.findMany({ where: { shop: this.shop, dedupeKey: { in: succeeded.map((item) => payoutStatementKey(item.payoutId as string)) } }, select: { dedupeKey: true } })).map((row) => row.dedupeKey),
    );
    for (const item of succeeded) if (!sent.has(payoutStatementKey(item.payoutId as string))) await sendPayoutStatementEmail({ db: this.db, mailer: this.options.mailer }, this.shop, item.id, this.now);
  }
}
