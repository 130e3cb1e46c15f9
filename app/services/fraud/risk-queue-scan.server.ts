/**
 * "Scan now" on the Risk queue: asks the risk scan (app/services/fraud/risk-scan/) for a manual scan of the shop.
 */
import { z } from "zod";
import type { Database } from "../../db.server";

const formSchema = z.object({ intent: z.literal("scan", { error: "Choose “Scan now” on the Risk page, then try again." }) });

export type RiskScanAnswer = { status: number; body: { ok: boolean; message: string } };

/** Whether this build can start a scan by hand (the risk scan's starter is present). */
export function riskScanCanStart(): boolean {
  return false;
}

export async function requestRiskScan(_db: Database, input: { shop: string; actor: string; form: Record<string, unknown>; now: Date }): Promise<RiskScanAnswer> {
  const parsed = formSchema.safeParse(input.form);
  if (!parsed.success) return { status: 400, body: { ok: false, message: parsed.error.issues[0]?.message ?? "Reload the page and try again." } };
  return { status: 409, body: { ok: false, message: "Scanning by hand is not available yet; the nightly scan checks every creator. Reload the page later." } };
}
