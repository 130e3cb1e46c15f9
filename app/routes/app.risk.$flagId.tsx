import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { Badge, Banner, BlockStack, Card, InlineStack, Layout, List, Modal, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { documentTitle } from "../components/document-title";
import { LabelledDataTable, WrappingCell } from "../components/labelled-data-table";
import { COMMISSION_STATUS_LABELS } from "../components/order-labels";
import { RISK_FLAG_STATUS_LABELS, RISK_FLAG_STATUS_TONES, RISK_SEVERITY_LABELS, RISK_SEVERITY_TONES } from "../components/risk-labels";
import { RiskSeriesChart } from "../components/risk-series-chart";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { loadRiskFlagDetail } from "../services/fraud/risk-queue-flag.server";
import { submitRiskFlagAction } from "../services/fraud/risk-queue-submit.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => documentTitle(data ? `${data.flag.ruleTitle}: ${data.creator.name}` : "Risk flag");

const NOT_FOUND = "This risk flag does not exist in your store. The link may be wrong or from another store; open Risk and pick the flag from the list.";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const flagId = params.flagId ?? "";
  const apiKeys = await db.apiKey.findMany({ where: { shop: shop.shop }, select: { id: true, name: true } });
  const detail = await loadRiskFlagDetail(db, {
    shop: shop.shop,
    flagId,
    timeZone: shop.ianaTimezone,
    currency: shop.currencyCode,
    actors: { viewer: readStaffActor(context), apiKeyNames: Object.fromEntries(apiKeys.map((key) => [key.id, key.name])) },
  });
  if (detail === null) throw new Response(NOT_FOUND, { status: 404 });
  return detail;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const answer = await submitRiskFlagAction(db, context.admin, { shop: context.session.shop, flagId: params.flagId ?? "", actor: readStaffActor(context), form, now: new Date() });
  return Response.json(answer.body, { status: answer.status });
};

type Intent = "dismiss" | "release" | "reverse" | "pause_creator" | "rotate_code";

function describeIntent(intent: Intent, creatorName: string, held: string | null): { title: string; button: string; body: string; destructive: boolean } {
  switch (intent) {
    case "dismiss":
      return {
        title: "Dismiss this flag",
        button: "Dismiss",
        body: `It is not fraud. The rule stops flagging this same pattern for ${creatorName}; anything this flag held${held ? ` (${held})` : ""} goes back to the approval path.`,
        destructive: false,
      };
    case "release":
      return {
        title: "Release the held money",
        button: "Release",
        body: held
          ? `The commissions this flag holds (${held}) go back to pending and are approved as usual, unless another open flag still holds them. The rule may flag the same pattern again.`
          : "This flag holds no money now; releasing closes it. The rule may flag the same pattern again (dismiss instead to stop that).",
        destructive: false,
      };
    case "reverse":
      return {
        title: "Reverse the commissions",
        button: "Reverse",
        body: `The commissions this flag names earn nothing. A commission already paid becomes a clawback, taken from ${creatorName}'s next payout.`,
        destructive: true,
      };
    case "pause_creator":
      return {
        title: `Pause ${creatorName}`,
        button: "Pause creator",
        body: `${creatorName}'s links and codes stop earning new commissions and their codes are switched off in Shopify. The flag stays open until you decide it.`,
        destructive: true,
      };
    case "rotate_code":
      return {
        title: "Rotate the code",
        button: "Rotate code",
        body: `A new code is created in Shopify with ${creatorName}'s code pattern and the old one is switched off, so a leaked code stops working. Tell ${creatorName} their new code.`,
        destructive: false,
      };
  }
}

export default function RiskFlagPage() {
  const data = useLoaderData<typeof loader>();
  const { flag, creator } = data;
  const fetcher = useFetcher<{ ok: boolean; message: string; field?: string }>();
  const shopify = useAppBridge();
  const [intent, setIntent] = useState<Intent | null>(null);
  const [reason, setReason] = useState("");
  const [newCode, setNewCode] = useState("");
  const busy = fetcher.state !== "idle";
  const [handled, setHandled] = useState<typeof fetcher.data>(undefined);
  if (fetcher.state === "idle" && fetcher.data?.ok && handled !== fetcher.data) {
    setHandled(fetcher.data);
    setIntent(null);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, shopify]);

  const open = flag.status === "open";
  const choose = (next: Intent) => {
    setIntent(next);
    setReason("");
    setNewCode("");
  };
  const described = intent === null ? null : describeIntent(intent, creator.name, flag.held);
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  // Actions belong to the review: a decided flag only shows what was decided (the creator page has its own controls).
  const mayPause = open && creator.exists && creator.status === "approved";
  const mayRotate = open && creator.exists && creator.activeCodes > 0;

  return (
    <Page
      title={flag.ruleTitle}
      subtitle={`${creator.name} · first seen ${flag.firstSeenAt}`}
      titleMetadata={
        <InlineStack gap="100">
          <Badge tone={RISK_SEVERITY_TONES[flag.severity]}>{RISK_SEVERITY_LABELS[flag.severity]}</Badge>
          <Badge tone={RISK_FLAG_STATUS_TONES[flag.status]}>{RISK_FLAG_STATUS_LABELS[flag.status]}</Badge>
        </InlineStack>
      }
      backAction={{ content: "Risk", url: "/app/risk" }}
      primaryAction={open ? { content: "Dismiss", onAction: () => choose("dismiss"), disabled: busy } : undefined}
      secondaryActions={[
        ...(open ? [{ content: "Release", onAction: () => choose("release"), disabled: busy }] : []),
        ...(open ? [{ content: "Reverse", destructive: true, onAction: () => choose("reverse"), disabled: busy }] : []),
        ...(mayPause ? [{ content: "Pause creator", onAction: () => choose("pause_creator"), disabled: busy }] : []),
        ...(mayRotate ? [{ content: "Rotate code", onAction: () => choose("rotate_code"), disabled: busy }] : []),
        ...(creator.exists ? [{ content: `Open ${creator.name}`, url: `/app/creators/${creator.id}` }] : []),
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failed && intent === null ? (
              <Banner tone="critical" title="Nothing changed">
                <Text as="p">{failed.message}</Text>
              </Banner>
            ) : null}
            {!open ? (
              <Banner tone="info" title={`${RISK_FLAG_STATUS_LABELS[flag.status]} ${flag.decidedAt ? flag.decidedAt : ""}${flag.decidedBy ? ` by ${flag.decidedBy}` : ""}`}>
                <Text as="p">{flag.decisionReason ? `“${flag.decisionReason}”` : "No reason was recorded."} If the rule sees the pattern again, it opens a new flag.</Text>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Why it was flagged
                </Text>
                <Text as="p">{flag.summary}</Text>
                <Text as="p" tone="subdued">
                  {flag.action === "hold" ? (flag.held ? `Holding ${flag.held}: not paid until you decide.` : "Set to hold, but holds nothing now (the commissions were already paid, reversed or released).") : "Flag only: the money is not held (Settings › Fraud)."}
                  {flag.occurrences > 1 ? ` Seen ${flag.occurrences} times, last ${flag.lastSeenAt}.` : ""}
                </Text>
                {data.suggestion ? (
                  <Banner tone="info" title="Suggestion">
                    <Text as="p">{data.suggestion}</Text>
                  </Banner>
                ) : null}
              </BlockStack>
            </Card>
            {data.compared.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    The numbers compared
                  </Text>
                  <LabelledDataTable
                    label="The numbers compared"
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
                    headings={["Measure", "Observed", "Usual", "Flags above", "Unit"]}
                    rows={data.compared.map((row) => [
                      <WrappingCell key="metric" minWidth="10rem">{row.metric}</WrappingCell>,
                      row.over ? <Text as="span" key="observed" fontWeight="semibold" tone="critical">{row.observed}</Text> : row.observed,
                      row.baseline,
                      row.threshold,
                      <WrappingCell key="unit" minWidth="8rem">{row.unit}</WrappingCell>,
                    ])}
                  />
                </BlockStack>
              </Card>
            ) : null}
            {data.series ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {data.series.label}
                  </Text>
                  <RiskSeriesChart title={data.series.label} points={data.series.chart} baselineName="Usual" />
                  <LabelledDataTable
                    label={`${data.series.label}, per day`}
                    columnContentTypes={data.series.hasBaseline ? ["text", "numeric", "numeric"] : ["text", "numeric"]}
                    headings={data.series.hasBaseline ? ["Day", data.series.label, "Usual"] : ["Day", data.series.label]}
                    rows={data.series.rows.map((row) => (data.series?.hasBaseline ? [row.day, row.value, row.baseline ?? "—"] : [row.day, row.value]))}
                  />
                </BlockStack>
              </Card>
            ) : null}
            {data.orders.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Orders
                  </Text>
                  <LabelledDataTable
                    label="Orders in the evidence"
                    columnContentTypes={["text", "text", "text"]}
                    headings={["Order", "Placed", "What matched"]}
                    rows={data.orders.map((order) => [
                      order.url ? <RemixLink key="order" to={order.url}>{order.label}</RemixLink> : order.label,
                      order.placedAt,
                      <WrappingCell key="note">{order.note}</WrappingCell>,
                    ])}
                  />
                </BlockStack>
              </Card>
            ) : null}
            {data.clicks.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Clicks
                  </Text>
                  <LabelledDataTable
                    label="Clicks in the evidence"
                    columnContentTypes={["text", "text", "text"]}
                    headings={["When", "Visitor", "What matched"]}
                    rows={data.clicks.map((click) => [click.at, click.visitor, <WrappingCell key="note">{click.note}</WrappingCell>])}
                  />
                  <Text as="p" variant="bodySm" tone="subdued">
                    Visitors are told apart by a keyed fingerprint of their network address and browser; Affable does not keep the addresses.
                  </Text>
                </BlockStack>
              </Card>
            ) : null}
            {data.commissions.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Commissions
                  </Text>
                  <LabelledDataTable
                    label="Commissions this flag names"
                    columnContentTypes={["text", "numeric", "text", "text"]}
                    headings={["Order", "Commission", "Status", "This flag"]}
                    rows={data.commissions.map((commission) => [
                      commission.orderUrl ? <RemixLink key="order" to={commission.orderUrl}>{commission.orderLabel}</RemixLink> : commission.orderLabel,
                      commission.amount,
                      commission.status ? COMMISSION_STATUS_LABELS[commission.status] : "Deleted",
                      commission.clawedBack ? "Clawed back (it was paid)" : commission.held ? "Held it" : "Named it",
                    ])}
                  />
                  {data.commissionCount > data.commissions.length ? (
                    <Text as="p" tone="subdued">{`Showing the newest ${data.commissions.length} of ${data.commissionCount}. All of them are on ${creator.name}'s page and in Commissions.`}</Text>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Facts
                </Text>
                {data.facts.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No further facts were recorded.
                  </Text>
                ) : (
                  data.facts.map((fact) => (
                    <InlineStack key={`${fact.label}-${fact.value}`} align="space-between" gap="200" wrap={false}>
                      <Text as="span" tone="subdued">
                        {fact.label}
                      </Text>
                      <Text as="span" alignment="end">
                        {fact.value}
                      </Text>
                    </InlineStack>
                  ))
                )}
              </BlockStack>
            </Card>
            {data.relatedCreators.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Related creators
                  </Text>
                  <List>
                    {data.relatedCreators.map((related) => (
                      <List.Item key={related.id}>{related.exists ? <RemixLink to={`/app/creators/${related.id}`}>{related.name}</RemixLink> : related.name}</List.Item>
                    ))}
                  </List>
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Decisions
                </Text>
                {data.history.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nobody has decided anything on this flag yet.
                  </Text>
                ) : (
                  data.history.map((event) => (
                    <BlockStack gap="050" key={event.id}>
                      <Text as="p">{event.what}</Text>
                      <Text as="p" tone="subdued" variant="bodySm">
                        {event.at} · {event.actor}
                        {event.reason ? ` · “${event.reason}”` : ""}
                      </Text>
                    </BlockStack>
                  ))
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={described !== null}
        onClose={() => setIntent(null)}
        title={described?.title ?? ""}
        primaryAction={{
          content: described?.button ?? "",
          destructive: described?.destructive ?? false,
          loading: busy,
          onAction: () => intent && fetcher.submit({ intent, reason, version: String(flag.version), ...(intent === "rotate_code" ? { newCode } : {}) }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setIntent(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">{described?.body}</Text>
            {intent === "rotate_code" ? (
              <TextField
                label="New code"
                helpText="Optional. Leave empty for a code from your program's code pattern."
                value={newCode}
                onChange={setNewCode}
                autoComplete="off"
                maxLength={255}
                error={failed?.field === "newCode" ? failed.message : undefined}
              />
            ) : null}
            {failed && failed.field !== "reason" && failed.field !== "newCode" ? (
              <Banner tone="critical">
                <Text as="p">{failed.message}</Text>
              </Banner>
            ) : null}
            <TextField
              label="Reason"
              helpText="Required. Kept in the audit log with your name, for whoever looks at this later."
              value={reason}
              onChange={setReason}
              autoComplete="off"
              multiline={3}
              maxLength={500}
              requiredIndicator
              error={failed?.field === "reason" ? failed.message : undefined}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Risk flag" />;
}
