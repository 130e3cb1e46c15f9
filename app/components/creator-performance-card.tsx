import { Link as RemixLink, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, IndexTable, InlineGrid, InlineStack, Select, Text } from "@shopify/polaris";
import { DailyPerformanceChart, type DailyPerformancePoint } from "./daily-performance-chart";

export type CreatorPerformanceView = {
  preset: string;
  rangeLabel: string;
  revenue: string;
  orders: number;
  clicks: number;
  commission: string;
  balanceOwed: string;
  currency: string;
  points: DailyPerformancePoint[];
  commissions: Array<{ id: string; orderId: string | null; orderLabel: string; day: string; status: string; commission: string; paid: string }>;
};

const PRESETS = [
  { value: "last_7_days", label: "Last 7 days" },
  { value: "last_30_days", label: "Last 30 days" },
  { value: "last_90_days", label: "Last 90 days" },
  { value: "this_month", label: "This month" },
];

/** The creator page's performance: KPIs for the chosen range of the shop's days, a daily chart, latest commissions. */
export function CreatorPerformanceCard({ performance }: { performance: CreatorPerformanceView }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const kpis: Array<[string, string | number]> = [
    ["Revenue", performance.revenue],
    ["Orders", performance.orders],
    ["Clicks", performance.clicks],
    ["Commission", performance.commission],
    ["Balance owed now", performance.balanceOwed],
  ];
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Performance
            </Text>
            <Text as="p" tone="subdued">
              {performance.rangeLabel}, in your shop&apos;s time zone and currency.
            </Text>
          </BlockStack>
          <Select
            label="Date range"
            labelInline
            options={PRESETS}
            value={performance.preset}
            onChange={(value) => {
              const next = new URLSearchParams(searchParams);
              next.set("range", value);
              setSearchParams(next, { preventScrollReset: true });
            }}
          />
        </InlineStack>
        <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
          {kpis.map(([label, value]) => (
            <BlockStack gap="100" key={label}>
              <Text as="span" tone="subdued">
                {label}
              </Text>
              <Text as="span" variant="headingLg" numeric>
                {value}
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
        {performance.orders > 0 ? <DailyPerformanceChart points={performance.points} currency={performance.currency} /> : null}
        <Text as="h3" variant="headingSm">
          Latest commissions
        </Text>
        <IndexTable
          resourceName={{ singular: "commission", plural: "commissions" }}
          itemCount={performance.commissions.length}
          selectable={false}
          headings={[{ title: "Order" }, { title: "Date" }, { title: "Status" }, { title: "Commission", alignment: "end" }, { title: "Paid", alignment: "end" }]}
          emptyState={
            <Text as="p" alignment="center" tone="subdued">
              No commissions yet. They appear when an order uses this creator&apos;s code or link.
            </Text>
          }
        >
          {performance.commissions.map((row, index) => (
            <IndexTable.Row id={row.id} key={row.id} position={index}>
              <IndexTable.Cell>{row.orderId ? <RemixLink to={`/app/orders/${row.orderId}`}>{row.orderLabel}</RemixLink> : row.orderLabel}</IndexTable.Cell>
              <IndexTable.Cell>{row.day}</IndexTable.Cell>
              <IndexTable.Cell>{row.status}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.commission}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.paid}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}
