import { LineChart } from "@shopify/polaris-viz";
import { formatShopDay } from "../domain/reporting/format-shop-date";
import { ClientOnlyChart } from "./client-only-chart";

export type DailyPerformancePoint = {
  /** The shop's calendar day, "2026-11-20". */
  day: string;
  /** Amounts in major units of `currency`: chart positions only; every figure a merchant reads is formatted from bigint. */
  revenue: number;
  commission: number;
};

function describeDays(points: DailyPerformancePoint[]): string {
  if (points.length === 0) return "No days in this range.";
  return `Two lines, attributed revenue and commission, one point per day from ${formatShopDay(points[0]!.day)} to ${formatShopDay(points[points.length - 1]!.day)}. The totals for the range are in the figures above the chart.`;
}

/** Daily attributed revenue and commission as two lines, in the shop's currency. */
export function DailyPerformanceChart({ points, currency, locale = "en-US" }: { points: DailyPerformancePoint[]; currency: string; locale?: string }) {
  return (
    <ClientOnlyChart
      height={280}
      testId="daily-performance-chart"
      skeletonLines={8}
      label="Attributed revenue and commission per day"
      description={describeDays(points)}
    >
      {() => {
        const amount = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 2 });
        const shortDay = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
        const formatDay = (value: string | number | null) => (typeof value === "string" ? shortDay.format(new Date(`${value}T00:00:00Z`)) : String(value ?? ""));
        const data = [
          { name: "Attributed revenue", data: points.map((point) => ({ key: point.day, value: point.revenue })) },
          { name: "Commission", data: points.map((point) => ({ key: point.day, value: point.commission })) },
        ];
        return (
          <LineChart
            data={data}
            theme="Light"
            xAxisOptions={{ labelFormatter: formatDay }}
            yAxisOptions={{ labelFormatter: (value) => (typeof value === "number" ? amount.format(value) : String(value ?? "")) }}
          />
        );
      }}
    </ClientOnlyChart>
  );
}
