import type { Database } from "../../db.server";
import type { CreatorPerformanceView } from "../../components/creator-performance-card";
import { formatDecimalAmount, formatMoney } from "../../domain/money";
import { resolveReportingRange, toLocalDay } from "../../domain/reporting";
import { loadCreatorPerformance } from "./load-creator-performance.server";

const PRESETS = ["last_7_days", "last_30_days", "last_90_days", "this_month"] as const;

/**
 * The creator page's performance card, ready to show: the range from `?range=` (the dashboard's presets, resolved
 * in the shop's time zone; anything else is the last 30 days), amounts formatted from bigint.
 */
export async function loadCreatorPerformanceView(
  db: Database,
  shop: { shop: string; currencyCode: string; ianaTimezone: string },
  creatorId: string,
  url: URL,
  now: Date,
): Promise<CreatorPerformanceView> {
  const asked = url.searchParams.get("range");
  const preset = PRESETS.find((value) => value === asked) ?? "last_30_days";
  const resolved = resolveReportingRange({ preset }, shop.ianaTimezone, now);
  if (!resolved.ok) throw new Error(`The shop's time zone ${shop.ianaTimezone} could not be read: ${resolved.message}`);
  const performance = await loadCreatorPerformance(db, shop, creatorId, resolved.range);
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency: performance.currency });
  return {
    preset,
    rangeLabel: `${resolved.range.from} to ${resolved.range.to}`,
    revenue: money(performance.revenueMinor),
    orders: performance.orders,
    clicks: performance.clicks,
    commission: money(performance.commissionMinor),
    balanceOwed: money(performance.balanceOwedMinor),
    currency: performance.currency,
    points: performance.days.map((day) => ({
      day: day.day,
      // Chart positions only; the figures people read are formatted from bigint above.
      revenue: Number(formatDecimalAmount({ amountMinor: day.revenueMinor, currency: performance.currency })),
      commission: Number(formatDecimalAmount({ amountMinor: day.commissionMinor, currency: performance.currency })),
    })),
    commissions: performance.commissions.map((row) => ({
      id: row.id,
      orderId: row.orderId,
      orderLabel: row.orderName ?? row.shopifyOrderId.split("/").pop() ?? row.shopifyOrderId,
      day: toLocalDay(row.orderCreatedAt, shop.ianaTimezone),
      status: row.status,
      commission: money(row.netMinor),
      paid: money(row.paidMinor),
    })),
  };
}
