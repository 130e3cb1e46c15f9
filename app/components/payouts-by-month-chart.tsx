import { BarChart } from "@shopify/polaris-viz";
import { ClientOnlyChart } from "./client-only-chart";

export type PayoutMonth = {
  /** "2026-11" */
  month: string;
  /** Major units of `currency`: a bar's height only; every figure a merchant reads is formatted from bigint. */
  amount: number;
};

/**
 * What was paid out per month, as bars. polaris-viz measures the DOM while rendering, so it cannot render on the
 * server: a skeleton first, the chart once the page is mounted (ClientOnlyChart, as in DailyPerformanceChart).
 */
export function PayoutsByMonthChart({ months, currency, locale = "en-US" }: { months: PayoutMonth[]; currency: string; locale?: string }) {
  const monthLabel = new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" });
  const label = (month: string) => monthLabel.format(new Date(`${month}-01T00:00:00Z`));
  const description =
    months.length === 0
      ? "No payouts in the last months."
      : `One bar per month from ${label(months[0]!.month)} to ${label(months[months.length - 1]!.month)}, the amount paid out that month. Each payout is listed in the payout history on this page.`;
  return (
    <ClientOnlyChart height={220} testId="payouts-by-month-chart" label="Amount paid out per month" description={description}>
      {() => {
        const amount = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 2 });
        const data = [{ name: "Paid out", data: months.map((point) => ({ key: label(point.month), value: point.amount })) }];
        return <BarChart data={data} theme="Light" yAxisOptions={{ labelFormatter: (value) => (typeof value === "number" ? amount.format(value) : String(value ?? "")) }} />;
      }}
    </ClientOnlyChart>
  );
}
