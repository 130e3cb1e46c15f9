import { LineChart } from "@shopify/polaris-viz";
import { ClientOnlyChart } from "./client-only-chart";

export type RiskSeriesPoint = {
  /** The day as the page shows it ("Dec 7, 2026"), formatted by the loader in one place. */
  label: string;
  /** A chart position only (major units for money); the table beside the chart has the exact figures. */
  value: number;
  baseline: number | null;
};

/**
 * A flag's trend (e.g. orders per day against the creator's usual weekday figure) as one or two small lines. The
 * drawing is hidden from assistive technology (ClientOnlyChart); the page shows the same figures as a table.
 */
export function RiskSeriesChart({ title, points, baselineName }: { title: string; points: RiskSeriesPoint[]; baselineName: string }) {
  const first = points[0]?.label ?? "";
  const last = points[points.length - 1]?.label ?? "";
  const hasBaseline = points.some((point) => point.baseline !== null);
  const description = `${hasBaseline ? "Two lines" : "One line"}, ${title.toLowerCase()}${hasBaseline ? ` and ${baselineName.toLowerCase()}` : ""}, one point per day from ${first} to ${last}. The table below the chart lists every day's figures.`;
  return (
    <ClientOnlyChart height={200} testId="risk-series-chart" skeletonLines={5} label={title} description={description}>
      {() => {
        const data = [{ name: title, data: points.map((point) => ({ key: point.label, value: point.value })) }];
        if (hasBaseline) data.push({ name: baselineName, data: points.map((point) => ({ key: point.label, value: point.baseline ?? 0 })) });
        return <LineChart data={data} theme="Light" />;
      }}
    </ClientOnlyChart>
  );
}
