import { stringify } from "csv-stringify/sync";
import type { Database } from "../../db.server";
import { neutralizeCsvFormula } from "../../domain/creators";
import { formatDecimalAmount } from "../../domain/money";
import { listCommissions, type CommissionListQuery } from "./commission-list.server";

export const COMMISSION_EXPORT_COLUMNS = [
  "order",
  "order_date",
  "creator",
  "status",
  "currency",
  "commission",
  "paid",
  "owed",
  "commission_id",
  "shopify_order_id",
  "creator_id",
] as const;

/**
 * The commissions matching the list's filter as CSV. Amounts are plain decimals in the commission's currency
 * (exact: formatted from minor units), so a spreadsheet can sum them; cells that look like formulas are neutralised.
 */
export async function exportCommissionsCsv(db: Database, shop: string, query: CommissionListQuery, now: Date): Promise<string> {
  const { rows } = await listCommissions(db, shop, query, now, null);
  // Only text people typed can start a formula; amounts stay numbers (a leading minus is a clawback, not a formula).
  const lines = rows.map((row) => [
    neutralizeCsvFormula(row.orderName ?? row.shopifyOrderId),
    row.orderCreatedAt.toISOString(),
    neutralizeCsvFormula(row.creatorName),
    row.status,
    row.currency,
    formatDecimalAmount({ amountMinor: row.netMinor, currency: row.currency }),
    formatDecimalAmount({ amountMinor: row.paidMinor, currency: row.currency }),
    formatDecimalAmount({ amountMinor: row.netMinor - row.paidMinor, currency: row.currency }),
    row.id,
    row.shopifyOrderId,
    row.creatorId,
  ]);
  return stringify([[...COMMISSION_EXPORT_COLUMNS], ...lines], { bom: true });
}
