import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { loadSyncHealth, type SyncHealthCounts } from "../services/sync/load-sync-health.server";
import { WEBHOOK_EVENT_STATUSES } from "../webhooks/webhook-event-statuses";
import { replayWebhookEvent, ReplayWebhookError } from "../services/sync/replay-webhook-event.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { WrappingCell } from "../components/labelled-data-table";

const filterSchema = z.object({
  topic: z.string().min(1).optional().catch(undefined),
  status: z.enum(WEBHOOK_EVENT_STATUSES).optional().catch(undefined),
});

export const meta: MetaFunction = () => documentTitle("Sync health");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const filter = filterSchema.parse({ topic: params.get("topic") ?? undefined, status: params.get("status") ?? undefined });
  const [health, timeZone] = await Promise.all([loadSyncHealth(db, session.shop, filter, new Date()), readShopTimeZone(db, session.shop)]);
  return {
    ...health,
    events: health.events.map((event) => ({
      ...event,
      receivedAt: formatShopDateTime(event.receivedAt, timeZone),
      nextAttemptAt: event.nextAttemptAt ? formatShopDateTime(event.nextAttemptAt, timeZone) : null,
    })),
  };
};

const replaySchema = z.object({ eventId: z.string().min(1), reason: z.string() });
type ActionData = { ok: true } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const context = await authenticate.admin(request);
  const parsed = replaySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false, error: "Pick an event and say why you are replaying it." };
  try {
    await replayWebhookEvent(db, context.session.shop, parsed.data.eventId, readStaffActor(context), parsed.data.reason, new Date());
    return { ok: true };
  } catch (error) {
    if (error instanceof ReplayWebhookError) return { ok: false, error: error.message };
    throw error;
  }
};

const STATUS_TONES = { received: "info", processing: "attention", processed: "success", failed: "critical", ignored: undefined, invalid: "warning" } as const;
const REPLAYABLE = new Set(["failed", "invalid", "processed", "ignored"]);

function CountsCard({ title, counts }: { title: string; counts: SyncHealthCounts }) {
  const rows: [string, number][] = [
    ["Received, waiting", counts.received + counts.processing],
    ["Processed", counts.processed],
    ["Failed", counts.failed],
    ["Retried", counts.retried],
    ["Invalid", counts.invalid],
    ["Invalid: characters the database cannot store", counts.cleaned],
    ["Ignored", counts.ignored],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {title} ({counts.total})
        </Text>
        {rows.map(([label, value]) => (
          <InlineStack key={label} align="space-between">
            <Text as="span">{label}</Text>
            <Text as="span" fontWeight="semibold">
              {value}
            </Text>
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}

export default function SyncHealthPage() {
  const { lastDay, allTime, topics, events } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const fetcher = useFetcher<ActionData>();
  const [reason, setReason] = useState("");
  const setFilter = (key: "topic" | "status") => (value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearchParams(next);
  };
  const replay = (eventId: string) => fetcher.submit({ eventId, reason }, { method: "post" });
  const filtered = searchParams.has("topic") || searchParams.has("status");

  return (
    <Page title="Sync health" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              Every notification Shopify sends Affable (orders, refunds, uninstalls, privacy requests) is stored here the moment it arrives, then
              processed. Failed ones are retried automatically with growing pauses; after the last attempt they wait here for you to replay them.
              Orders and refunds stay &quot;received&quot; until commission processing is switched on; none are lost.
            </Text>
            <Text as="p" tone="subdued">
              &quot;Invalid&quot; deliveries are stored but not processed: the body was not JSON, did not have the shape Affable expects, or held
              characters the database cannot store (a NUL, &quot;\u0000&quot;; Affable keeps the text as sent and a copy with each one replaced
              by U+FFFD). &quot;Ignored&quot; ones arrived while the shop was uninstalled. Check the order in Shopify, then replay either kind.
            </Text>
            {fetcher.data && !fetcher.data.ok ? (
              <Banner tone="critical" title="Not replayed">
                <p>{fetcher.data.error}</p>
              </Banner>
            ) : null}
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <CountsCard title="Last 24 hours" counts={lastDay} />
              <CountsCard title="All time" counts={allTime} />
            </InlineGrid>
            <Card padding="0">
              <BlockStack gap="0">
                <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                  <Select
                    label="Topic"
                    options={[{ label: "All topics", value: "" }, ...topics.map((topic) => ({ label: topic, value: topic }))]}
                    value={searchParams.get("topic") ?? ""}
                    onChange={setFilter("topic")}
                  />
                  <Select
                    label="Status"
                    options={[{ label: "All statuses", value: "" }, ...WEBHOOK_EVENT_STATUSES.map((status) => ({ label: status, value: status }))]}
                    value={searchParams.get("status") ?? ""}
                    onChange={setFilter("status")}
                  />
                  <TextField label="Reason for a replay" value={reason} onChange={setReason} autoComplete="off" helpText="Kept in the audit log with your name." />
                </InlineGrid>
                {events.length === 0 ? (
                  <EmptyState heading={filtered ? "No events match these filters" : "No webhook events yet"} image="/empty-state.svg">
                    <p>
                      {filtered
                        ? "Clear the filters to see every event."
                        : "When Shopify notifies Affable of an order, a refund, an uninstall or a privacy request, the delivery appears here with its status, attempts and any error."}
                    </p>
                  </EmptyState>
                ) : (
                  <IndexTable
                    resourceName={{ singular: "event", plural: "events" }}
                    itemCount={events.length}
                    selectable={false}
                    headings={[{ title: "Received" }, { title: "Topic" }, { title: "Status" }, { title: "Attempts" }, { title: "Last error or note" }, { title: "" }]}
                  >
                    {events.map((event, index) => (
                      <IndexTable.Row id={event.id} key={event.id} position={index}>
                        <IndexTable.Cell>{event.receivedAt}</IndexTable.Cell>
                        <IndexTable.Cell>{event.topicRaw}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <Badge {...(STATUS_TONES[event.status] ? { tone: STATUS_TONES[event.status] } : {})}>{event.status}</Badge>
                          {event.status === "failed" && event.nextAttemptAt ? (
                            <Text as="span" tone="subdued" variant="bodySm">
                              {" "}
                              retry at {event.nextAttemptAt}
                            </Text>
                          ) : null}
                        </IndexTable.Cell>
                        <IndexTable.Cell>{event.attempts}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <WrappingCell>
                            <Text as="span" breakWord tone={event.lastError ? "critical" : "subdued"}>
                              {event.lastError ?? event.resultNote ?? ""}
                            </Text>
                          </WrappingCell>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          {REPLAYABLE.has(event.status) ? (
                            <Button size="slim" onClick={() => replay(event.id)} disabled={reason.trim() === "" || fetcher.state !== "idle"}>
                              Replay
                            </Button>
                          ) : null}
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Sync health" />;
}
