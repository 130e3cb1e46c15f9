import { stringify } from "csv-stringify/sync";
import type { Database } from "../../db.server";
import { neutralizeCsvFormula, SOCIAL_NETWORKS, type ImportRowError, type SocialHandles } from "../../domain/creators";
import { formatPercentText } from "../../domain/program/percent-text";
import { formatDecimalAmount } from "../../domain/money";
import { creatorListOrder, creatorListWhere, type CreatorListQuery } from "../../repositories/creator-repository.server";
import { loadCreatorsSummary } from "./load-creator-performance.server";

/** The import's columns first, so an export can be edited and imported again. */
export const EXPORT_COLUMNS = [
  "name",
  "email",
  "handle",
  ...SOCIAL_NETWORKS,
  "payout_email",
  "notes",
  "status",
  "commission_percent",
  "commission_flat",
  "ref_token",
  "created_at",
  "id",
  // Performance (lifetime, shop currency; see load-creator-performance.server.ts). Ignored by the import.
  "primary_code",
  "revenue",
  "orders",
  "commission_earned",
  "balance_owed",
] as const;

function toCsv(header: readonly string[], rows: string[][]): string {
  return stringify([header as string[], ...rows.map((row) => row.map(neutralizeCsvFormula))], { bom: true });
}

/** All the shop's creators matching the list's filter (or the selected ids) as CSV, formula-safe. */
export async function exportCreatorsCsv(db: Database, shop: string, query: CreatorListQuery, currency: string): Promise<string> {
  const creators = await db.creator.findMany({ where: creatorListWhere(shop, query), orderBy: creatorListOrder(query) });
  const performance = await loadCreatorsSummary(db, shop, creators.map((creator) => creator.id));
  const rows = creators.map((creator) => {
    const stats = performance.get(creator.id);
    const amount = (amountMinor: bigint | undefined) => formatDecimalAmount({ amountMinor: amountMinor ?? 0n, currency: stats?.currency ?? currency });
    const social = (creator.socialHandles ?? {}) as SocialHandles;
    return [
      creator.name,
      creator.email,
      creator.handle,
      ...SOCIAL_NETWORKS.map((network) => social[network] ?? ""),
      creator.payoutEmail ?? "",
      creator.notes ?? "",
      creator.status,
      creator.commissionOverrideType === "percentage" && creator.commissionOverrideBasisPoints !== null
        ? formatPercentText(creator.commissionOverrideBasisPoints)
        : "",
      creator.commissionOverrideType === "flat" && creator.commissionOverrideFlatMinor !== null
        ? formatDecimalAmount({ amountMinor: creator.commissionOverrideFlatMinor, currency })
        : "",
      creator.refToken,
      creator.createdAt.toISOString(),
      creator.id,
      stats?.primaryCode ?? "",
      amount(stats?.revenueMinor),
      String(stats?.orders ?? 0),
      amount(stats?.commissionEarnedMinor),
      amount(stats?.balanceOwedMinor),
    ];
  });
  return toCsv(EXPORT_COLUMNS, rows);
}

export function importRowErrorsCsv(rowErrors: readonly ImportRowError[]): string {
  return toCsv(["row", "reason"], rowErrors.map((error) => [String(error.row), error.reason]));
}
