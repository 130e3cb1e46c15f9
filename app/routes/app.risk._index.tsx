import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigate, useRevalidator, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, IndexTable, InlineGrid, InlineStack, Page, ProgressBar, Select, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { documentTitle } from "../components/document-title";
import { WrappingCell } from "../components/labelled-data-table";
import { RISK_FLAG_STATUS_LABELS, RISK_FLAG_STATUS_TONES, RISK_SEVERITY_LABELS, RISK_SEVERITY_TONES } from "../components/risk-labels";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { describeRiskScan, listRiskQueue, parseRiskQueueFilters } from "../services/fraud/risk-queue.server";
import { requestRiskScan } from "../services/fraud/risk-queue-scan.server";
import { loadRiskScanStatus } from "../services/fraud/risk-scan/start-manual-risk-scan.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Risk");

/** While a scan runs, the page refreshes its progress this often. */
const SCAN_POLL_MS = 5_000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const filters = parseRiskQueueFilters(new URL(request.url).searchParams);
  const now = new Date();
  const [queue, scan] = await Promise.all([listRiskQueue(db, shop.shop, filters, shop.ianaTimezone), loadRiskScanStatus(db, shop.shop, now)]);
  return {
    filters: { status: filters.status, rule: filters.rule ?? "", severity: filters.severity ?? "" },
    queue,
    scan: describeRiskScan(scan, shop.ianaTimezone),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const result = await requestRiskScan(db, { shop: context.session.shop, actor: readStaffActor(context), form, now: new Date() });
  return Response.json(result.body, { status: result.status });
};

const STATUS_OPTIONS = [
  { label: "Open", value: "open" },
  { label: "Dismissed", value: "dismissed" },
  { label: "Released", value: "released" },
  { label: "Reversed", value: "reversed" },
  { label: "All", value: "all" },
];

const SEVERITY_OPTIONS = [
  { label: "Any severity", value: "" },
  { label: "High", value: "high" },
  { label: "Medium", value: "medium" },
  { label: "Low", value: "low" },
];

export default function RiskQueuePage() {
  const { filters, queue, scan } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const scanner = useFetcher<{ ok: boolean; message: string }>();
  const revalidator = useRevalidator();

  useEffect(() => {
    if (scanner.state === "idle" && scanner.data) shopify.toast.show(scanner.data.message, { isError: !scanner.data.ok });
  }, [scanner.state, scanner.data, shopify]);
  // A running or waiting scan's progress refreshes by itself; nothing polls once it has ended.
  const scanOpen = scan.state === "running" || scan.state === "waiting";
  useEffect(() => {
    if (!scanOpen) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, SCAN_POLL_MS);
    return () => clearInterval(timer);
  }, [scanOpen, revalidator]);

  const setFilter = (key: "status" | "rule" | "severity") => (value: string) =>
    setSearchParams((params) => {
      if (value === "") params.delete(key);
      else params.set(key, value);
      params.delete("after");
      params.delete("before");
      return params;
    });
  const goTo = (key: "after" | "before", cursor: string | null) =>
    cursor &&
    setSearchParams((params) => {
      params.delete("after");
      params.delete("before");
      params.set(key, cursor);
      return params;
    });
  const statusWord = filters.status === "all" ? "" : `${RISK_FLAG_STATUS_LABELS[filters.status].toLowerCase()} `;
  const ruleOptions = [
    { label: "Every rule", value: "" },
    ...queue.countsByRule.map((entry) => ({ label: `${entry.title} (${entry.count})`, value: entry.rule })),
  ];

  return (
    <Page
      title="Risk"
      subtitle="Flags from the fraud rules: one row per creator per rule, with the evidence. Held money is not paid until you decide."
      primaryAction={{
        content: "Scan now",
        helpText: "Check every creator's history now instead of waiting for the nightly scan.",
        loading: scanner.state !== "idle",
        disabled: scanOpen,
        onAction: () => scanner.submit({ intent: "scan" }, { method: "post" }),
      }}
      secondaryActions={[{ content: "Fraud settings", url: "/app/settings/fraud" }]}
    >
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Risk scan
            </Text>
            <div id="risk-scan-status">
              <Text as="p" tone={scan.state === "failed" ? "critical" : undefined}>
                {scan.text}
              </Text>
            </div>
            {scan.state === "running" ? <ProgressBar progress={scan.percent} size="small" ariaLabelledBy="risk-scan-status" /> : null}
            <Text as="p" tone="subdued">
              The scan runs every night in your store's time zone; the order rules run on every order as it arrives.
            </Text>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
              <Select label="Status" options={STATUS_OPTIONS} value={filters.status} onChange={setFilter("status")} />
              <Select label="Rule" options={ruleOptions} value={filters.rule} onChange={setFilter("rule")} />
              <Select label="Severity" options={SEVERITY_OPTIONS} value={filters.severity} onChange={setFilter("severity")} />
            </InlineGrid>
            <InlineStack gap="200" wrap>
              {queue.countsByRule
                .filter((entry) => entry.count > 0)
                .map((entry) => (
                  <Badge key={entry.rule} tone={entry.rule === filters.rule ? "info" : undefined}>{`${entry.title}: ${entry.count}`}</Badge>
                ))}
            </InlineStack>
          </BlockStack>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "flag", plural: "flags" }}
            itemCount={queue.rows.length}
            selectable={false}
            headings={[{ title: "Creator" }, { title: "Rule" }, { title: "Severity" }, { title: "Why" }, { title: "Held", alignment: "end" }, { title: "Last seen" }, { title: "Status" }]}
            pagination={{
              hasPrevious: queue.previousCursor !== null,
              hasNext: queue.nextCursor !== null,
              onPrevious: () => goTo("before", queue.previousCursor),
              onNext: () => goTo("after", queue.nextCursor),
              label: `${queue.total} ${statusWord}flag${queue.total === 1 ? "" : "s"}`,
            }}
            emptyState={
              <BlockStack gap="100" inlineAlign="center">
                <Text as="p" alignment="center" tone="subdued">
                  {filters.status === "open" && filters.rule === "" && filters.severity === ""
                    ? "No open flags. New ones appear here as orders arrive and after each nightly scan."
                    : "No flags match these filters. Choose “All” or “Every rule” to see more."}
                </Text>
              </BlockStack>
            }
          >
            {queue.rows.map((row, index) => (
              <IndexTable.Row id={row.id} key={row.id} position={index} onClick={() => navigate(`/app/risk/${row.id}`)}>
                <IndexTable.Cell>
                  <RemixLink to={`/app/risk/${row.id}`} onClick={(event) => event.stopPropagation()}>
                    {row.creatorName}
                  </RemixLink>
                </IndexTable.Cell>
                <IndexTable.Cell>{row.ruleTitle}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={RISK_SEVERITY_TONES[row.severity]}>{RISK_SEVERITY_LABELS[row.severity]}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <WrappingCell minWidth="16rem">
                    <Text as="span">{row.summary}</Text>
                    {row.occurrences > 1 ? (
                      <Text as="span" tone="subdued">{` Seen ${row.occurrences} times.`}</Text>
                    ) : null}
                  </WrappingCell>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone={row.held ? undefined : "subdued"}>
                    {row.held ?? (row.action === "flag" ? "Flag only" : "—")}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{row.lastSeenAt}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={RISK_FLAG_STATUS_TONES[row.status]}>{RISK_FLAG_STATUS_LABELS[row.status]}</Badge>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Risk" />;
}
