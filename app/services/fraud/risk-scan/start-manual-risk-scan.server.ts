/**
 * "Scan now" from the Risk queue, and the scan status the queue shows.
 *
 * startManualRiskScan records a scan (scanKey "manual:<id>", who asked) without running it: the route may run it
 * right away in the background (runRiskScan with the returned scanKey) and the risk scan job picks up any that is
 * still waiting at its next pass. A second click while a scan is under way or waiting returns that scan instead of
 * queueing another (claims are serialised per shop, see claim-risk-scan.server.ts).
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../../../db.server";
import { recordAuditEvent } from "../../../repositories/audit-event-repository.server";
import { lockShopScans } from "./claim-risk-scan.server";

export type StartedRiskScan = { readonly scanId: string; readonly scanKey: string; readonly alreadyRunning: boolean };

export async function startManualRiskScan(db: Database, input: { shop: string; actor: string; now: Date }): Promise<StartedRiskScan> {
  const { shop, actor, now } = input;
  return db.$transaction(async (tx) => {
    await lockShopScans(tx, shop);
    // Under way, or waiting for a runner (never claimed, or its instance stopped or crashed: the job resumes it):
    // the person sees that one's progress.
    const open = await tx.riskScan.findFirst({
      where: { shop, finishedAt: null },
      orderBy: { startedAt: "desc" },
      select: { id: true, scanKey: true },
    });
    if (open) return { scanId: open.id, scanKey: open.scanKey, alreadyRunning: true };
    const scanKey = `manual:${randomUUID()}`;
    const scan = await tx.riskScan.create({ data: { shop, scanKey, startedAt: now, startedBy: actor } });
    await recordAuditEvent(tx, { shop, actor, action: "risk_scan_started", subjectType: "risk_scan", subjectId: scan.id, details: { scanKey } });
    return { scanId: scan.id, scanKey, alreadyRunning: false };
  });
}

export type RiskScanStatus = {
  readonly scanId: string;
  readonly scanKey: string;
  readonly manual: boolean;
  readonly startedBy: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** "waiting": recorded, not picked up yet; "running": under way; "finished" / "failed": ended (error says why). */
  readonly state: "waiting" | "running" | "finished" | "failed";
  readonly creatorsDone: number;
  readonly creatorsTotal: number;
  readonly flagsRaised: number;
  readonly error: string | null;
};

/** The shop's latest scan (what the queue's status line shows), or null before the first one. */
export async function loadRiskScanStatus(db: Database, shop: string, now: Date = new Date()): Promise<RiskScanStatus | null> {
  const scan = await db.riskScan.findFirst({ where: { shop }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
  if (!scan) return null;
  const state = scan.finishedAt ? (scan.error ? "failed" : "finished") : scan.leaseUntil && scan.leaseUntil > now ? "running" : "waiting";
  return {
    scanId: scan.id,
    scanKey: scan.scanKey,
    manual: scan.scanKey.startsWith("manual:"),
    startedBy: scan.startedBy,
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    state,
    creatorsDone: scan.creatorsDone,
    creatorsTotal: scan.creatorsTotal,
    flagsRaised: scan.flagsRaised,
    error: scan.error,
  };
}
