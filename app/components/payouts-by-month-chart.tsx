import { SkeletonBodyText } from "@shopify/polaris";
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => undefined;

export type PayoutMonth = {
  /** "2026-11" */
  month: string;
  /** Major units of `currency`: a bar's height only; every figure a merchant reads is formatted from bigint. */
  amount: number;
};

/**
 * What was paid out per month, as bars. polaris-viz measures the DOM while rendering, so it cannot render on the
 * server: a skeleton first, the chart once the page is mounted (as in DailyPerformanceChart).
 */
export function PayoutsByMonthChart({ months, currency, locale = "en-US" }: { months: PayoutMonth[]; currency: string; locale?: string }) {
  const mounted = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  if (!mounted) return <SkeletonBodyText lines={6} />;
  const amount = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 2 });
  const monthLabel = new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" });
  const data = [{ name: "Paid out", data: months.map((point) => ({ key: monthLabel.format(new Date(`${point.month}-01T00:00:00Z`)), value: point.amount })) }];
  return (
    <PolarisVizProvider>
      <div style={{ height: 220 }} data-testid="payouts-by-month-chart">
        <BarChart data={data} theme="Light" yAxisOptions={{ labelFormatter: (value) => (typeof value === "number" ? amount.format(value) : String(value ?? "")) }} />
      </div>
    </PolarisVizProvider>
  );
}
