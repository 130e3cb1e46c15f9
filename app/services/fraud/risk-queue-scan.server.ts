/**
 * "Scan now" on the Risk queue: records a manual scan (startManualRiskScan: a second click while one is under way or
 * waiting returns that one) and starts it right away in this process, in the background; the scan's claim and lease
 * make that safe beside the risk scan job, which also picks up any manual scan still waiting at its next pass.
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import { runRiskScan } from "./risk-scan/run-risk-scan.server";
import { startManualRiskScan } from "./risk-scan/start-manual-risk-scan.server";

const formSchema = z.object({ intent: z.literal("scan", { error: "Choose “Scan now” on the Risk page, then try again." }) });

export type RiskScanAnswer = { status: number; body: { ok: boolean; message: string } };

export async function requestRiskScan(
  db: Database,
  input: { shop: string; actor: string; form: Record<string, unknown>; now: Date; runNow?: (scanKey: string) => Promise<unknown> },
): Promise<RiskScanAnswer> {
  const parsed = formSchema.safeParse(input.form);
  if (!parsed.success) return { status: 400, body: { ok: false, message: parsed.error.issues[0]?.message ?? "Reload the page and try again." } };
  const started = await startManualRiskScan(db, { shop: input.shop, actor: input.actor, now: input.now });
  if (started.alreadyRunning) return { status: 200, body: { ok: true, message: "A risk scan is already under way or waiting; its progress is shown on this page." } };
  const run = input.runNow ?? ((scanKey: string) => runRiskScan(db, { shop: input.shop, scanKey, now: input.now }));
  // Not awaited: a large shop's scan takes longer than a request. A failure is on the scan's row (the page says it);
  // the job resumes a scan that stopped part-way.
  void run(started.scanKey).catch((error: unknown) => console.error(`Risk scan ${started.scanKey} of ${input.shop} stopped; the risk scan job resumes it`, error));
  return { status: 202, body: { ok: true, message: "Scan started: every creator's history is being checked. New flags appear here as it goes." } };
}
