import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Modal,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { downloadCsv } from "../components/download-csv";
import { useListSearchParams } from "../components/use-list-search-params";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { COMMISSION_ACTIONS, MAX_BULK_COMMISSIONS, type CommissionAction, type CommissionStatus } from "../domain/ledger";
import { formatMoney } from "../domain/money";
import { changeCommissionStatuses } from "../services/orders-commissions/change-commission-status.server";
import { chooseOpeningTab, COMMISSIONS_PER_PAGE, listCommissions, parseCommissionListQuery, type CommissionTab } from "../services/orders-commissions/commission-list.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDate } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";

export const meta: MetaFunction = () => documentTitle("Commissions");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const url = new URL(request.url);
  const query = parseCommissionListQuery(url);
  const now = new Date();
  if (!url.searchParams.has("tab")) query.tab = await chooseOpeningTab(db, shop, now);
  const [{ rows, total }, creators, settings, timeZone] = await Promise.all([
    listCommissions(db, shop, query, now, { skip: (query.page - 1) * COMMISSIONS_PER_PAGE, take: COMMISSIONS_PER_PAGE }),
    db.creator.findMany({ where: { shop }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
    db.programSettings.findUnique({ where: { shop }, select: { holdingPeriodDays: true } }),
    readShopTimeZone(db, shop),
  ]);
  return {
    // Amounts are formatted here from minor units (bigints do not cross to the browser).
    commissions: rows.map((row) => ({
      id: row.id,
      status: row.status,
      orderId: row.orderId,
      orderLabel: row.orderName ?? row.shopifyOrderId.split("/").pop() ?? row.shopifyOrderId,
      orderCreatedAt: row.orderCreatedAt.toISOString(),
      placedOn: formatShopDate(row.orderCreatedAt, timeZone),
      creatorName: row.creatorName,
      commission: formatMoney({ amountMinor: row.netMinor, currency: row.currency }),
      owed: row.netMinor === row.paidMinor ? null : formatMoney({ amountMinor: row.netMinor - row.paidMinor, currency: row.currency }),
    })),
    creators,
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / COMMISSIONS_PER_PAGE)),
    holdingPeriodDays: settings?.holdingPeriodDays ?? 30,
    tab: query.tab,
  };
};

const bulkSchema = z.object({
  action: z.enum(COMMISSION_ACTIONS),
  ids: z.string().transform((value) => value.split(",").filter(Boolean)).pipe(z.array(z.string().min(1).max(100)).min(1).max(MAX_BULK_COMMISSIONS)),
  reason: z.string().max(500, "Keep the reason under 500 characters.").optional(),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const parsed = bulkSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return { ok: false as const, message: `Select between 1 and ${MAX_BULK_COMMISSIONS} commissions and a valid action, then try again.`, refused: [] };
  }
  const result = await changeCommissionStatuses({
    db,
    shop: context.session.shop,
    actor: readStaffActor(context),
    action: parsed.data.action,
    commissionIds: parsed.data.ids,
    reason: parsed.data.reason,
    now: new Date(),
  });
  if (!result.ok) return { ok: false as const, message: result.errors.map((error) => error.message).join(" "), refused: [] };
  const changed = result.results.filter((row) => row.ok).length;
  return {
    ok: changed > 0,
    message: `${ACTION_LABELS[parsed.data.action].done} ${changed} of ${result.results.length} commission${result.results.length === 1 ? "" : "s"}.`,
    refused: result.results.filter((row) => !row.ok).map((row) => ({ id: row.commissionId, message: row.message })),
  };
};

const ACTION_LABELS: Record<CommissionAction, { verb: string; done: string; reasonRequired: boolean; help: string }> = {
  approve: { verb: "Approve", done: "Approved", reasonRequired: false, help: "Approved commissions are paid in the next payout, even if their holding period has not ended." },
  hold: { verb: "Hold", done: "Put on hold", reasonRequired: true, help: "Held commissions are never approved or paid until you release them." },
  release: { verb: "Release", done: "Released", reasonRequired: false, help: "Released commissions go back to pending; the approval job approves them once the holding period has passed." },
  reverse: { verb: "Reverse", done: "Reversed", reasonRequired: true, help: "Reversing takes back everything that remains. Money already paid becomes a clawback, deducted from the next payout." },
};

const TABS: Array<{ id: CommissionTab; label: string }> = [
  { id: "ready", label: "Ready to approve" },
  { id: "pending", label: "Pending" },
  { id: "on_hold", label: "On hold" },
  { id: "approved", label: "Approved" },
  { id: "paid", label: "Paid" },
  { id: "reversed", label: "Reversed" },
  { id: "all", label: "All" },
];

const STATUS_BADGES: Record<CommissionStatus, { label: string; tone: "attention" | "warning" | "success" | "info" | "critical" }> = {
  pending: { label: "Pending", tone: "attention" },
  on_hold: { label: "On hold", tone: "warning" },
  approved: { label: "Approved", tone: "info" },
  paid: { label: "Paid", tone: "success" },
  reversed: { label: "Reversed", tone: "critical" },
};

export default function CommissionsList() {
  const data = useLoaderData<typeof loader>();
  const { searchParams, update } = useListSearchParams();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const bulk = useFetcher<typeof action>();
  const [pending, setPending] = useState<CommissionAction | null>(null);
  const [reason, setReason] = useState("");
  const [exportError, setExportError] = useState<string | null>(null);

  const tab = (searchParams.get("tab") ?? data.tab) as CommissionTab;
  const selectedTab = Math.max(0, TABS.findIndex((candidate) => candidate.id === tab));
  const resources = useMemo(() => data.commissions.map((commission) => ({ ...commission })), [data.commissions]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(resources);


  // A finished bulk action closes the modal once (React's "adjust state while rendering"); the toast says how it went.
  const [handled, setHandled] = useState<typeof bulk.data>(undefined);
  if (bulk.state === "idle" && bulk.data?.ok && handled !== bulk.data) {
    setHandled(bulk.data);
    setPending(null);
    setReason("");
  }
  useEffect(() => {
    if (bulk.state !== "idle" || !bulk.data) return;
    shopify.toast.show(bulk.data.message, { isError: !bulk.data.ok });
    if (bulk.data.ok) clearSelection();
  }, [bulk.state, bulk.data, shopify, clearSelection]);

  const busy = bulk.state !== "idle";
  const reasonMissing = pending !== null && ACTION_LABELS[pending].reasonRequired && reason.trim() === "";
  const submit = () => {
    if (pending === null || reasonMissing) return;
    bulk.submit({ action: pending, ids: selectedResources.join(","), reason }, { method: "post" });
  };

  async function exportCsv() {
    setExportError(null);
    const params = new URLSearchParams();
    for (const key of ["tab", "creatorId", "from", "to"]) {
      const value = searchParams.get(key);
      if (value) params.set(key, value);
    }
    try {
      await downloadCsv(`/app/commissions/export?${params.toString()}`, "commissions.csv");
      shopify.toast.show("Export downloaded");
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  }

  const refused = bulk.state === "idle" && bulk.data ? bulk.data.refused : [];

  return (
    <Page title="Commissions" secondaryActions={[{ content: "Export CSV", onAction: () => void exportCsv() }, { content: "Payouts", url: "/app/payouts" }]}>
      <BlockStack gap="400">
        {exportError ? (
          <Banner tone="critical" title="The export did not download" onDismiss={() => setExportError(null)}>
            <Text as="p">{exportError}</Text>
          </Banner>
        ) : null}
        {refused.length > 0 ? (
          <Banner tone="warning" title={`${refused.length} commission${refused.length === 1 ? "" : "s"} did not change`}>
            <BlockStack gap="100">
              {refused.map((row) => (
                <Text as="p" key={row.id}>
                  {data.commissions.find((commission) => commission.id === row.id)?.orderLabel ?? row.id}: {row.message}
                </Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        {tab === "ready" ? (
          <Text as="p" tone="subdued">
            Pending commissions whose {data.holdingPeriodDays}-day holding period has passed. The approval job approves them automatically every hour; approve them here to do it now.
          </Text>
        ) : null}
        <Card padding="0">
          <Tabs tabs={TABS.map((candidate) => ({ id: candidate.id, content: candidate.label }))} selected={selectedTab} onSelect={(index) => update({ tab: TABS[index]?.id })} />
          <div style={{ padding: "12px 16px" }}>
            <InlineStack gap="300" blockAlign="end">
              <Select
                label="Creator"
                options={[{ label: "All creators", value: "" }, ...data.creators.map((creator) => ({ label: creator.name, value: creator.id }))]}
                value={searchParams.get("creatorId") ?? ""}
                onChange={(value) => update({ creatorId: value })}
              />
              <TextField label="Ordered from" type="date" autoComplete="off" value={searchParams.get("from") ?? ""} onChange={(value) => update({ from: value })} />
              <TextField label="Ordered to" type="date" autoComplete="off" value={searchParams.get("to") ?? ""} onChange={(value) => update({ to: value })} />
              {searchParams.get("creatorId") || searchParams.get("from") || searchParams.get("to") ? (
                <Button variant="plain" onClick={() => update({ creatorId: undefined, from: undefined, to: undefined })}>
                  Clear filters
                </Button>
              ) : null}
            </InlineStack>
          </div>
          <IndexTable
            resourceName={{ singular: "commission", plural: "commissions" }}
            itemCount={data.commissions.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            loading={navigation.state === "loading"}
            promotedBulkActions={COMMISSION_ACTIONS.map((candidate) => ({ content: ACTION_LABELS[candidate].verb, onAction: () => setPending(candidate) }))}
            headings={[{ title: "Order" }, { title: "Order date" }, { title: "Creator" }, { title: "Status" }, { title: "Commission", alignment: "end" }, { title: "Owed", alignment: "end" }]}
            emptyState={
              <Text as="p" alignment="center" tone="subdued">
                No commissions here. Pick another tab or clear the filters; new orders with a creator's code or link appear as pending.
              </Text>
            }
            pagination={{
              hasPrevious: data.page > 1,
              hasNext: data.page < data.pageCount,
              onPrevious: () => update({ page: String(data.page - 1) }),
              onNext: () => update({ page: String(data.page + 1) }),
              label: `Page ${data.page} of ${data.pageCount} · ${data.total} commission${data.total === 1 ? "" : "s"}`,
            }}
          >
            {data.commissions.map((commission, index) => (
              <IndexTable.Row id={commission.id} key={commission.id} position={index} selected={selectedResources.includes(commission.id)}>
                <IndexTable.Cell>
                  {commission.orderId ? (
                    <RemixLink to={`/app/orders/${commission.orderId}`} onClick={(event) => event.stopPropagation()}>
                      {commission.orderLabel}
                    </RemixLink>
                  ) : (
                    commission.orderLabel
                  )}
                </IndexTable.Cell>
                <IndexTable.Cell>{commission.placedOn}</IndexTable.Cell>
                <IndexTable.Cell>{commission.creatorName}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATUS_BADGES[commission.status].tone}>{STATUS_BADGES[commission.status].label}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {commission.commission}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone={commission.owed?.startsWith("-") ? "critical" : undefined}>
                    {commission.owed ?? "—"}
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
      <Modal
        open={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `${ACTION_LABELS[pending].verb} ${selectedResources.length} commission${selectedResources.length === 1 ? "" : "s"}?` : ""}
        primaryAction={{
          content: pending ? ACTION_LABELS[pending].verb : "Confirm",
          destructive: pending === "reverse",
          loading: busy,
          disabled: reasonMissing,
          onAction: submit,
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setPending(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">{pending ? ACTION_LABELS[pending].help : null}</Text>
            <TextField
              label={pending && ACTION_LABELS[pending].reasonRequired ? "Reason (required)" : "Reason (optional)"}
              helpText="Kept with the decision in the audit trail, with your name."
              value={reason}
              onChange={setReason}
              autoComplete="off"
              multiline={2}
              maxLength={500}
              error={bulk.state === "idle" && bulk.data && !bulk.data.ok && bulk.data.refused.length === 0 ? bulk.data.message : undefined}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Commissions" />;
}
