import type { Money } from "../money";

/**
 * The amount at which a merchant files a 1099-NEC for a contractor, by the calendar year the payments were made in:
 * $600 through 2025; $2,000 for payments made after December 31, 2025 (One Big Beautiful Bill Act, 2025; indexed
 * for inflation after 2026, which this table will need then). Reported when the year's total is at or above it.
 * Only US dollars: a shop in another currency gets no threshold (null), and the report says so.
 */
export function find1099NecThreshold(year: number, currency: string): Money | null {
  if (currency !== "USD") return null;
  return { amountMinor: year <= 2025 ? 60_000n : 200_000n, currency: "USD" };
}
