import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, FormLayout, IndexTable, InlineStack, Modal, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { PayoutsByMonthChart } from "../components/payouts-by-month-chart";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney, getCurrencyExponent } from "../domain/money";
import { describePayoutMethod, PAYOUT_METHOD_LABELS, PAYOUT_METHODS, PAYPAL_ADDRESS_SOURCE_LABELS, type PayoutMethod } from "../domain/payouts";
import { listPayouts, sumPayoutsByMonth } from "../repositories/payout-repository.server";
import { createPayout } from "../services/payouts/create-payout.server";
import { debitClawbackFromStoreCredit } from "../services/payouts/shopify/debit-clawback-from-store-credit.server";
import { listCreatorsOwed } from "../services/payouts/list-creators-owed.server";
import { listPayoutRuns } from "../repositories/payout-run-repository.server";
import { planRun } from "../services/payouts/runs/plan-payout-run.server";
import { buildRunActorNames } from "../services/payouts/runs/describe-run-actor.server";
import { describeRunStatus } from "../components/payout-run-status";
import { findNextPayoutSlot, readPayoutSchedule } from "../domain/payouts";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";

const PAYOUTS_PER_PAGE = 25;
const OWED_PER_PAGE = 25;
const RUNS_SHOWN = 10;
const CHART_MONTHS = 12;

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

/** The last CHART_MONTHS calendar months (UTC), oldest first, with zero for months without payouts. */
function buildMonths(now: Date, rows: Array<{ month: string; currency: string; amountMinor: bigint }>, currency: string) {
  const exponent = getCurrencyExponent(currency);
  return Array.from({ length: CHART_MONTHS }, (_, index) => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (CHART_MONTHS - 1 - index), 1));
    const month = start.toISOString().slice(0, 7);
    const minor = rows.find((row) => row.month === month && row.currency === currency)?.amountMinor ?? 0n;
    // A bar's height only (float is fine for pixels); the table below shows exact amounts.
    return { month, amount: Number(minor) / 10 ** exponent };
  });
}

export const meta: MetaFunction = () => documentTitle("Payouts");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const searchParams = new URL(request.url).searchParams;
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(searchParams.get("page") ?? 1);
  const owedPage = z.coerce.number().int().min(1).max(100_000).catch(1).parse(searchParams.get("owedPage") ?? 1);
  const now = new Date();
  const chartFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (CHART_MONTHS - 1), 1));
  const [owed, history, byMonth, timeZone, runs, payoutSettings] = await Promise.all([
    listCreatorsOwed(db, shop, { skip: (owedPage - 1) * OWED_PER_PAGE, take: OWED_PER_PAGE }),
    listPayouts(db, shop, { skip: (page - 1) * PAYOUTS_PER_PAGE, take: PAYOUTS_PER_PAGE }),
    sumPayoutsByMonth(db, shop, chartFrom),
    readShopTimeZone(db, shop),
    listPayoutRuns(db, shop, { skip: 0, take: RUNS_SHOWN }),
    db.payoutSettings.findUnique({ where: { shop }, select: { schedule: true, scheduleWeekday: true, scheduleMonthDay: true } }),
  ]);
  const runActor = await buildRunActorNames(db, shop, runs.runs.map((run) => run.approvedBy), readStaffActor(context));
  let nextScheduledRun: string | null = null;
  try {
    const slot = payoutSettings === null ? null : findNextPayoutSlot(readPayoutSchedule(payoutSettings), now, timeZone);
    nextScheduledRun = slot === null ? null : formatShopDateTime(slot.startsAt, timeZone);
  } catch {
    nextScheduledRun = "not set up correctly: choose the day again in Settings › Payouts";
  }
  const creatorNames = new Map(
    (await db.creator.findMany({ where: { shop, id: { in: history.payouts.map((payout) => payout.creatorId) } }, select: { id: true, name: true } })).map((creator) => [creator.id, creator.name]),
  );
  const withClawbacks = owed.creators.filter((creator) => creator.plan.clawbacks.amountMinor > 0n).map((creator) => creator.creatorId);
  const customerLinked = new Set(
    withClawbacks.length === 0
      ? []
      : (await db.creator.findMany({ where: { shop, id: { in: withClawbacks }, shopifyCustomerId: { not: null } }, select: { id: true } })).map((creator) => creator.id),
  );
  const money = (amountMinor: bigint, currency: string) => formatMoney({ amountMinor, currency });
  return {
    minimumPayout: owed.currency === null ? null : money(owed.minimumPayoutMinor, owed.currency),
    runs: runs.runs.map((run) => ({
      id: run.id,
      plannedAt: formatShopDateTime(run.plannedAt, timeZone),
      status: run.status,
      statusLabel: describeRunStatus(run.status, run.status === "planned" && run.approvedBy !== null),
      total: money(run.totalMinor, run.currency),
      itemCount: run.itemCount,
      excludedCount: run.excludedCount,
      trigger: run.trigger === "schedule" ? "Scheduled" : "By hand",
      approvedBy: runActor(run.approvedBy),
    })),
    totalRuns: runs.total,
    nextScheduledRun,
    owedPage,
    owedPageCount: Math.max(1, Math.ceil(owed.total / OWED_PER_PAGE)),
    owedTotal: owed.total,
    payableCount: owed.payableCount,
    owed: owed.creators.map((creator) => {
      const clawbackMinor = creator.plan.clawbacks.amountMinor;
      return {
        creatorId: creator.creatorId,
        creatorName: creator.creatorName,
        payoutEmail: creator.payoutEmail,
        payoutEmailSource: creator.payoutEmailSource,
        commissionCount: creator.plan.commissionCount,
        payable: creator.plan.payable,
        total: creator.plan.total.amountMinor > 0n ? money(creator.plan.total.amountMinor, creator.currency) : money(0n, creator.currency),
        clawbacks: clawbackMinor > 0n ? money(clawbackMinor, creator.currency) : null,
        notYetApproved: creator.plan.notYetApproved.amountMinor > 0n ? money(creator.plan.notYetApproved.amountMinor, creator.currency) : null,
        reason: creator.plan.reason,
        // Clawbacks can also be taken back from the creator's Shopify store credit (the merchant's choice).
        mayDebitStoreCredit: clawbackMinor > 0n && customerLinked.has(creator.creatorId),
      };
    }),
    payouts: history.payouts.map((payout) => ({
      id: payout.id,
      creatorName: creatorNames.get(payout.creatorId) ?? "(deleted creator)",
      amount: money(payout.amountMinor, payout.currency),
      method: describePayoutMethod(payout.method),
      reference: payout.reference,
      commissionCount: payout.commissionCount,
      createdBy: payout.createdBy,
      createdAt: formatShopDateTime(payout.createdAt, timeZone),
      voided: payout.voidedAt !== null,
    })),
    chart: owed.currency === null ? null : { currency: owed.currency, months: buildMonths(now, byMonth, owed.currency) },
    page,
    pageCount: Math.max(1, Math.ceil(history.total / PAYOUTS_PER_PAGE)),
    totalPayouts: history.total,
  };
};

const payoutSchema = z.object({
  creatorId: z.string().trim().min(1, "Choose who to pay.").max(100),
  method: z.enum(PAYOUT_METHODS, { error: "Choose how you paid: PayPal, bank transfer, store credit or other." }),
  reference: z.string().trim().max(200, "Keep the reference under 200 characters.").optional(),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
  requestKey: z.string().min(8, "The form lost its one-time key. Reload the page and try again.").max(100),
});

const debitSchema = z.object({
  intent: z.literal("debit_store_credit"),
  creatorId: z.string().trim().min(1, "Choose whose clawbacks to take back.").max(100),
  requestKey: z.string().min(8, "The form lost its one-time key. Reload the page and try again.").max(100),
});

const planSchema = z.object({
  intent: z.literal("plan"),
  requestKey: z.string().min(8, "The form lost its one-time key. Reload the page and plan the run again.").max(100),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "plan") {
    const plan = planSchema.safeParse(form);
    if (!plan.success) return { ok: false as const, message: plan.error.issues.map((issue) => issue.message).join(" "), notes: [] };
    const planned = await planRun(db, context.session.shop, readStaffActor(context), plan.data.requestKey, new Date());
    if (!planned.ok) return { ok: false as const, message: planned.message, notes: [] };
    return context.redirect(`/app/payouts/runs/${planned.run.id}`);
  }
  if (form.intent === "debit_store_credit") {
    const debit = debitSchema.safeParse(form);
    if (!debit.success) return { ok: false as const, message: debit.error.issues.map((issue) => issue.message).join(" "), notes: [] };
    const debited = await debitClawbackFromStoreCredit({
      db, admin: context.admin, shop: context.session.shop, actor: readStaffActor(context), creatorId: debit.data.creatorId, requestKey: debit.data.requestKey, now: new Date(),
    });
    if (!debited.ok) return { ok: false as const, message: debited.message, notes: [] };
    const taken = formatMoney({ amountMinor: -debited.payout.amountMinor, currency: debited.payout.currency });
    return {
      ok: true as const,
      message: debited.outcome === "debited" ? `Took ${taken} back from the creator's store credit; the clawbacks are settled.` : "These clawbacks were already taken back from store credit.",
      notes: [],
    };
  }
  const parsed = payoutSchema.safeParse(form);
  if (!parsed.success) return { ok: false as const, message: parsed.error.issues.map((issue) => issue.message).join(" "), notes: [] };
  const result = await createPayout({ db, shop: context.session.shop, actor: readStaffActor(context), ...parsed.data, now: new Date() });
  if (!result.ok) return { ok: false as const, message: result.message, notes: [] };
  const created = result.outcomes.filter((outcome) => outcome.outcome === "created").length;
  const repeated = result.outcomes.filter((outcome) => outcome.outcome === "already_recorded").length;
  const notes = result.outcomes.flatMap((outcome) => (outcome.outcome === "not_payable" ? [outcome.reason] : []));
  if (created === 0 && repeated === 0) return { ok: false as const, message: notes[0] ?? "Nobody is owed a payout right now.", notes };
  return {
    ok: true as const,
    message: created > 0 ? `Recorded ${created} payout${created === 1 ? "" : "s"}.` : "This payout was already recorded.",
    notes,
  };
};

export default function PayoutsPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const shopify = useAppBridge();
  const fetcher = useFetcher<typeof action>();
  const [target, setTarget] = useState<{ creatorId: string; label: string; amount: string; payTo: string | null; commissionCount: number } | null>(null);
  const [method, setMethod] = useState<PayoutMethod>("paypal");
  const [reference, setReference] = useState("");
  const [note, setNote] = useState("");
  const [requestKey, setRequestKey] = useState("");

  const open = (target: { creatorId: string; label: string; amount: string; payTo: string | null; commissionCount: number }) => {
    setTarget(target);
    setReference("");
    setNote("");
    // One key per opened form: submitting twice (double click, retry) records one payout.
    setRequestKey(crypto.randomUUID());
  };

  // A finished, successful payout closes the form once (React's "adjust state while rendering").
  const [handled, setHandled] = useState<typeof fetcher.data>(undefined);
  if (fetcher.state === "idle" && fetcher.data?.ok && handled !== fetcher.data) {
    setHandled(fetcher.data);
    setTarget(null);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, shopify]);

  const payable = data.owed.filter((creator) => creator.payable);
  const busy = fetcher.state !== "idle";
  const describePayTo = (creator: (typeof data.owed)[number]) =>
    creator.payoutEmail === null || creator.payoutEmailSource === null ? null : `${creator.payoutEmail} (${PAYPAL_ADDRESS_SOURCE_LABELS[creator.payoutEmailSource]})`;
  const openForCreator = (creator: (typeof data.owed)[number]) =>
    open({ creatorId: creator.creatorId, label: creator.creatorName, amount: creator.total, payTo: describePayTo(creator), commissionCount: creator.commissionCount });
  const openForAll = () =>
    open({
      creatorId: "all",
      label: `all ${data.payableCount} creators owed`,
      amount:
        payable.map((creator) => `${creator.creatorName}: ${creator.total}`).join(", ") +
        (data.payableCount > payable.length ? `, and ${data.payableCount - payable.length} more (see the other pages of Owed now)` : ""),
      payTo: null,
      commissionCount: payable.reduce((sum, creator) => sum + creator.commissionCount, 0),
    });

  const planning = fetcher.state !== "idle" && fetcher.formData?.get("intent") === "plan";
  const planRunNow = () => fetcher.submit({ intent: "plan", requestKey: crypto.randomUUID() }, { method: "post" });

  return (
    <Page
      title="Payouts"
      primaryAction={{ content: "Plan a payout run", loading: planning, disabled: busy, onAction: planRunNow }}
      secondaryActions={[
        { content: `Record payout for all (${data.payableCount})`, disabled: data.payableCount === 0, onAction: openForAll },
        { content: "Commissions", url: "/app/commissions?tab=approved" },
      ]}
    >
      <BlockStack gap="400">
        <Card padding="0">
          <div style={{ padding: "16px 16px 8px" }}>
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                Payout runs
              </Text>
              <Text as="p" tone="subdued">
                A run pays every creator owed at once, by the method each one chose: preview it, approve it, and Affable sends the payments.
                {data.nextScheduledRun ? ` Next scheduled run: ${data.nextScheduledRun}.` : " Runs are planned by hand; set a schedule in Settings › Payouts."}
              </Text>
            </BlockStack>
          </div>
          <IndexTable
            resourceName={{ singular: "payout run", plural: "payout runs" }}
            itemCount={data.runs.length}
            selectable={false}
            headings={[{ title: "Planned" }, { title: "Status" }, { title: "Total", alignment: "end" }, { title: "Creators paid", alignment: "end" }, { title: "Left out", alignment: "end" }, { title: "How" }, { title: "Approved by" }]}
            emptyState={
              <Text as="p" alignment="center" tone="subdued">
                No payout runs yet. Choose “Plan a payout run” to preview who would be paid; nothing is paid until you approve it.
              </Text>
            }
          >
            {data.runs.map((run, index) => (
              <IndexTable.Row id={run.id} key={run.id} position={index} onClick={() => navigate(`/app/payouts/runs/${run.id}`)}>
                <IndexTable.Cell>
                  <RemixLink to={`/app/payouts/runs/${run.id}`}>{run.plannedAt}</RemixLink>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={run.status === "voided" ? undefined : run.status === "partly_failed" ? "warning" : run.status === "planned" ? "info" : "success"}>{run.statusLabel}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {run.total}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {run.itemCount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {run.excludedCount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{run.trigger}</IndexTable.Cell>
                <IndexTable.Cell>{run.approvedBy ?? "—"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        {fetcher.state === "idle" && fetcher.data && fetcher.data.notes.length > 0 ? (
          <Banner tone="info" title="Some creators were not paid">
            <BlockStack gap="100">
              {fetcher.data.notes.map((line) => (
                <Text as="p" key={line}>
                  {line}
                </Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        <Card padding="0">
          <div style={{ padding: "16px 16px 8px" }}>
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                Owed now
              </Text>
              <Text as="p" tone="subdued">
                Approved commissions minus clawbacks (refunds or reversals after a payout).{data.minimumPayout ? ` Minimum payout: ${data.minimumPayout}.` : ""} Pay the creator
                outside Affable, then record it here.
              </Text>
            </BlockStack>
          </div>
          <IndexTable
            resourceName={{ singular: "creator", plural: "creators" }}
            itemCount={data.owed.length}
            selectable={false}
            headings={[{ title: "Creator" }, { title: "To pay", alignment: "end" }, { title: "Clawbacks", alignment: "end" }, { title: "Not yet approved", alignment: "end" }, { title: "" }, { title: "" }]}
            pagination={{
              hasPrevious: data.owedPage > 1,
              hasNext: data.owedPage < data.owedPageCount,
              onPrevious: () => setSearchParams((params) => { params.set("owedPage", String(data.owedPage - 1)); return params; }),
              onNext: () => setSearchParams((params) => { params.set("owedPage", String(data.owedPage + 1)); return params; }),
              label: `Page ${data.owedPage} of ${data.owedPageCount} (${data.owedTotal} creators)`,
            }}
            emptyState={
              <Text as="p" alignment="center" tone="subdued">
                Nobody is owed anything. Approve commissions first; approved money appears here.
              </Text>
            }
          >
            {data.owed.map((creator, index) => (
              <IndexTable.Row id={creator.creatorId} key={creator.creatorId} position={index}>
                <IndexTable.Cell>
                  <BlockStack>
                    <Text as="span" fontWeight="semibold">
                      {creator.creatorName}
                    </Text>
                    {creator.payoutEmail ? (
                      <Text as="span" tone="subdued">
                        {creator.payoutEmail}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {creator.total}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone={creator.clawbacks ? "critical" : "subdued"}>
                    {creator.clawbacks ? `−${creator.clawbacks}` : "—"}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone="subdued">
                    {creator.notYetApproved ?? "—"}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{creator.payable ? <Badge tone="success">Ready</Badge> : <Text as="span" tone="subdued">{creator.reason}</Text>}</IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="200">
                    {creator.payable ? (
                      <Button onClick={() => openForCreator(creator)} accessibilityLabel={`Record payout for ${creator.creatorName}`}>
                        Record payout
                      </Button>
                    ) : null}
                    {creator.mayDebitStoreCredit ? (
                      <Button
                        loading={busy && fetcher.formData?.get("creatorId") === creator.creatorId && fetcher.formData?.get("intent") === "debit_store_credit"}
                        onClick={() => fetcher.submit({ intent: "debit_store_credit", creatorId: creator.creatorId, requestKey: crypto.randomUUID() }, { method: "post" })}
                        accessibilityLabel={`Take back ${creator.clawbacks ?? "the clawbacks"} from store credit for ${creator.creatorName}`}
                      >
                        {`Take back ${creator.clawbacks ?? "the clawbacks"} from store credit`}
                      </Button>
                    ) : null}
                  </InlineStack>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <Card padding="0">
          <div style={{ padding: "16px 16px 8px" }}>
            <Text as="h2" variant="headingMd">
              Payout history
            </Text>
          </div>
          {data.totalPayouts > 0 && data.chart ? (
            <div style={{ padding: "0 16px 16px" }}>
              <PayoutsByMonthChart months={data.chart.months} currency={data.chart.currency} />
            </div>
          ) : null}
          {data.totalPayouts === 0 ? (
            <EmptyState heading="No payouts recorded yet" image="/empty-state.svg">
              <Text as="p">Every payout you record lists the commissions it paid, who recorded it, how and when.</Text>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "payout", plural: "payouts" }}
              itemCount={data.payouts.length}
              selectable={false}
              headings={[{ title: "Date" }, { title: "Creator" }, { title: "Amount", alignment: "end" }, { title: "Method" }, { title: "Reference" }, { title: "Commissions", alignment: "end" }, { title: "Recorded by" }]}
              pagination={{
                hasPrevious: data.page > 1,
                hasNext: data.page < data.pageCount,
                onPrevious: () => setSearchParams((params) => { params.set("page", String(data.page - 1)); return params; }),
                onNext: () => setSearchParams((params) => { params.set("page", String(data.page + 1)); return params; }),
                label: `Page ${data.page} of ${data.pageCount}`,
              }}
            >
              {data.payouts.map((payout, index) => (
                <IndexTable.Row id={payout.id} key={payout.id} position={index} onClick={() => navigate(`/app/payouts/${payout.id}`)}>
                  <IndexTable.Cell>{payout.createdAt}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {payout.creatorName} {payout.voided ? <Badge tone="critical">Voided</Badge> : null}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric tone={payout.voided ? "subdued" : undefined} textDecorationLine={payout.voided ? "line-through" : undefined}>
                      {payout.amount}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{payout.method}</IndexTable.Cell>
                  <IndexTable.Cell>{payout.reference ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {payout.commissionCount}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{payout.createdBy}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
      <Modal
        open={target !== null}
        onClose={() => setTarget(null)}
        title={`Record payout for ${target?.label ?? ""}`}
        primaryAction={{
          content: "Record payout",
          loading: busy,
          onAction: () => target && fetcher.submit({ creatorId: target.creatorId, method, reference, note, requestKey }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setTarget(null) }]}
      >
        <Modal.Section>
          <FormLayout>
            <Text as="p">Record a payout you already made. Every approved commission owed is marked paid and clawbacks are deducted.</Text>
            {target ? (
              <BlockStack gap="100">
                <Text as="p" fontWeight="semibold">
                  Amount: {target.amount}
                  {target.creatorId === "all" ? "" : ` (${target.commissionCount} commission${target.commissionCount === 1 ? "" : "s"})`}
                </Text>
                {target.creatorId === "all" ? (
                  <Text as="p" tone="subdued">
                    Pay each creator at their payout email (shown in the Owed now list) before recording.
                  </Text>
                ) : (
                  <Text as="p">Pay to: {target.payTo ?? "no email on file — ask the creator where to send the money before paying."}</Text>
                )}
              </BlockStack>
            ) : null}
            {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
              <Banner tone="critical">
                <Text as="p">{fetcher.data.message}</Text>
              </Banner>
            ) : null}
            <Select label="Method" options={PAYOUT_METHODS.map((value) => ({ value, label: PAYOUT_METHOD_LABELS[value] }))} value={method} onChange={(value) => setMethod(value as PayoutMethod)} />
            <TextField label="Reference" helpText="The PayPal transaction id or bank reference, to find the payment later." value={reference} onChange={setReference} autoComplete="off" maxLength={200} />
            <TextField label="Note" value={note} onChange={setNote} autoComplete="off" multiline={2} maxLength={500} />
          </FormLayout>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Payouts" />;
}
