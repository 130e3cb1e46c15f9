import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, IndexTable, InlineGrid, InlineStack, Modal, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { documentTitle } from "../components/document-title";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { describePayoutMethod } from "../domain/payouts";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { countPayoutRunItemsByStatus, findPayoutRun, listPayoutRunItems } from "../repositories/payout-run-repository.server";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { approveRun } from "../services/payouts/runs/approve-payout-run.server";
import { buildRunActorNames } from "../services/payouts/runs/describe-run-actor.server";
import { voidRun } from "../services/payouts/runs/void-payout-run.server";
import { canApprovePayouts } from "../services/staff/payout-approvers.server";
import { listMissingTaxForms } from "../services/tax-report/list-missing-tax-forms.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { describeRunStatus, describeRunItemStatus } from "../components/payout-run-status";

const ITEMS_PER_PAGE = 50;
/** Methods whose items wait for the merchant's file download and mark (app.payout-runs.$runId.files.tsx). */
const FILE_METHODS = new Set(["sepa_file", "wise_file", "csv_file"]);
/** Creators approved while the merchant waits; a larger run finishes in the background (the payout schedule job). */
const APPROVE_IN_REQUEST = 200;

export const meta: MetaFunction<typeof loader> = ({ data }) => documentTitle(data ? `Payout run of ${data.run.plannedAt}` : "Payout run");

/** The session token's `sub` (the Shopify staff user id), or "" when the request carries none. */
function readStaffUserId(context: object): string {
  const actor = readStaffActor(context);
  return actor === "staff:unknown" ? "" : actor.slice("staff:".length);
}

function describeDestination(destination: unknown): string | null {
  if (typeof destination !== "object" || destination === null) return null;
  const value = destination as Record<string, unknown>;
  if (typeof value.paypalEmail === "string") return value.paypalEmail;
  if (typeof value.ibanLast4 === "string") return `IBAN ending ${value.ibanLast4}${typeof value.accountHolderName === "string" ? ` (${value.accountHolderName})` : ""}`;
  if ("customerId" in value) return value.customerId ? "Linked Shopify customer" : "Shopify customer found or created when paid";
  return null;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const run = await findPayoutRun(db, shop, params.runId ?? "");
  if (run === null) throw new Response("This payout run does not exist in this shop. Go back to Payouts and pick one from the list.", { status: 404 });
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(new URL(request.url).searchParams.get("page") ?? 1);
  const viewer = readStaffActor(context);
  const userId = readStaffUserId(context);
  const [items, counts, timeZone, mayApprove, fileItem] = await Promise.all([
    listPayoutRunItems(db, shop, run.id, { skip: (page - 1) * ITEMS_PER_PAGE, take: ITEMS_PER_PAGE }),
    countPayoutRunItemsByStatus(db, shop, run.id),
    readShopTimeZone(db, shop),
    userId === "" ? Promise.resolve(false) : canApprovePayouts(db, shop, userId),
    db.payoutRunItem.findFirst({
      where: { shop, runId: run.id, method: { in: [...FILE_METHODS] as Array<"sepa_file" | "wise_file" | "csv_file"> }, status: { notIn: ["excluded", "planned"] } },
      select: { id: true },
    }),
  ]);
  const nameOf = await buildRunActorNames(db, shop, [run.plannedBy, run.approvedBy, run.voidedBy], viewer);
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency: run.currency });
  // Flagged before approval: creators to be paid without a current W-9 / W-8BEN (left out only when Settings › Payouts
  // requires one; the merchant sees it either way, before the money moves).
  const toPay = run.status === "planned"
    ? (await db.payoutRunItem.findMany({ where: { shop, runId: run.id, status: "planned" }, select: { creatorId: true } })).map((item) => item.creatorId)
    : [];
  const missingTaxForms = await listMissingTaxForms(db, shop, toPay);
  const date = (value: Date | null) => (value === null ? null : formatShopDateTime(value, timeZone));
  const approving = run.status === "planned" && run.approvedBy !== null;
  return {
    run: {
      id: run.id,
      status: run.status,
      statusLabel: describeRunStatus(run.status, approving),
      total: money(run.totalMinor),
      itemCount: run.itemCount,
      excludedCount: run.excludedCount,
      trigger: run.trigger === "schedule" ? `Scheduled (${run.scheduleKey ?? "slot"})` : "Planned by hand",
      plannedAt: date(run.plannedAt) ?? "",
      plannedBy: nameOf(run.plannedBy),
      approvedAt: date(run.approvedAt),
      approvedBy: nameOf(run.approvedBy),
      approvalRule: run.approvalRule,
      voidedAt: date(run.voidedAt),
      voidedBy: nameOf(run.voidedBy),
      voidReason: run.voidReason,
      lastError: run.lastError,
      approving,
      remaining: approving ? (counts.planned ?? 0) : 0,
    },
    counts,
    mayApprove,
    canApproveNow: run.status === "planned" && !approving && run.itemCount > 0,
    missingTaxFormCount: missingTaxForms.size,
    canVoidNow: (run.status === "planned" && !approving) || run.status === "approved",
    hasBankFiles: fileItem !== null,
    items: items.items.map((item) => ({
      id: item.id,
      creatorId: item.creatorId,
      creatorName: item.creatorName,
      status: item.status,
      statusLabel: describeRunItemStatus(item.status),
      amount: money(item.amountMinor),
      clawbacks: item.clawbackMinor > 0n ? money(item.clawbackMinor) : null,
      commissionCount: item.commissionCount,
      method: item.method === null ? "No method" : describePayoutMethod(item.method),
      destination: describeDestination(item.destination),
      reason: item.excludedReason ?? item.failureReason,
      providerStatus: item.providerStatus,
      payoutId: item.payoutId,
      // A person decides: the provider's answer was ambiguous, or the money moved outside Affable (manual).
      mayMark: item.status === "needs_review" || (item.status === "submitted" && item.method === "manual"),
      missingTaxForm: missingTaxForms.has(item.creatorId),
    })),
    page,
    pageCount: Math.max(1, Math.ceil(items.total / ITEMS_PER_PAGE)),
  };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("void"), reason: z.string().max(2000, "Keep the reason under 500 characters.") }),
], { error: "Choose Approve or Void, then try again." });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: false, message: parsed.error.issues.map((issue) => issue.message).join(" ") }, { status: 400 });
  const userId = readStaffUserId(context);
  const runId = params.runId ?? "";
  if (parsed.data.intent === "approve") {
    const result = await approveRun(db, shop, runId, userId, new Date(), { maxCreators: APPROVE_IN_REQUEST });
    if (!result.ok) return Response.json({ ok: false, message: result.message }, { status: result.status });
    const message = result.finished
      ? result.run.status === "voided"
        ? "Nobody was left to pay when you approved (each creator's reason is below); the run was voided."
        : `Approved: ${result.run.itemCount} creator${result.run.itemCount === 1 ? "" : "s"}, ${formatMoney({ amountMinor: result.run.totalMinor, currency: result.run.currency })}. The payments are sent next.`
      : `Approved. ${result.remaining} creators are still being processed in the background; reload in a few minutes.`;
    return Response.json({ ok: true, message });
  }
  const result = await voidRun(db, shop, runId, userId, parsed.data.reason, new Date());
  if (!result.ok) return Response.json({ ok: false, message: result.message }, { status: result.status });
  return Response.json({
    ok: true,
    message: result.payoutsVoided > 0 ? `Run voided: ${result.payoutsVoided} payout${result.payoutsVoided === 1 ? "" : "s"} voided, their commissions are owed again.` : "Run voided. Nothing was paid.",
  });
};

const STATUS_TONE: Record<string, "success" | "critical" | "warning" | "info" | "attention" | undefined> = {
  planned: "info", approved: "success", submitting: "attention", submitted: "attention", succeeded: "success", settled: "success",
  partly_failed: "warning", failed: "critical", needs_review: "warning", voided: undefined, excluded: undefined,
};

export default function PayoutRunPage() {
  const data = useLoaderData<typeof loader>();
  const { run } = data;
  const [, setSearchParams] = useSearchParams();
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  // "Plan a new run" (retry): the Payouts page plans it and opens the new run.
  const planning = useFetcher<{ ok: boolean; message: string }>();
  const shopify = useAppBridge();
  const [voiding, setVoiding] = useState(false);
  // Mark paid / failed for one item (app.payout-runs.$runId.items.$itemId.tsx answers JSON {ok, message}).
  const marker = useFetcher<{ ok: boolean; message: string }>();
  const [failing, setFailing] = useState<{ itemId: string; creatorName: string } | null>(null);
  const [failReason, setFailReason] = useState("");
  const [markHandled, setMarkHandled] = useState<typeof marker.data>(undefined);
  if (marker.state === "idle" && marker.data?.ok && markHandled !== marker.data) {
    setMarkHandled(marker.data);
    setFailing(null);
  }
  useEffect(() => {
    if (marker.state === "idle" && marker.data) shopify.toast.show(marker.data.message, { isError: !marker.data.ok });
  }, [marker.state, marker.data, shopify]);
  const markAction = (itemId: string) => `/app/payout-runs/${run.id}/items/${itemId}`;
  const [reason, setReason] = useState("");
  const busy = fetcher.state !== "idle";
  const [handled, setHandled] = useState<typeof fetcher.data>(undefined);
  if (fetcher.state === "idle" && fetcher.data?.ok && handled !== fetcher.data) {
    setHandled(fetcher.data);
    setVoiding(false);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, shopify]);
  useEffect(() => {
    if (planning.state === "idle" && planning.data && !planning.data.ok) shopify.toast.show(planning.data.message, { isError: true });
  }, [planning.state, planning.data, shopify]);

  const permissionNote = "Only the store owner and staff members they allow can approve or void payout runs. Ask the owner to turn on “Can approve payouts” for you in Settings › Staff.";
  const facts: Array<[string, string]> = [
    ["Total", run.total],
    ["Creators paid", String(run.itemCount)],
    ["Left out", String(run.excludedCount)],
    ["How", run.trigger],
    ["Planned", `${run.plannedAt} by ${run.plannedBy ?? "—"}`],
  ];
  if (run.approvedAt) facts.push(["Approved", `${run.approvedAt} by ${run.approvedBy ?? "—"}${run.approvalRule ? ` (${run.approvalRule})` : ""}`]);
  if (run.voidedAt) facts.push(["Voided", `${run.voidedAt} by ${run.voidedBy ?? "—"}`]);

  return (
    <Page
      title="Payout run"
      subtitle={`Planned ${run.plannedAt}`}
      titleMetadata={<Badge tone={STATUS_TONE[run.status]}>{run.statusLabel}</Badge>}
      backAction={{ content: "Payouts", url: "/app/payouts" }}
      secondaryActions={[
        ...(data.hasBankFiles ? [{ content: "Bank files", helpText: "Download this run's bank files and mark their payments paid or failed.", url: `/app/payout-runs/${run.id}/files` }] : []),
        ...(run.status === "partly_failed" || run.status === "voided" || run.status === "settled"
          ? [{
            content: "Plan a new run",
            helpText: "Failed and voided payments are owed again; a new run pays them.",
            loading: planning.state !== "idle",
            onAction: () => planning.submit({ intent: "plan", requestKey: crypto.randomUUID() }, { method: "post", action: "/app/payouts?index" }),
          }]
          : []),
      ]}
    >
      <BlockStack gap="400">
        {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok && !voiding ? (
          <Banner tone="critical" title="Nothing changed">
            <Text as="p">{fetcher.data.message}</Text>
          </Banner>
        ) : null}
        {run.status === "planned" && !run.approving ? (
          <Banner tone="info" title="Preview: nothing is paid until the run is approved">
            <Text as="p">
              Check each creator below. Approving marks their commissions paid and sends the payments by each creator's method. Creators left out keep
              what they are owed for a later run; fix the reason shown, then plan a new run.
            </Text>
          </Banner>
        ) : null}
        {data.missingTaxFormCount > 0 ? (
          <Banner tone="warning" title={`${data.missingTaxFormCount} creator${data.missingTaxFormCount === 1 ? " has" : "s have"} no tax form on file`}>
            <Text as="p">
              They are marked “No tax form” below. Ask them to fill in a W-9 or W-8BEN in their portal before you approve, or turn on “Require a tax form” in
              Settings › Payouts to leave such creators out of runs.
            </Text>
          </Banner>
        ) : null}
        {run.approving ? (
          <Banner tone="info" title="Being approved">
            <Text as="p">{run.remaining} creator{run.remaining === 1 ? " is" : "s are"} still being processed in the background. Reload the page in a few minutes.</Text>
          </Banner>
        ) : null}
        {run.voidReason ? (
          <Banner tone="warning" title="This run was voided">
            <Text as="p">
              {run.voidReason} Nothing in it is paid; any commissions it held are owed again and appear in the next run.
            </Text>
          </Banner>
        ) : null}
        {run.lastError ? (
          <Banner tone="critical" title="The last attempt to send this run failed">
            <Text as="p">{run.lastError}</Text>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="400">
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              {facts.map(([label, value]) => (
                <BlockStack gap="100" key={label}>
                  <Text as="span" tone="subdued">
                    {label}
                  </Text>
                  <Text as="span">{value}</Text>
                </BlockStack>
              ))}
            </InlineGrid>
            {data.canApproveNow || data.canVoidNow ? (
              <BlockStack gap="200">
                <InlineStack gap="200">
                  {data.canApproveNow ? (
                    <fetcher.Form method="post">
                      <input type="hidden" name="intent" value="approve" />
                      <Button variant="primary" submit loading={busy} disabled={!data.mayApprove}>
                        {`Approve ${run.total} for ${run.itemCount} creator${run.itemCount === 1 ? "" : "s"}`}
                      </Button>
                    </fetcher.Form>
                  ) : null}
                  {data.canVoidNow ? (
                    <Button tone="critical" disabled={!data.mayApprove || busy} onClick={() => { setReason(""); setVoiding(true); }}>
                      Void run
                    </Button>
                  ) : null}
                </InlineStack>
                {!data.mayApprove ? (
                  <Text as="p" tone="subdued">
                    {permissionNote}
                  </Text>
                ) : null}
              </BlockStack>
            ) : null}
          </BlockStack>
        </Card>
        <Card padding="0">
          <div style={{ padding: "16px 16px 8px" }}>
            <Text as="h2" variant="headingMd">
              Creators
            </Text>
          </div>
          <IndexTable
            resourceName={{ singular: "creator", plural: "creators" }}
            itemCount={data.items.length}
            selectable={false}
            headings={[
              { title: "Creator" }, { title: "Amount", alignment: "end" }, { title: "Method" }, { title: "Commissions", alignment: "end" },
              { title: "Clawbacks deducted", alignment: "end" }, { title: "Status" }, { title: "Why / what happened" }, { title: "Payout" },
            ]}
            pagination={{
              hasPrevious: data.page > 1,
              hasNext: data.page < data.pageCount,
              onPrevious: () => setSearchParams({ page: String(data.page - 1) }),
              onNext: () => setSearchParams({ page: String(data.page + 1) }),
              label: `Page ${data.page} of ${data.pageCount}`,
            }}
            emptyState={
              <Text as="p" alignment="center" tone="subdued">
                Nobody had approved commissions owed when this run was planned.
              </Text>
            }
          >
            {data.items.map((item, index) => (
              <IndexTable.Row id={item.id} key={item.id} position={index}>
                <IndexTable.Cell>
                  <BlockStack>
                    <RemixLink to={`/app/creators/${item.creatorId}`}>{item.creatorName}</RemixLink>
                    {item.destination ? (
                      <Text as="span" tone="subdued">
                        {item.destination}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone={item.status === "excluded" || item.status === "voided" ? "subdued" : undefined}>
                    {item.amount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{item.method}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {item.commissionCount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone={item.clawbacks ? "critical" : "subdued"}>
                    {item.clawbacks ? `−${item.clawbacks}` : "—"}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack>
                    <Badge tone={STATUS_TONE[item.status]}>{item.statusLabel}</Badge>
                    {item.missingTaxForm ? <Badge tone="attention">No tax form</Badge> : null}
                    {item.providerStatus ? (
                      <Text as="span" tone="subdued">
                        Provider: {item.providerStatus}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <div style={{ maxWidth: 360, whiteSpace: "normal" }}>
                    <Text as="span" tone={item.status === "failed" ? "critical" : "subdued"}>
                      {item.reason ?? "—"}
                    </Text>
                  </div>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="100" inlineAlign="start">
                    {item.payoutId ? <RemixLink to={`/app/payouts/${item.payoutId}`}>View payout</RemixLink> : "—"}
                    {item.mayMark && data.mayApprove ? (
                      <InlineStack gap="200">
                        <Button
                          size="slim"
                          accessibilityLabel={`Mark paid (${item.creatorName})`}
                          loading={marker.state !== "idle" && marker.formAction === markAction(item.id) && failing === null}
                          disabled={marker.state !== "idle"}
                          onClick={() => marker.submit({ outcome: "paid" }, { method: "post", action: markAction(item.id) })}
                        >
                          Mark paid
                        </Button>
                        <Button
                          size="slim"
                          tone="critical"
                          accessibilityLabel={`Mark failed (${item.creatorName})`}
                          disabled={marker.state !== "idle"}
                          onClick={() => { setFailReason(""); setFailing({ itemId: item.id, creatorName: item.creatorName }); }}
                        >
                          Mark failed
                        </Button>
                      </InlineStack>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
      <Modal
        open={failing !== null}
        onClose={() => setFailing(null)}
        title={`Mark the payout to ${failing?.creatorName ?? "this creator"} failed?`}
        primaryAction={{
          content: "Mark failed",
          destructive: true,
          loading: marker.state !== "idle",
          disabled: failReason.trim() === "",
          onAction: () => { if (failing) marker.submit({ outcome: "failed", reason: failReason }, { method: "post", action: markAction(failing.itemId) }); },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setFailing(null) }]}
      >
        <Modal.Section>
          <FormLayout>
            <Text as="p">The payout is voided and its commissions are owed again; they join the next payout run. The creator sees the reason.</Text>
            {marker.state === "idle" && marker.data && !marker.data.ok ? (
              <Banner tone="critical">
                <Text as="p">{marker.data.message}</Text>
              </Banner>
            ) : null}
            <TextField label="Why did it fail?" helpText="Shown to the creator with their payout." value={failReason} onChange={setFailReason} autoComplete="off" multiline={2} maxLength={500} />
          </FormLayout>
        </Modal.Section>
      </Modal>
      <Modal
        open={voiding}
        onClose={() => setVoiding(false)}
        title="Void this payout run?"
        primaryAction={{ content: "Void run", destructive: true, loading: busy, disabled: reason.trim() === "", onAction: () => fetcher.submit({ intent: "void", reason }, { method: "post" }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setVoiding(false) }]}
      >
        <Modal.Section>
          <FormLayout>
            <Text as="p">
              {run.status === "approved"
                ? "Nothing has been sent yet. Every payout in this run is voided and its commissions are owed again; they appear in the next run."
                : "Nothing in this run was paid. It is discarded; plan a new run when you are ready."}
            </Text>
            {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
              <Banner tone="critical">
                <Text as="p">{fetcher.data.message}</Text>
              </Banner>
            ) : null}
            <TextField label="Reason" helpText="Kept with the run and shown in its history." value={reason} onChange={setReason} autoComplete="off" multiline={2} maxLength={500} />
          </FormLayout>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Payout run" />;
}
