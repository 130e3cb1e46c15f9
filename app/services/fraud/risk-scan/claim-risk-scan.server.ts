/**
 * Who runs a risk scan. The RiskScan row's unique (shop, scanKey) is the day's claim, and a lease (leaseUntil,
 * leaseOwner) says which instance is running it: a crashed instance's scan is taken over once its lease has run out.
 * Claims of one shop are serialised with a transaction-scoped advisory lock, so two instances never both start a
 * scan of the same shop (the nightly one and a "Scan now", or two servers on the same day): a second claim waits for
 * the first one's transaction, then sees its live lease.
 *
 * Every write of a running scan (its verdicts, its progress, its finish) happens in a transaction that first renews
 * the lease WHERE leaseOwner is still this run: a run that lost its lease (it stalled past leaseUntil and another
 * took over) fails that update and stops without writing anything more.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../../../db.server";
import type { Prisma } from "../../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export type RiskScanClaim =
  /** This run owns the scan; `creatorsDone` > 0 when it takes over a crashed run (it resumes there). */
  | { readonly outcome: "claimed"; readonly scanId: string; readonly owner: string; readonly creatorsDone: number; readonly summary: unknown }
  /** The scan of this key has finished before: nothing to do. */
  | { readonly outcome: "finished"; readonly scanId: string }
  /** Another instance is running this scan (its lease is live). */
  | { readonly outcome: "running"; readonly scanId: string }
  /** Another scan of the shop is running (another key): this one waits for a later pass. */
  | { readonly outcome: "busy"; readonly scanId: string };

export class RiskScanLeaseLostError extends Error {
  constructor(scanId: string) {
    super(`Risk scan ${scanId} lost its lease to another instance (it stalled past its lease); that instance carries on with it.`);
    this.name = "RiskScanLeaseLostError";
  }
}

/** Serialises the claims of one shop's scans (released when the transaction ends). */
export async function lockShopScans(tx: Tx, shop: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`affable:risk-scan:${shop}`}))`;
}

/** The shop's scan that is under way (live lease) other than `exceptScanKey`, if any. */
export async function findRunningScan(tx: Tx, shop: string, at: Date, exceptScanKey?: string) {
  return tx.riskScan.findFirst({
    where: { shop, finishedAt: null, leaseUntil: { gt: at }, ...(exceptScanKey === undefined ? {} : { scanKey: { not: exceptScanKey } }) },
    orderBy: { startedAt: "desc" },
    select: { id: true, scanKey: true },
  });
}

export async function claimRiskScan(
  db: Database,
  input: { shop: string; scanKey: string; startedAt: Date; clock: () => Date; leaseMs: number },
): Promise<RiskScanClaim> {
  const { shop, scanKey, leaseMs } = input;
  const owner = randomUUID();
  return db.$transaction(async (tx) => {
    await lockShopScans(tx, shop);
    const at = input.clock();
    const leaseUntil = new Date(at.getTime() + leaseMs);
    const existing = await tx.riskScan.findUnique({ where: { shop_scanKey: { shop, scanKey } } });
    if (existing?.finishedAt) return { outcome: "finished", scanId: existing.id };
    if (existing?.leaseUntil && existing.leaseUntil > at) return { outcome: "running", scanId: existing.id };
    const other = await findRunningScan(tx, shop, at, scanKey);
    if (other) return { outcome: "busy", scanId: other.id };
    if (existing) {
      // Never started (a "Scan now" waiting for a runner) or crashed: this run takes it over and resumes it.
      await tx.riskScan.update({ where: { id: existing.id }, data: { leaseUntil, leaseOwner: owner, error: null } });
      return { outcome: "claimed", scanId: existing.id, owner, creatorsDone: existing.creatorsDone, summary: existing.summary };
    }
    const created = await tx.riskScan.create({ data: { shop, scanKey, startedAt: input.startedAt, leaseUntil, leaseOwner: owner } });
    return { outcome: "claimed", scanId: created.id, owner, creatorsDone: 0, summary: created.summary };
  });
}

/**
 * Renews the lease inside a writing transaction, with `data` written in the same update (progress, the finish);
 * throws RiskScanLeaseLostError (rolling the transaction back) when the run no longer owns the scan.
 */
export async function renewLease(
  tx: Tx,
  scan: { shop: string; scanId: string; owner: string },
  leaseUntil: Date | null,
  data: Omit<Prisma.RiskScanUpdateManyMutationInput, "leaseUntil" | "leaseOwner"> = {},
): Promise<void> {
  const updated = await tx.riskScan.updateMany({
    where: { shop: scan.shop, id: scan.scanId, leaseOwner: scan.owner, finishedAt: null },
    data: { ...data, leaseUntil, ...(leaseUntil === null ? { leaseOwner: null } : {}) },
  });
  if (updated.count !== 1) throw new RiskScanLeaseLostError(scan.scanId);
}
