import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Link, Page, Select, Text, TextField } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { z } from "zod";
import { DailyPerformanceChart } from "../components/daily-performance-chart";
import { EmptyStatePage } from "../components/empty-state-page";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatDecimalAmount, formatMoney } from "../domain/money";
import { REPORTING_PRESETS, resolveReportingRange, type ReportingPreset } from "../domain/reporting";
import { loadDashboard, type MoneyTotal } from "../services/orders-commissions/load-dashboard.server";
import { dismissSetupStep, isSetupStepId, loadSetupSteps, type SetupStepView } from "../services/setup/setup-steps.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

const rangeQuerySchema = z.object({
  range: z.enum(REPORTING_PRESETS).catch("last_30_days"),
  from: z.string().max(10).optional().catch(undefined),
  to: z.string().max(10).optional().catch(undefined),
});

/** Several currencies only when the shop changed its currency; each is summed on its own, never converted. */
function formatTotals(totals: readonly MoneyTotal[], currency: string): string {
  if (totals.length === 0) return formatMoney({ amountMinor: 0n, currency });
  return totals.map((total) => formatMoney(total)).join(" + ");
}

export const meta: MetaFunction = () => documentTitle("Dashboard");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop, admin);
  const url = new URL(request.url);
  const query = rangeQuerySchema.parse({ range: url.searchParams.get("range") ?? undefined, from: url.searchParams.get("from") ?? undefined, to: url.searchParams.get("to") ?? undefined });
  const now = new Date();
  const resolved = resolveReportingRange({ preset: query.range, from: query.from, to: query.to }, shop.ianaTimezone, now);
  const fallback = resolveReportingRange({ preset: "last_30_days" }, shop.ianaTimezone, now);
  const range = resolved.ok ? resolved.range : fallback.ok ? fallback.range : null;
  if (range === null) throw new Error(`The shop's time zone ${shop.ianaTimezone} could not be read.`);
  const [dashboard, setupSteps] = await Promise.all([loadDashboard(db, shop, range), loadSetupSteps(db, session.shop, admin, env().SHOPIFY_API_KEY)]);
  const currency = shop.currencyCode;
  const pick = (select: (row: (typeof dashboard.commissions)[number]) => bigint) =>
    formatTotals(dashboard.commissions.map((row) => ({ currency: row.currency, amountMinor: select(row) })), currency);

  return {
    setupSteps,
    shopName: shop.name,
    currencyCode: currency,
    timeZone: shop.ianaTimezone,
    hasAnyOrder: dashboard.hasAnyOrder,
    rangeError: resolved.ok ? null : resolved.message,
    range,
    kpis: {
      revenue: formatTotals(dashboard.revenue, currency),
      attributedOrders: dashboard.attributedOrders,
      ordersSeen: dashboard.ordersSeen,
      unattributedOrders: dashboard.unattributedOrders,
      pending: pick((row) => row.pendingMinor),
      onHold: dashboard.commissions.some((row) => row.onHoldMinor !== 0n) ? pick((row) => row.onHoldMinor) : null,
      approved: pick((row) => row.approvedMinor),
      paid: pick((row) => row.paidMinor),
      owedNow: formatTotals(dashboard.owedNow, currency),
      clawbacks: formatTotals(dashboard.clawbacksOutstanding, currency),
      hasClawbacks: dashboard.clawbacksOutstanding.some((row) => row.amountMinor > 0n),
    },
    chart: {
      currency: dashboard.chartCurrency,
      points: dashboard.days.map((day) => ({
        day: day.day,
        // Chart positions only (a float is fine to draw a line); the figures people read are formatted above.
        revenue: Number(formatDecimalAmount({ amountMinor: day.revenueMinor, currency: dashboard.chartCurrency })),
        commission: Number(formatDecimalAmount({ amountMinor: day.commissionMinor, currency: dashboard.chartCurrency })),
      })),
    },
    topCreators: dashboard.topCreators.map((row) => ({
      creatorId: row.creatorId,
      name: row.name ?? "Deleted creator",
      revenue: formatMoney({ amountMinor: row.revenueMinor, currency: row.currency }),
      orders: row.orders,
      commission: formatMoney({ amountMinor: row.commissionMinor, currency: row.currency }),
    })),
  };
};

/** Dismisses one setup step (intent=dismiss-setup, step=<id>). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const step = form.get("step");
  if (form.get("intent") !== "dismiss-setup" || !isSetupStepId(step)) {
    return Response.json({ ok: false, message: "Unknown setup step: reload the dashboard and try again." }, { status: 400 });
  }
  await dismissSetupStep(db, session.shop, step);
  return { ok: true };
};

/** One banner per setup step not done yet; each can be dismissed. */
function SetupBanners({ steps }: { steps: SetupStepView[] }) {
  const fetcher = useFetcher();
  const dismissing = fetcher.formData?.get("step");
  return (
    <>
      {steps
        .filter((step) => step.id !== dismissing)
        .map((step) => (
          <Banner
            key={step.id}
            tone="info"
            title={step.title}
            action={step.action.external ? { content: step.action.content, url: step.action.url, target: "_top" } : { content: step.action.content, url: step.action.url }}
            onDismiss={() => fetcher.submit({ intent: "dismiss-setup", step: step.id }, { method: "post" })}
          >
            <p>{step.body}</p>
          </Banner>
        ))}
    </>
  );
}

const PRESET_LABELS: Record<ReportingPreset, string> = {
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  last_90_days: "Last 90 days",
  this_month: "This month",
  custom: "Custom range",
};

function RangePicker({ preset, from, to }: { preset: ReportingPreset; from: string; to: string }) {
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const [choice, setChoice] = useState<ReportingPreset>(preset);
  const [customFrom, setCustomFrom] = useState(from);
  const [customTo, setCustomTo] = useState(to);
  const apply = (next: ReportingPreset) => {
    setSearchParams(next === "custom" ? { range: next, from: customFrom, to: customTo } : { range: next }, { preventScrollReset: true });
  };
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <Select
        label="Date range"
        options={REPORTING_PRESETS.map((value) => ({ label: PRESET_LABELS[value], value }))}
        value={choice}
        onChange={(value) => {
          const next = value as ReportingPreset;
          setChoice(next);
          if (next !== "custom") apply(next);
        }}
      />
      {choice === "custom" ? (
        <>
          <TextField label="From" type="date" value={customFrom} onChange={setCustomFrom} autoComplete="off" />
          <TextField label="To" type="date" value={customTo} onChange={setCustomTo} autoComplete="off" />
          <Button onClick={() => apply("custom")} loading={navigation.state === "loading"}>
            Apply
          </Button>
        </>
      ) : null}
    </InlineStack>
  );
}

function Kpi({ label, value, help }: { label: string; value: string | number; help?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function GettingStarted({ currencyCode, steps }: { currencyCode: string; steps: SetupStepView[] }) {
  return (
    <BlockStack gap="300">
      <SetupBanners steps={steps} />
      <Text as="p" tone="subdued">
        Commissions are kept in your store currency, {currencyCode}, to the smallest unit.
      </Text>
    </BlockStack>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { kpis } = data;

  if (!data.hasAnyOrder) {
    return (
      <EmptyStatePage
        title="Dashboard"
        heading={`Welcome to Affable, ${data.shopName}`}
        action={{ content: "Add your first creator", url: "/app/creators" }}
        secondaryAction={{ content: "Review program settings", url: "/app/settings" }}
        aside={<GettingStarted currencyCode={data.currencyCode} steps={data.setupSteps} />}
      >
        Attributed revenue, pending, approved and paid commissions and your top creators appear here once your creators&apos; codes and links
        bring in their first orders. Every order Affable sees, attributed or not, is listed under Orders.
      </EmptyStatePage>
    );
  }

  const rangeIsEmpty = kpis.ordersSeen === 0;
  return (
    <Page title="Dashboard" subtitle={`Welcome to Affable, ${data.shopName}`} secondaryActions={[{ content: "View orders", url: "/app/orders" }]}>
      <BlockStack gap="400">
        <SetupBanners steps={data.setupSteps} />
        <Card>
          <BlockStack gap="200">
            <RangePicker key={`${data.range.preset}:${data.range.from}:${data.range.to}`} preset={data.range.preset} from={data.range.from} to={data.range.to} />
            <Text as="p" variant="bodySm" tone="subdued">
              {data.range.from} to {data.range.to}, days in your store&apos;s time zone ({data.timeZone}).
            </Text>
          </BlockStack>
        </Card>
        {data.rangeError ? (
          <Banner tone="warning" title="Showing the last 30 days instead">
            <p>{data.rangeError}</p>
          </Banner>
        ) : null}
        {rangeIsEmpty ? (
          <Banner tone="info" title="No orders in this range">
            <p>Pick a longer range, or share your creators&apos; codes and links to bring in orders. Orders appear here a few seconds after Shopify reports them.</p>
          </Banner>
        ) : null}
        {kpis.hasClawbacks ? (
          <Banner tone="warning" title={`${kpis.clawbacks} to recover from creators`}>
            <p>Refunds reversed commission that was already paid. It is deducted from those creators&apos; next payouts.</p>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <Kpi label="Attributed revenue" value={kpis.revenue} help="Commissionable sales (after discounts, without tax and shipping) of attributed orders, cancelled orders excluded; refunds not deducted." />
          <Kpi label="Attributed orders" value={kpis.attributedOrders} help={`Of ${kpis.ordersSeen} ${kpis.ordersSeen === 1 ? "order" : "orders"} seen; ${kpis.unattributedOrders} without a creator.`} />
          <Kpi label="Commissions pending" value={kpis.pending} help={`In the holding period, net of refunds.${kpis.onHold ? ` On hold: ${kpis.onHold}.` : ""}`} />
          <Kpi label="Commissions approved" value={kpis.approved} help="Approved and not yet paid, on orders in this range." />
          <Kpi label="Commissions paid" value={kpis.paid} help="Paid out on orders in this range." />
          <Kpi label="Owed now" value={kpis.owedNow} help="Approved commission waiting for a payout, all orders." />
          <Kpi label="Clawbacks outstanding" value={kpis.clawbacks} help="Paid commission later reversed by refunds, to deduct from next payouts." />
        </InlineGrid>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Daily attributed revenue and commission ({data.chart.currency})
            </Text>
            <DailyPerformanceChart points={data.chart.points} currency={data.chart.currency} />
          </BlockStack>
        </Card>
        <Layout>
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  Top creators
                </Text>
              </Box>
              {data.topCreators.length === 0 ? (
                <Box padding="400" paddingBlockStart="0">
                  <Text as="p" tone="subdued">
                    No creator earned in this range. Approved creators earn when shoppers use their code or arrive through their link;{" "}
                    <RemixLink to="/app/creators">check your creators</RemixLink>.
                  </Text>
                </Box>
              ) : (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={["Creator", "Attributed revenue", "Orders", "Commission"]}
                  rows={data.topCreators.map((row) => [
                    <Link key={row.creatorId} url={`/app/creators/${row.creatorId}`} removeUnderline>
                      {row.name}
                    </Link>,
                    row.revenue,
                    row.orders,
                    row.commission,
                  ])}
                />
              )}
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            {/* The setup steps are the banners at the top of the page; only the currency note stays here. */}
            <GettingStarted currencyCode={data.currencyCode} steps={[]} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Dashboard" />;
}
