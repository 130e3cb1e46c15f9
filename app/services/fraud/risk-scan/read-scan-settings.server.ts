import type { Database } from "../../../db.server";
import { resolveFraudSettings, type FraudRuleSettingsMap } from "../../../domain/fraud";

/**
 * The shop's fraud settings in force for a scan: the stored rules merged over the defaults (a shop that never saved
 * the form scans with the defaults; a malformed stored part falls back to its default, never stopping the scan).
 */
export async function readScanSettings(db: Database, shop: string): Promise<{ settings: FraudRuleSettingsMap; extraCouponSites: string[] }> {
  const row = await db.fraudSettings.findUnique({ where: { shop }, select: { rules: true, extraCouponSites: true } });
  return { settings: resolveFraudSettings(row?.rules ?? {}), extraCouponSites: row?.extraCouponSites ?? [] };
}
