/**
 * One-time upgrade of customer email hashes written before they were keyed (bare SHA-256, 64 hex digits) to
 * hashEmail()'s keyed form, in place and without the email (upgradeLegacyEmailHash). Runs when the background jobs
 * start; idempotent (keyed values start with "h1:", pseudonyms with "redacted:"), so a restart or a second process
 * finds nothing left to do. Until it has run, a compliance request by email does not match the old rows.
 */
import type { Database } from "../../db.server";
import { readEmailHashKey, upgradeLegacyEmailHash } from "./redact-customer-identity.server";

const LEGACY_PATTERN = "^[0-9a-f]{64}$";
const TABLES = ["AttributedOrder", "DataRequest"] as const;

/** Rewrites every legacy hash; returns how many rows changed. */
export async function upgradeLegacyCustomerEmailHashes(db: Database): Promise<number> {
  const key = readEmailHashKey();
  let changed = 0;
  for (const table of TABLES) {
    // Distinct (shop, hash) pairs: every update below is scoped by shop.
    const legacy = await db.$queryRawUnsafe<Array<{ shop: string; hash: string }>>(
      `SELECT DISTINCT "shop", "customerEmailHash" AS hash FROM "${table}" WHERE "customerEmailHash" ~ $1`,
      LEGACY_PATTERN,
    );
    for (const { shop, hash } of legacy) {
      changed += await db.$executeRawUnsafe(
        `UPDATE "${table}" SET "customerEmailHash" = $1 WHERE "shop" = $2 AND "customerEmailHash" = $3`,
        upgradeLegacyEmailHash(key, hash),
        shop,
        hash,
      );
    }
  }
  return changed;
}
