import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";
import { Badge, Banner, BlockStack, Card, InlineGrid, InlineStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { COMMISSION_STATUS_LABELS, COMMISSION_STATUS_TONES, ORDER_STATUS_LABELS, ORDER_STATUS_TONES, SIGNAL_LABELS } from "../components/order-labels";
import { describeActor, describeAttributionText, describeShopifyIds, type ActorContext } from "../components/merchant-words";
import { LabelledDataTable, WrappingCell } from "../components/labelled-data-table";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { RiskChecksCard } from "../components/risk-checks-card";
import { listOrderRiskChecks } from "../services/fraud/risk-queue-history.server";
import { runRecheckOrderAction } from "../services/fraud/check-order-risk.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import db from "../db.server";
import type { AttributionFlag } from "../domain/attribution";
import type { MoneyPair, RateSource } from "../domain/commission";
import { formatMoney, formatRate, type Money } from "../domain/money";
import { loadOrderDetail, type OrderDetailCommission } from "../services/orders-commissions/load-order-detail.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";

const paramsSchema = z.object({ orderId: z.string().trim().min(1).max(64) });

const FLAG_TEXT: Record<AttributionFlag, string> = {
  self_referral: "The buyer is the creator (same customer or email). The commission is credited and held for review (unless Settings › Fraud sets the self-referral rule to flag only): release or reverse it from the Risk queue.",
  conflicting_signals: "Several signals named different creators; the program's precedence picked one.",
  expired_link: "A referral link on the order was older than the attribution window.",
  invalid_capture_time: "A referral link carried an unreadable capture time.",
  unknown_ref: "A referral token on the order matches no creator.",
  inactive_creator: "A signal named a creator who is not approved (paused, rejected or invited).",
  ambiguous_match: "A code or token matched more than one creator.",
  inactive_code: "The creator's code was switched off or deleted when the order was placed.",
};

const RATE_SOURCE_LABELS: Record<RateSource, string> = {
  product: "Product rate",
  collection: "Collection rate",
  creator_override: "Creator's rate",
  program_default: "Program default",
};

const ENTRY_KIND_LABELS: Record<string, string> = {
  accrual: "Commission earned",
  refund_reversal: "Refund reversal",
  edit_adjustment: "Order edit",
  cancellation: "Cancellation",
  clawback: "Clawback",
  payout: "Payout",
  approval: "Approved",
  hold: "Put on hold",
  release: "Released",
  manual_reversal: "Manual reversal",
  tier_adjustment: "Tier adjustment",
};

/** "program-settings:v3" → "Computed with program settings version 3". */
function describeRuleVersion(ruleVersionId: string): string {
  const version = /^program-settings:v(\d+)$/.exec(ruleVersionId)?.[1];
  return version ? `Computed with program settings version ${version}` : "Computed with your program settings";
}

function formatPair(pair: MoneyPair): string {
  const shop = formatMoney(pair.shop);
  return pair.presentment.currency === pair.shop.currency ? shop : `${shop} (${formatMoney(pair.presentment)})`;
}

function describeCommission(commission: OrderDetailCommission, lineTitles: Record<string, string>, dateTime: { format: (instant: Date) => string }, actors: ActorContext, names: Record<string, string>) {
  const words = (sentence: string) => describeShopifyIds(sentence, names);
  const money = (amountMinor: bigint): string => formatMoney({ amountMinor, currency: commission.currency });
  const { derivation } = commission;
  return {
    id: commission.id,
    creatorId: commission.creatorId,
    status: commission.status,
    holdReason: commission.holdReason,
    ruleVersion: describeRuleVersion(commission.ruleVersionId),
    net: money(commission.netMinor),
    paid: money(commission.paidMinor),
    owed: money(commission.owedMinor),
    clawback: commission.owedMinor < 0n,
    base: formatPair(derivation.base),
    commission: formatMoney(derivation.commission),
    commissionBeforeCap: derivation.cap?.applied ? formatMoney(derivation.commissionBeforeCap) : null,
    tier: derivation.tier ? `${formatRate(derivation.tier.rate)} from ${formatMoney(derivation.tier.minimumRevenue)} (revenue before this order: ${formatMoney(derivation.tier.revenueBeforeOrder)})` : null,
    flat: derivation.flatPerOrder ? `${formatMoney(derivation.flatPerOrder.amount)} per order${derivation.flatPerOrder.earned ? "" : " (not earned)"}` : null,
    cap: derivation.cap ? `${formatMoney(derivation.cap.limit)}${derivation.cap.applied ? " (applied)" : " (not reached)"}` : null,
    lines: derivation.lines.map((line, index) => ({
      id: line.lineItemId,
      // The product title stored with the order; a line Affable never saw a title for is numbered, never a gid.
      title: lineTitles[line.lineItemId] ?? `Line ${index + 1}`,
      quantity: line.quantity,
      subtotal: formatPair(line.subtotal),
      discounts: formatPair({
        shop: { amountMinor: line.lineDiscount.shop.amountMinor + line.orderDiscountShare.shop.amountMinor, currency: line.lineDiscount.shop.currency },
        presentment: { amountMinor: line.lineDiscount.presentment.amountMinor + line.orderDiscountShare.presentment.amountMinor, currency: line.lineDiscount.presentment.currency },
      }),
      includedTax: formatPair(line.includedTax),
      base: formatPair(line.base),
      // The rule's label already names the rate and where it came from ("10% (program default)").
      rate: line.rule
        ? words(line.rule.label) || `${line.rule.rate ? formatRate(line.rule.rate) : "Flat"} · ${RATE_SOURCE_LABELS[line.rule.source]}`
        : (line.excludedReason ?? "Not commissionable"),
      commission: formatMoney(line.commission),
    })),
    adjustments: derivation.adjustments.map((adjustment) => words(adjustment.description)),
    explanation: derivation.explanation.map(words),
    entries: commission.entries.map((entry) => ({
      id: entry.id,
      at: dateTime.format(entry.createdAt),
      kind: ENTRY_KIND_LABELS[entry.kind] ?? entry.kind,
      amount: formatMoney({ amountMinor: entry.amountMinor, currency: entry.currency } satisfies Money),
      statusAfter: entry.statusAfter,
      actor: describeActor(entry.actor, actors),
      note: words(entry.note),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => documentTitle(data ? data.order.name : "Order");

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { session, admin } = context;
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("This order link is incomplete. Open Orders and pick the order again.", { status: 404 });
  const detail = await loadOrderDetail(db, session.shop, parsed.data.orderId);
  if (detail === null) {
    throw new Response("Affable has no such order for your store. The link may be wrong or from another store; open Orders and search by the order name.", { status: 404 });
  }
  const shop = await loadShop(db, session.shop, admin);
  const dateTime = { format: (instant: Date) => formatShopDateTime(instant, shop.ianaTimezone) };
  const { order, decision, creators } = detail;
  const creatorName = (id: string | null) => (id === null ? null : (creators[id] ?? "Deleted creator"));
  const shopifyNames: Record<string, string> = { ...detail.lineTitles, [order.shopifyOrderId]: order.name ?? `Order ${order.shopifyOrderLegacyId}` };
  const merchantWords = (sentence: string) => describeShopifyIds(describeAttributionText(sentence, creators), shopifyNames);
  const [apiKeys, riskChecks] = await Promise.all([
    db.apiKey.findMany({ where: { shop: session.shop }, select: { id: true, name: true } }),
    listOrderRiskChecks(db, session.shop, order.shopifyOrderId, shop.ianaTimezone),
  ]);
  const actors: ActorContext = { viewer: readStaffActor(context), apiKeyNames: Object.fromEntries(apiKeys.map((key) => [key.id, key.name])) };
  return {
    order: {
      id: order.id,
      name: order.name ?? `Order ${order.shopifyOrderLegacyId}`,
      legacyId: order.shopifyOrderLegacyId,
      placedAt: dateTime.format(order.orderCreatedAt),
      recordedAt: dateTime.format(order.recordedAt),
      cancelledAt: order.cancelledAt ? dateTime.format(order.cancelledAt) : null,
      status: order.status,
      test: order.test,
      source: order.source,
      base: formatPair({ shop: { amountMinor: order.baseMinor, currency: order.currency }, presentment: { amountMinor: order.presentmentBaseMinor, currency: order.presentmentCurrency } }),
      creatorId: order.creatorId,
      creatorName: creatorName(order.creatorId),
    },
    decision: {
      signal: decision.signal,
      reason: merchantWords(decision.reason),
      flags: decision.flags.map((flag) => ({ flag, text: FLAG_TEXT[flag] ?? flag })),
      considered: decision.considered.map((signal) => ({
        signal: signal.signal,
        value: signal.value,
        creator: creatorName(signal.creatorId),
        accepted: signal.accepted,
        credited: signal.credited,
        reason: merchantWords(signal.reason),
        capturedAt: signal.capturedAt ? dateTime.format(signal.capturedAt) : null,
      })),
    },
    commissions: detail.commissions.map((commission) => ({ ...describeCommission(commission, detail.lineTitles, dateTime, actors, shopifyNames), creatorName: creatorName(commission.creatorId) })),
    riskChecks,
    deliveries: detail.deliveries.map((delivery) => ({
      id: delivery.id,
      topic: delivery.topicRaw,
      status: delivery.status,
      attempts: delivery.attempts,
      receivedAt: dateTime.format(delivery.receivedAt),
      note: describeShopifyIds(delivery.lastError ?? delivery.resultNote ?? "", shopifyNames),
    })),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  // The page's one action: "Re-check" in the Risk checks card runs the order rules again.
  const result = await runRecheckOrderAction(db, { shop: context.session.shop, actor: readStaffActor(context), now: new Date(), orderId: params.orderId });
  return Response.json({ ok: result.ok, message: result.message }, { status: result.status });
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function AttributionCard({ order, decision }: Pick<LoaderData, "order" | "decision">) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Attribution
          </Text>
          <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
          {decision.signal ? <Badge>{`Won by: ${SIGNAL_LABELS[decision.signal]}`}</Badge> : null}
        </InlineStack>
        <Text as="p">{decision.reason}</Text>
        {decision.considered.length === 0 ? (
          <Text as="p" tone="subdued">
            The order carried no discount code of a creator and no referral link.
          </Text>
        ) : (
          <LabelledDataTable
            label="Signals considered"
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Signal", "Value", "Creator", "Verdict", "Why"]}
            rows={decision.considered.map((signal) => [
              SIGNAL_LABELS[signal.signal],
              <WrappingCell key="value" minWidth="8rem">{signal.capturedAt ? `${signal.value} (captured ${signal.capturedAt})` : signal.value}</WrappingCell>,
              signal.creator ?? "No creator",
              signal.credited ? "Credited" : signal.accepted ? "Valid, not credited" : "Rejected",
              <WrappingCell key="why">{signal.reason}</WrappingCell>,
            ])}
          />
        )}
        {decision.flags.filter((flag) => flag.flag !== "self_referral").length > 0 ? (
          <List>
            {decision.flags
              .filter((flag) => flag.flag !== "self_referral")
              .map((flag) => (
                <List.Item key={flag.flag}>{flag.text}</List.Item>
              ))}
          </List>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function CommissionCard({ commission }: { commission: LoaderData["commissions"][number] }) {
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Commission for <Link url={`/app/creators/${commission.creatorId}`}>{commission.creatorName}</Link>
          </Text>
          <Badge tone={COMMISSION_STATUS_TONES[commission.status]}>{COMMISSION_STATUS_LABELS[commission.status]}</Badge>
        </InlineStack>
        {commission.holdReason ? (
          <Banner tone="warning" title="On hold">
            <p>{commission.holdReason}</p>
          </Banner>
        ) : null}
        <InlineGrid columns={3} gap="300">
          {[
            ["Net earned", commission.net],
            ["Paid", commission.paid],
            [commission.clawback ? "To recover (clawback)" : "Owed", commission.owed],
          ].map(([label, value]) => (
            <BlockStack gap="100" key={label}>
              <Text as="p" tone="subdued">
                {label}
              </Text>
              <Text as="p" variant="headingLg">
                {value}
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            How it was computed
          </Text>
          <LabelledDataTable
            label="How the commission was computed, line by line"
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "text", "numeric"]}
            headings={["Line", "Qty", "Subtotal", "Discounts", "Included tax", "Base", "Rate", "Commission"]}
            rows={commission.lines.map((line) => [
              <WrappingCell key="title" minWidth="8rem">{line.title}</WrappingCell>,
              line.quantity,
              line.subtotal,
              line.discounts,
              line.includedTax,
              line.base,
              <WrappingCell key="rate" minWidth="7rem">{line.rate}</WrappingCell>,
              line.commission,
            ])}
            totals={["", "", "", "", "", commission.base, "", commission.commission]}
            showTotalsInFooter
          />
          {commission.explanation.length > 0 ? (
            <List>
              {commission.explanation.map((sentence) => (
                <List.Item key={sentence}>{sentence}</List.Item>
              ))}
            </List>
          ) : null}
          {commission.adjustments.length > 0 ? (
            <Banner tone="info" title="Adjustments">
              <List>
                {commission.adjustments.map((adjustment) => (
                  <List.Item key={adjustment}>{adjustment}</List.Item>
                ))}
              </List>
            </Banner>
          ) : null}
          <Text as="p" variant="bodySm" tone="subdued">
            {commission.ruleVersion}
            {commission.tier ? ` · Tier ${commission.tier}` : ""}
            {commission.flat ? ` · Flat ${commission.flat}` : ""}
            {commission.cap ? ` · Cap ${commission.cap}` : ""}
            {commission.commissionBeforeCap ? ` · Before the cap: ${commission.commissionBeforeCap}` : ""}
          </Text>
        </BlockStack>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Ledger history
          </Text>
          <LabelledDataTable
            label="Ledger history"
            columnContentTypes={["text", "text", "numeric", "text", "text", "text"]}
            headings={["When", "Event", "Amount", "Status after", "By", "Note"]}
            rows={commission.entries.map((entry) => [
              <WrappingCell key="at" minWidth="6rem">{entry.at}</WrappingCell>,
              entry.kind,
              entry.amount,
              COMMISSION_STATUS_LABELS[entry.statusAfter],
              entry.actor,
              <WrappingCell key="note" minWidth="9rem">{entry.note}</WrappingCell>,
            ])}
          />
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

export default function OrderDetailPage() {
  const { order, decision, commissions, deliveries, riskChecks } = useLoaderData<typeof loader>();
  const rechecker = useFetcher<{ ok: boolean; message: string }>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (rechecker.state === "idle" && rechecker.data) shopify.toast.show(rechecker.data.message, { isError: !rechecker.data.ok });
  }, [rechecker.state, rechecker.data, shopify]);
  const selfReferral = decision.flags.find((flag) => flag.flag === "self_referral");
  return (
    <Page
      fullWidth
      title={order.name}
      subtitle={`Placed ${order.placedAt}`}
      titleMetadata={order.test ? <Badge tone="info">Test order</Badge> : order.cancelledAt ? <Badge>Cancelled</Badge> : undefined}
      backAction={{ content: "Orders", url: "/app/orders" }}
      secondaryActions={[
        ...(order.source === "shopify" ? [{ content: "View in Shopify admin", url: `shopify:admin/orders/${order.legacyId}`, target: "_top" as const }] : []),
        ...(order.creatorId ? [{ content: `Open ${order.creatorName}`, url: `/app/creators/${order.creatorId}` }] : []),
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {selfReferral ? (
              <Banner tone="warning" title="Self-referral: held for review">
                <p>{selfReferral.text}</p>
              </Banner>
            ) : null}
            <AttributionCard order={order} decision={decision} />
            {commissions.map((commission) => (
              <CommissionCard key={commission.id} commission={commission} />
            ))}
            <RiskChecksCard
              checks={riskChecks}
              canRecheck={order.creatorId !== null}
              rechecking={rechecker.state !== "idle"}
              onRecheck={() => rechecker.submit({ intent: "recheck_risk" }, { method: "post" })}
            />
            <Card>
              <BlockStack gap="200">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Webhook deliveries
                  </Text>
                  <Link url="/app/sync-health">Open Sync health</Link>
                </InlineStack>
                {deliveries.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No delivery for this order is stored any more.
                  </Text>
                ) : (
                  <LabelledDataTable
                    label="Webhook deliveries"
                    columnContentTypes={["text", "text", "text", "numeric", "text"]}
                    headings={["Received", "Topic", "Status", "Attempts", "Result"]}
                    rows={deliveries.map((delivery) => [delivery.receivedAt, delivery.topic, delivery.status, delivery.attempts, <WrappingCell key="note">{delivery.note}</WrappingCell>])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Summary
              </Text>
              {[
                ["Creator", order.creatorName ?? "None"],
                ["Commissionable base", order.base],
                ["Recorded by Affable", order.recordedAt],
                ...(order.cancelledAt ? [["Cancelled", order.cancelledAt]] : []),
                ["Source", order.source === "api" ? "Public API" : "Shopify"],
              ].map(([label, value]) => (
                <InlineStack key={label} align="space-between" gap="200">
                  <Text as="span" tone="subdued">
                    {label}
                  </Text>
                  <Text as="span">{value}</Text>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Order" />;
}
