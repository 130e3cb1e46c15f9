import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  Layout,
  Page,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { CreatorStatusBadge, STATUS_LABELS } from "../components/creator-status-badge";
import { downloadCsv } from "../components/download-csv";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { CREATOR_STATUSES, type CreatorStatus } from "../domain/creators";
import { listCreators } from "../repositories/creator-repository.server";
import { loadCreatorsSummary } from "../services/creators/load-creator-performance.server";
import { buildCreatorServiceDeps } from "../services/creators/build-creator-service-deps.server";
import { changeCreatorStatus } from "../services/creators/change-creator-status.server";
import { CREATORS_PER_PAGE, parseCreatorListQuery } from "../services/creators/creator-list-query.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDate } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";

export const meta: MetaFunction = () => documentTitle("Creators");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseCreatorListQuery(new URL(request.url));
  const skip = (query.page - 1) * CREATORS_PER_PAGE;
  const [{ creators, total }, pendingApplications, anyCreator, timeZone] = await Promise.all([
    listCreators(db, session.shop, query, { skip, take: CREATORS_PER_PAGE }),
    db.creatorApplication.count({ where: { shop: session.shop, status: "pending" } }),
    db.creator.findFirst({ where: { shop: session.shop }, select: { id: true } }),
    readShopTimeZone(db, session.shop),
  ]);
  // One grouped query for the page's creators (not one per row).
  const performance = await loadCreatorsSummary(db, session.shop, creators.map((creator) => creator.id));
  return {
    creators: creators.map((creator) => {
      const stats = performance.get(creator.id);
      const money = (amountMinor: bigint | undefined) => (stats ? formatMoney({ amountMinor: amountMinor ?? 0n, currency: stats.currency }) : "—");
      return {
        id: creator.id,
        name: creator.name,
        email: creator.email,
        handle: creator.handle,
        status: creator.status,
        createdAt: creator.createdAt.toISOString(),
        addedOn: formatShopDate(creator.createdAt, timeZone),
        primaryCode: stats?.primaryCode ?? null,
        revenue: money(stats?.revenueMinor),
        orders: stats?.orders ?? 0,
        commissionEarned: money(stats?.commissionEarnedMinor),
        balanceOwed: money(stats?.balanceOwedMinor),
      };
    }),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / CREATORS_PER_PAGE)),
    hasAnyCreator: anyCreator !== null,
    pendingApplications,
  };
};

const bulkSchema = z.object({
  intent: z.enum(["approve", "pause"]),
  ids: z.string().transform((value) => value.split(",").filter(Boolean)).pipe(z.array(z.string().min(1)).min(1).max(250)),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const parsed = bulkSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return { ok: false as const, message: "Select between 1 and 250 creators, then choose an action again." };
  }
  const shop = context.session.shop;
  await loadShop(db, shop, context.admin);
  const deps = await buildCreatorServiceDeps(db, shop, context.admin);
  const result = await changeCreatorStatus(deps, {
    shop,
    actor: readStaffActor(context),
    creatorIds: parsed.data.ids,
    to: parsed.data.intent === "approve" ? "approved" : "paused",
  });
  if (!result.ok) return { ok: false as const, message: result.errors.map((error) => error.message).join(" ") };
  const verb = parsed.data.intent === "approve" ? "Approved" : "Paused";
  return {
    ok: true as const,
    message: `${verb} ${result.changed.length} creator${result.changed.length === 1 ? "" : "s"}.`,
    refused: result.refused.map((entry) => entry.message),
    notices: result.notices.map((notice) => notice.message),
  };
};

const TABS: Array<{ id: string; status: CreatorStatus | undefined; label: string }> = [
  { id: "all", status: undefined, label: "All" },
  ...CREATOR_STATUSES.map((status) => ({ id: status, status, label: STATUS_LABELS[status] })),
];

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = [
  { label: "Created", value: "created desc", directionLabel: "Newest first" },
  { label: "Created", value: "created asc", directionLabel: "Oldest first" },
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Name", value: "name desc", directionLabel: "Z–A" },
  { label: "Status", value: "status asc", directionLabel: "Invited first" },
  { label: "Status", value: "status desc", directionLabel: "Rejected first" },
];

export default function CreatorsList() {
  const data = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const bulk = useFetcher<typeof action>();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [queryValue, setQueryValue] = useState(searchParams.get("q") ?? "");
  const [exportError, setExportError] = useState<string | null>(null);

  const status = searchParams.get("status");
  const selectedTab = Math.max(0, TABS.findIndex((tab) => tab.status === status));
  const sortSelected = [`${searchParams.get("sort") ?? "created"} ${searchParams.get("direction") ?? (searchParams.get("sort") && searchParams.get("sort") !== "created" ? "asc" : "desc")}`];

  const resources = useMemo(() => data.creators.map((creator) => ({ ...creator })), [data.creators]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(resources);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setSearchParams(next, { preventScrollReset: true });
  }

  // Search as the merchant types, once they pause.
  useEffect(() => {
    if ((searchParams.get("q") ?? "") === queryValue) return;
    const timer = setTimeout(() => update({ q: queryValue.trim() || undefined }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryValue]);

  useEffect(() => {
    if (bulk.state !== "idle" || !bulk.data) return;
    shopify.toast.show(bulk.data.message, { isError: !bulk.data.ok });
    if (bulk.data.ok) clearSelection();
  }, [bulk.state, bulk.data, shopify, clearSelection]);

  const filterQuery = () => {
    const params = new URLSearchParams();
    for (const key of ["q", "status", "sort", "direction"]) {
      const value = searchParams.get(key);
      if (value) params.set(key, value);
    }
    return params;
  };

  async function exportCsv(params: URLSearchParams) {
    setExportError(null);
    try {
      await downloadCsv(`/app/creators/export?${params.toString()}`, "creators.csv");
      shopify.toast.show("Export downloaded");
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  }

  const runBulk = (intent: "approve" | "pause") =>
    bulk.submit({ intent, ids: selectedResources.join(",") }, { method: "post" });

  const bulkResult = bulk.state === "idle" && bulk.data?.ok ? bulk.data : null;

  if (!data.hasAnyCreator) {
    return (
      <Page
        title="Creators"
        primaryAction={{ content: "Add creator", url: "/app/creators/new" }}
        secondaryActions={[{ content: "Import CSV", url: "/app/creators/import" }]}
      >
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState
                heading="Recruit the creators who will sell for you"
                image="/empty-state.svg"
                action={{ content: "Add creator", url: "/app/creators/new" }}
                secondaryAction={{ content: "Import a CSV", url: "/app/creators/import" }}
              >
                <Text as="p">
                  Add creators one by one or import a CSV. Each approved creator gets a Shopify discount code and a referral link to
                  share with their audience.
                </Text>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  return (
    <Page
      title="Creators"
      primaryAction={{ content: "Add creator", url: "/app/creators/new" }}
      secondaryActions={[
        { content: "Import CSV", url: "/app/creators/import" },
        { content: `Export ${searchParams.get("q") || status ? "filtered" : "all"}`, onAction: () => void exportCsv(filterQuery()) },
        {
          content: data.pendingApplications > 0 ? `Review applications (${data.pendingApplications})` : "Applications",
          url: "/app/creators/applications",
        },
      ]}
    >
      <BlockStack gap="400">
        {exportError ? (
          <Banner tone="critical" title="The export did not download" onDismiss={() => setExportError(null)}>
            <Text as="p">{exportError}</Text>
          </Banner>
        ) : null}
        {bulkResult && (bulkResult.refused.length > 0 || bulkResult.notices.length > 0) ? (
          <Banner tone="warning" title="Some creators need your attention">
            <BlockStack gap="100">
              {[...bulkResult.refused, ...bulkResult.notices].map((message) => (
                <Text as="p" key={message}>
                  {message}
                </Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        <Card padding="0">
          <IndexFilters
            sortOptions={SORT_OPTIONS}
            sortSelected={sortSelected}
            onSort={(value) => {
              const [sort, direction] = (value[0] ?? "created desc").split(" ");
              update({ sort, direction });
            }}
            queryValue={queryValue}
            queryPlaceholder="Search by name, email or handle"
            onQueryChange={setQueryValue}
            onQueryClear={() => setQueryValue("")}
            cancelAction={{ onAction: () => setQueryValue(""), disabled: false, loading: false }}
            tabs={TABS.map((tab, index) => ({ content: tab.label, index, id: tab.id, onAction: () => undefined }))}
            selected={selectedTab}
            onSelect={(index) => update({ status: TABS[index]?.status })}
            canCreateNewView={false}
            filters={[]}
            appliedFilters={[]}
            onClearAll={() => update({ q: undefined, status: undefined })}
            mode={mode}
            setMode={setMode}
            loading={navigation.state === "loading"}
          />
          <IndexTable
            resourceName={{ singular: "creator", plural: "creators" }}
            itemCount={data.creators.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              { content: "Approve", onAction: () => runBulk("approve") },
              { content: "Pause", onAction: () => runBulk("pause") },
              {
                content: "Export selected",
                onAction: () => void exportCsv(new URLSearchParams({ ids: selectedResources.join(",") })),
              },
            ]}
            headings={[
              { title: "Name" },
              { title: "Email" },
              { title: "Handle" },
              { title: "Code" },
              { title: "Status" },
              { title: "Revenue", alignment: "end" },
              { title: "Orders", alignment: "end" },
              { title: "Commission earned", alignment: "end" },
              { title: "Balance owed", alignment: "end" },
              { title: "Created" },
            ]}
            emptyState={
              <Text as="p" alignment="center" tone="subdued">
                No creators match. Clear the search or pick another tab.
              </Text>
            }
            pagination={{
              hasPrevious: data.page > 1,
              hasNext: data.page < data.pageCount,
              onPrevious: () => update({ page: String(data.page - 1) }),
              onNext: () => update({ page: String(data.page + 1) }),
              label: `Page ${data.page} of ${data.pageCount} · ${data.total} creator${data.total === 1 ? "" : "s"}`,
            }}
          >
            {data.creators.map((creator, index) => (
              <IndexTable.Row
                id={creator.id}
                key={creator.id}
                position={index}
                selected={selectedResources.includes(creator.id)}
                onClick={() => navigate(`/app/creators/${creator.id}`)}
              >
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {creator.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{creator.email}</IndexTable.Cell>
                <IndexTable.Cell>{creator.handle}</IndexTable.Cell>
                <IndexTable.Cell>{creator.primaryCode ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <CreatorStatusBadge status={creator.status} />
                </IndexTable.Cell>
                {[creator.revenue, String(creator.orders), creator.commissionEarned, creator.balanceOwed].map((value, column) => (
                  <IndexTable.Cell key={column}>
                    <Text as="span" alignment="end" numeric>
                      {value}
                    </Text>
                  </IndexTable.Cell>
                ))}
                <IndexTable.Cell>{creator.addedOn}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Creators" />;
}
