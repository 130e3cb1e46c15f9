import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  Text,
  TextField,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { COMMISSION_STATUS_LABELS, COMMISSION_STATUS_TONES, ORDER_STATUS_LABELS, ORDER_STATUS_TONES, SIGNAL_LABELS } from "../components/order-labels";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { useListSearchParams } from "../components/use-list-search-params";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { listOrders, parseOrderListQuery } from "../services/orders-commissions/list-orders.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";

export const meta: MetaFunction = () => documentTitle("Orders");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop, admin);
  const query = parseOrderListQuery(new URL(request.url));
  const [page, creators, anyOrder] = await Promise.all([
    listOrders(db, session.shop, shop.ianaTimezone, query),
    db.creator.findMany({ where: { shop: session.shop }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
    db.attributedOrder.findFirst({ where: { shop: session.shop }, select: { id: true } }),
  ]);
  const dateTime = { format: (instant: Date) => formatShopDateTime(instant, shop.ianaTimezone) };
  return {
    hasAnyOrder: anyOrder !== null,
    creators,
    total: page.total,
    page: page.page,
    pageCount: page.pageCount,
    orders: page.orders.map((order) => ({
      id: order.id,
      name: order.name ?? `Order ${order.shopifyOrderLegacyId}`,
      placedAt: dateTime.format(order.orderCreatedAt),
      status: order.status,
      test: order.test,
      cancelled: order.cancelled,
      creator: order.creator,
      signal: order.signal,
      reason: order.reason,
      selfReferral: order.flags.includes("self_referral"),
      commission: order.commission
        ? { status: order.commission.status, net: formatMoney({ amountMinor: order.commission.netMinor, currency: order.commission.currency }) }
        : null,
    })),
  };
};

const TABS = [
  { id: "all", status: undefined, label: "All" },
  ...(Object.keys(ORDER_STATUS_LABELS) as (keyof typeof ORDER_STATUS_LABELS)[]).map((status) => ({ id: status, status, label: ORDER_STATUS_LABELS[status] })),
];

export default function OrdersList() {
  const data = useLoaderData<typeof loader>();
  const { searchParams, update, queryValue, setQueryValue } = useListSearchParams();
  const navigation = useNavigation();
  const { mode, setMode } = useSetIndexFiltersMode();

  if (!data.hasAnyOrder) {
    return (
      <Page title="Orders">
        <Card>
          <EmptyState
            heading="No orders yet"
            image="/empty-state.svg"
            action={{ content: "Manage creators", url: "/app/creators" }}
            secondaryAction={{ content: "Check Sync health", url: "/app/sync-health" }}
          >
            <Text as="p">
              Every order your store takes appears here a few seconds after Shopify reports it, with the creator who earns on it (if any) and
              why. If orders are coming in but none show here, check Sync health for webhook deliveries.
            </Text>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  const status = searchParams.get("status");
  const selectedTab = Math.max(0, TABS.findIndex((tab) => tab.status === status));
  const creator = searchParams.get("creator") ?? "";
  const from = searchParams.get("from") ?? "";
  const to = searchParams.get("to") ?? "";
  const creatorName = data.creators.find((item) => item.id === creator)?.name ?? "Unknown creator";
  const filters: IndexFiltersProps["filters"] = [
    {
      key: "creator",
      label: "Creator",
      shortcut: true,
      filter: (
        <Select
          label="Creator"
          labelHidden
          options={[{ label: "Any creator", value: "" }, ...data.creators.map((item) => ({ label: item.name, value: item.id }))]}
          value={creator}
          onChange={(value) => update({ creator: value })}
        />
      ),
    },
    {
      key: "placed",
      label: "Date placed",
      shortcut: true,
      filter: (
        <BlockStack gap="200">
          <TextField label="From" type="date" value={from} onChange={(value) => update({ from: value })} autoComplete="off" />
          <TextField label="To" type="date" value={to} onChange={(value) => update({ to: value })} autoComplete="off" />
        </BlockStack>
      ),
    },
  ];
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [
    ...(creator ? [{ key: "creator", label: `Creator: ${creatorName}`, onRemove: () => update({ creator: undefined }) }] : []),
    ...(from || to ? [{ key: "placed", label: `Placed ${from || "…"} to ${to || "…"}`, onRemove: () => update({ from: undefined, to: undefined }) }] : []),
  ];

  return (
    <Page title="Orders" subtitle="Every order Affable has seen, and who earns on it">
      <Card padding="0">
        <IndexFilters
          queryValue={queryValue}
          queryPlaceholder="Search by order name, e.g. #1041"
          onQueryChange={setQueryValue}
          onQueryClear={() => setQueryValue("")}
          cancelAction={{ onAction: () => setQueryValue(""), disabled: false, loading: false }}
          tabs={TABS.map((tab, index) => ({ content: tab.label, index, id: tab.id, onAction: () => undefined }))}
          selected={selectedTab}
          onSelect={(index) => update({ status: TABS[index]?.status })}
          canCreateNewView={false}
          filters={filters}
          appliedFilters={appliedFilters}
          onClearAll={() => update({ q: undefined, creator: undefined, from: undefined, to: undefined })}
          mode={mode}
          setMode={setMode}
          loading={navigation.state === "loading"}
        />
        <IndexTable
          resourceName={{ singular: "order", plural: "orders" }}
          itemCount={data.orders.length}
          selectable={false}
          emptyState={
            <EmptyState heading="No orders match these filters" image="/empty-state.svg">
              <Text as="p">Clear the filters or search to see every order.</Text>
            </EmptyState>
          }
          headings={[{ title: "Order" }, { title: "Placed" }, { title: "Attribution" }, { title: "Creator" }, { title: "Signal" }, { title: "Commission" }, { title: "Why no creator" }]}
          pagination={{
            hasPrevious: data.page > 1,
            hasNext: data.page < data.pageCount,
            onPrevious: () => update({ page: String(data.page - 1) }),
            onNext: () => update({ page: String(data.page + 1) }),
            label: `Page ${data.page} of ${data.pageCount} (${data.total} ${data.total === 1 ? "order" : "orders"})`,
          }}
        >
          {data.orders.map((order, index) => (
            <IndexTable.Row id={order.id} key={order.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/orders/${order.id}`} removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    {order.name}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{order.placedAt}</IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack gap="100">
                  <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
                  {order.cancelled ? <Badge>Cancelled</Badge> : null}
                  {order.selfReferral ? <Badge tone="warning">Self-referral</Badge> : null}
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{order.creator ? (order.creator.name ?? "Deleted creator") : "—"}</IndexTable.Cell>
              <IndexTable.Cell>{order.signal ? SIGNAL_LABELS[order.signal] : "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                {order.commission ? (
                  <InlineStack gap="100" blockAlign="center">
                    <Text as="span" numeric>
                      {order.commission.net}
                    </Text>
                    <Badge tone={COMMISSION_STATUS_TONES[order.commission.status]}>{COMMISSION_STATUS_LABELS[order.commission.status]}</Badge>
                  </InlineStack>
                ) : (
                  "—"
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" tone="subdued" breakWord>
                  {order.reason ?? ""}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Orders" />;
}
