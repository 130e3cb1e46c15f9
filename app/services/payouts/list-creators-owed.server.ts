import type { Database } from "../../db.server";
import { choosePaypalAddress, decideOwedPayout, type OwedPayoutDecision, type OwedTotals, type PaypalAddressSource } from "../../domain/payouts";

export type CreatorOwed = {
  creatorId: string;
  creatorName: string;
  /** Where to pay by hand (choosePaypalAddress "manual"): the confirmed PayPal email, the creator page's payout email, or the contact email. */
  payoutEmail: string | null;
  /** Which of those payoutEmail is. */
  payoutEmailSource: PaypalAddressSource | null;
  currency: string;
  plan: OwedPayoutDecision;
};

type OwedCreatorRow = {
  creatorId: string;
  currency: string;
  approvedMinor: bigint;
  approvedCount: number;
  clawbackMinor: bigint;
  clawbackCount: number;
  pendingMinor: bigint;
  onHoldMinor: bigint;
  onHoldCount: number;
  creatorName: string | null;
  email: string | null;
  payoutEmail: string | null;
  paypalEmail: string | null;
  total: bigint;
};

/**
 * Every creator with money to pay or recover now, each with the payout decision: what is approved and owed, the
 * clawbacks carried, and why they cannot be paid yet (below the minimum, clawbacks exceed it). Payable first, then
 * by name. Read from CreatorOwedSummary (per creator, the sums over the commissions with net ≠ paid, kept exact by
 * triggers on Commission) and paged in SQL: the page reads one row per creator, never the commissions. Without `page`, every creator owed is listed.
 */
export async function listCreatorsOwed(
  db: Database,
  shop: string,
  page?: { skip: number; take: number },
): Promise<{ creators: CreatorOwed[]; total: number; payableCount: number; minimumPayoutMinor: bigint; currency: string | null }> {
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { minimumPayoutMinor: true, currency: true } });
  const minimumPayoutMinor = settings?.minimumPayoutMinor ?? 0n;
  const limit = page?.take ?? null;
  const offset = page?.skip ?? 0;
  // The payable test here is decideOwedPayout's rule (approved > 0, total > 0, total ≥ minimum), used only to sort
  // and count; each row's decision (and its words) comes from decideOwedPayout itself below.
  const rows = await db.$queryRaw<Array<OwedCreatorRow & { payable: boolean; rowCount: number; payableCount: number }>>`
    WITH owed AS (
      SELECT "creatorId", currency, "approvedMinor", "approvedCount", "clawbackMinor", "clawbackCount", "pendingMinor", "onHoldMinor", "onHoldCount"
      FROM "CreatorOwedSummary"
      WHERE shop = ${shop} AND "owingCount" > 0
    ), decided AS (
      SELECT owed.*, ("approvedCount" > 0 AND "approvedMinor" - "clawbackMinor" > 0 AND "approvedMinor" - "clawbackMinor" >= ${minimumPayoutMinor}) AS payable
      FROM owed
    )
    SELECT decided.*, c.name AS "creatorName", c.email, c."payoutEmail", p."paypalEmail",
      (COUNT(*) OVER ())::int AS "rowCount", (COUNT(*) FILTER (WHERE decided.payable) OVER ())::int AS "payableCount"
    FROM decided
    LEFT JOIN "Creator" c ON c.shop = ${shop} AND c.id = decided."creatorId"
    LEFT JOIN "CreatorPayoutProfile" p ON p.shop = ${shop} AND p."creatorId" = decided."creatorId"
    ORDER BY decided.payable DESC, c.name, decided."creatorId", decided.currency
    LIMIT ${limit} OFFSET ${offset}`;
  const creators = rows.map((row): CreatorOwed => {
    const totals: OwedTotals = {
      currency: row.currency,
      approvedMinor: BigInt(row.approvedMinor),
      approvedCount: Number(row.approvedCount),
      clawbackMinor: BigInt(row.clawbackMinor),
      clawbackCount: Number(row.clawbackCount),
      pendingMinor: BigInt(row.pendingMinor),
      onHoldMinor: BigInt(row.onHoldMinor),
      onHoldCount: Number(row.onHoldCount),
    };
    const address = choosePaypalAddress({ confirmedPaypalEmail: row.paypalEmail, payoutEmail: row.payoutEmail, contactEmail: row.email }, "manual");
    return {
      creatorId: row.creatorId,
      creatorName: row.creatorName ?? "(deleted creator)",
      payoutEmail: address?.email ?? null,
      payoutEmailSource: address?.source ?? null,
      currency: row.currency,
      plan: decideOwedPayout(totals, minimumPayoutMinor),
    };
  });
  let total = Number(rows[0]?.rowCount ?? 0);
  let payableCount = Number(rows[0]?.payableCount ?? 0);
  if (rows.length === 0 && offset > 0) {
    // Past the last page no row carries the window counts: count from the first page.
    ({ total, payableCount } = await listCreatorsOwed(db, shop, { skip: 0, take: 1 }));
  }
  return { creators, total, payableCount, minimumPayoutMinor, currency: settings?.currency ?? null };
}
