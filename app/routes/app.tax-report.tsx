import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Card, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { documentTitle } from "../components/document-title";
import { downloadCsv } from "../components/download-csv";
import { LabelledDataTable } from "../components/labelled-data-table";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { toLocalDay } from "../domain/reporting/to-local-day";
import { TAX_REPORT_STATUS_LABELS } from "../domain/tax";
import { buildShopTaxReport, readTaxReportYear } from "../services/tax-report";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Tax report");

const YEARS_SHOWN = 6;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const timeZone = await readShopTimeZone(db, session.shop);
  const currentYear = Number(toLocalDay(new Date(), timeZone).slice(0, 4));
  const year = readTaxReportYear(new URL(request.url), currentYear);
  if (year instanceof Response) throw year;
  const report = await buildShopTaxReport(db, session.shop, year);
  const format = (money: { amountMinor: bigint; currency: string }) => formatMoney(money);
  return {
    year,
    years: Array.from({ length: YEARS_SHOWN }, (_, index) => currentYear - index),
    timeZone: report.timeZone,
    currency: report.currency,
    threshold: report.threshold ? format(report.threshold) : null,
    flaggedCount: report.flaggedCount,
    necDueCount: report.necDueCount,
    otherCurrencyPaymentCount: report.otherCurrencyPaymentCount,
    totals: { total: format(report.totals.total), nec: format(report.totals.nec), processorReported: format(report.totals.processorReported) },
    lines: report.lines.map((line) => ({
      creatorId: line.creatorId,
      name: line.name,
      email: line.email,
      total: format(line.total),
      nec: format(line.nec),
      processorReported: format(line.processorReported),
      byMethod: line.byMethod.map((entry) => `${entry.method} ${format(entry.amount)}`).join(", "),
      taxForm: line.taxFormKind === "w9" ? `W-9${line.tinLast4 ? ` (…${line.tinLast4})` : ""}` : line.taxFormKind === "w8ben" ? "W-8BEN" : "None",
      status: TAX_REPORT_STATUS_LABELS[line.status],
      flagged: line.flagged,
    })),
  };
};

export default function TaxReportPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const [exportError, setExportError] = useState<string | null>(null);
  async function exportCsv() {
    setExportError(null);
    try {
      await downloadCsv(`/app/tax-report/export?year=${data.year}`, `tax-report-${data.year}.csv`);
      shopify.toast.show("Tax report downloaded");
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  }
  const rows = data.lines.map((line) => [
    <BlockStack key={line.creatorId} gap="100">
      <Text as="span" fontWeight="semibold">
        {line.name}
      </Text>
      <Text as="span" tone="subdued">
        {line.email}
      </Text>
    </BlockStack>,
    line.total,
    line.nec,
    line.processorReported,
    line.byMethod,
    line.taxForm,
    line.flagged ? (
      <Badge key="status" tone="critical">
        {line.status}
      </Badge>
    ) : (
      line.status
    ),
  ]);

  return (
    <Page title={`Tax report ${data.year}`} secondaryActions={[{ content: "Export CSV", onAction: () => void exportCsv() }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <InlineStack gap="300" blockAlign="end">
              <Select label="Calendar year" options={data.years.map((year) => ({ label: String(year), value: String(year) }))} value={String(data.year)} onChange={(value) => navigate(`/app/tax-report?year=${value}`)} />
            </InlineStack>
            {exportError ? (
              <Banner tone="critical" title="The export failed">
                <p>{exportError}</p>
              </Banner>
            ) : null}
            {data.threshold ? (
              <Banner tone={data.flaggedCount > 0 ? "warning" : "info"} title={data.flaggedCount > 0 ? `${data.flaggedCount} creator(s) need a W-9 before you file` : "1099-NEC summary"}>
                <p>
                  Payments made in {data.year} ({data.timeZone} calendar) that succeeded and were not voided. A 1099-NEC is due for creators you paid{" "}
                  {data.threshold} or more in the year by methods you report yourself (bank transfer, bank files, store credit, gift cards, paid by hand).
                  Payments through PayPal or a card are reported by the processor on Form 1099-K, so they are shown apart and do not count toward your
                  1099-NEC. Creators with a W-8BEN on file are foreign persons and get no 1099. Ask flagged creators to submit a W-9 in the creator portal.
                  This report helps your accountant; it is not tax advice.
                </p>
              </Banner>
            ) : (
              <Banner tone="info" title="No 1099 thresholds for this shop's currency">
                <p>
                  Your shop sells in {data.currency}; US 1099 thresholds apply to payments in US dollars, so this report shows the year&apos;s totals per
                  creator without 1099 flags. Ask your accountant what your country requires.
                </p>
              </Banner>
            )}
            {data.otherCurrencyPaymentCount > 0 ? (
              <Banner tone="warning" title="Some payouts are in another currency">
                <p>{data.otherCurrencyPaymentCount} payout(s) in the year were not in {data.currency} and are not in these totals. Check them with your accountant.</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {data.year} totals
                </Text>
                <Text as="p">
                  Paid {data.totals.total}: {data.totals.nec} you report (1099-NEC), {data.totals.processorReported} reported by the processor (1099-K).{" "}
                  {data.threshold ? `${data.necDueCount} creator(s) at or above ${data.threshold}.` : ""}
                </Text>
              </BlockStack>
            </Card>
            <Card padding="0">
              {rows.length === 0 ? (
                <div style={{ padding: "1rem" }}>
                  <Text as="p">No payouts were paid in {data.year}.</Text>
                </div>
              ) : (
                <LabelledDataTable
                  label={`Tax report ${data.year}`}
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "text", "text"]}
                  headings={["Creator", "Total paid", "1099-NEC", "1099-K (processor)", "By method", "Tax form", "Status"]}
                  rows={rows}
                />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Tax report" />;
}
