// A payout run's bank files (SEPA pain.001, Wise batch CSV, plain CSV): download each one (the same bytes every
// time), then mark its transfers paid or failed once the bank or Wise has answered. Nothing is uploaded back.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Modal, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { documentTitle } from "../components/document-title";
import { downloadCsv } from "../components/download-csv";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { markBankFileItems } from "../services/payouts/bank-files/mark-bank-file-items.server";
import { downloadBankFile, listRunBankFiles } from "../services/payouts/bank-files/run-bank-files.server";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Bank files");

const FORMAT_WORDS = { sepa_file: "SEPA transfer file (pain.001)", wise_file: "Wise batch file", csv_file: "Payout CSV" } as const;
const STATUS_WORDS: Record<string, { label: string; tone?: "success" | "critical" | "attention" | "info" }> = {
  submitted: { label: "Awaiting your mark", tone: "attention" },
  succeeded: { label: "Paid", tone: "success" },
  failed: { label: "Failed", tone: "critical" },
  needs_review: { label: "Needs review", tone: "attention" },
};

/** The page's data (the loader also answers ?download=<fileId> with the file itself). */
async function loadRunFilesPage(shop: string, runId: string) {
  const [listed, timeZone] = await Promise.all([listRunBankFiles(db, shop, runId), readShopTimeZone(db, shop)]);
  if (listed === null) throw new Response("This payout run does not exist in this shop. Go back to Payouts and pick a run.", { status: 404 });
  return {
    runId,
    files: listed.files.map((file) => ({
      id: file.id,
      title: `${FORMAT_WORDS[file.method as keyof typeof FORMAT_WORDS] ?? file.method} ${file.sequence > 1 ? `#${file.sequence}` : ""}`.trim(),
      fileName: file.fileName,
      reference: file.messageId,
      total: formatMoney({ amountMinor: file.totalMinor, currency: file.currency }),
      itemCount: file.itemCount,
      createdAt: formatShopDateTime(file.createdAt, timeZone),
      downloads: file.downloadCount,
      lastDownloadedAt: file.lastDownloadedAt ? formatShopDateTime(file.lastDownloadedAt, timeZone) : null,
      awaiting: file.items.filter((item) => item.status === "submitted" || item.status === "needs_review").length,
      items: file.items.map((item) => ({
        id: item.itemId,
        creatorName: item.creatorName,
        amount: formatMoney({ amountMinor: item.amountMinor, currency: item.currency }),
        account: item.ibanLast4 ? `IBAN •••• ${item.ibanLast4.replace(/^[•\s]+/, "")}` : "—",
        reference: item.reference,
        status: item.status as string,
        failureReason: item.failureReason,
      })),
    })),
  };
}

type RunFilesPage = Awaited<ReturnType<typeof loadRunFilesPage>>;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const runId = params.runId ?? "";
  const download = new URL(request.url).searchParams.get("download");
  if (download !== null) {
    const file = await downloadBankFile(db, shop, runId, download, readStaffActor(context), new Date());
    if (file === null) throw new Response("This bank file does not exist in this run. Reload the run's files page and download it from there.", { status: 404 });
    return new Response(file.content, {
      headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.fileName}"`, "Cache-Control": "no-store" },
    });
  }
  return Response.json(await loadRunFilesPage(shop, runId));
};

const markFormSchema = z.object({
  fileId: z.string().min(1, "Pick the file whose transfers you are marking."),
  outcome: z.string(),
  itemId: z.string().optional(),
  reason: z.string().optional(),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = Object.fromEntries([...(await request.formData()).entries()].filter(([, value]) => typeof value === "string"));
  const parsed = markFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false as const, message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  const result = await markBankFileItems({
    db, shop: context.session.shop, actor: readStaffActor(context), runId: params.runId ?? "", fileId: parsed.data.fileId,
    itemIds: parsed.data.itemId ? [parsed.data.itemId] : "all", outcome: parsed.data.outcome, reason: parsed.data.reason, now: new Date(),
  });
  if (!result.ok) return { ok: false as const, message: result.message };
  const words = parsed.data.outcome === "paid" ? "paid" : "failed";
  const marked = `${result.marked.length} transfer${result.marked.length === 1 ? "" : "s"} marked ${words}`;
  const skipped = result.skipped.length > 0 ? `; ${result.skipped.length} left as they were (${result.skipped.map((skip) => skip.why).join("; ")})` : "";
  return { ok: true as const, message: `${marked}${skipped}.` };
};

type FailTarget = { fileId: string; itemId: string | null; label: string };

export default function RunBankFiles() {
  const { runId, files } = useLoaderData() as RunFilesPage;
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [failing, setFailing] = useState<FailTarget | null>(null);
  const [reason, setReason] = useState("");
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [handled, setHandled] = useState<typeof fetcher.data>(undefined);
  if (fetcher.state === "idle" && fetcher.data?.ok && handled !== fetcher.data) {
    setHandled(fetcher.data);
    setFailing(null);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, shopify]);
  const busy = fetcher.state !== "idle";
  const markPaid = (fileId: string, itemId: string | null) => fetcher.submit({ fileId, outcome: "paid", ...(itemId ? { itemId } : {}) }, { method: "post" });

  return (
    <Page title="Bank files" subtitle={`Payout run ${runId}`} backAction={{ content: "Payout run", url: `/app/payouts/runs/${runId}` }}>
      <BlockStack gap="400">
        {downloadError ? (
          <Banner tone="critical" title="The download failed" onDismiss={() => setDownloadError(null)}>
            <Text as="p">{downloadError}</Text>
          </Banner>
        ) : null}
        {files.length === 0 ? (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                No bank files yet
              </Text>
              <Text as="p">A file appears here once the approved run hands its SEPA, Wise or CSV transfers over. Reload this page in a moment.</Text>
            </BlockStack>
          </Card>
        ) : null}
        {files.map((file) => (
          <Card key={file.id} padding="0">
            <BlockStack gap="200">
              <div style={{ padding: "var(--p-space-400)" }}>
                <BlockStack gap="200">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      {file.title}
                    </Text>
                    <InlineStack gap="200">
                      <Button
                        onClick={() => {
                          setDownloadError(null);
                          downloadCsv(`/app/payout-runs/${runId}/files?download=${encodeURIComponent(file.id)}`, file.fileName).catch((error: unknown) =>
                            setDownloadError(error instanceof Error ? error.message : "Reload the page and try again."),
                          );
                        }}
                      >
                        Download {file.fileName}
                      </Button>
                      <Button disabled={busy || file.awaiting === 0} onClick={() => markPaid(file.id, null)}>
                        Mark all paid
                      </Button>
                      <Button tone="critical" disabled={busy || file.awaiting === 0} onClick={() => { setReason(""); setFailing({ fileId: file.id, itemId: null, label: `all ${file.awaiting} transfers awaiting a mark in ${file.fileName}` }); }}>
                        Mark all failed…
                      </Button>
                    </InlineStack>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {file.itemCount} transfer{file.itemCount === 1 ? "" : "s"}, {file.total} · reference {file.reference} · made {file.createdAt} ·{" "}
                    {file.downloads === 0 ? "not downloaded yet" : `downloaded ${file.downloads}×, last ${file.lastDownloadedAt ?? ""}`}
                  </Text>
                  <Text as="p">
                    Upload the file to your bank or Wise. When they have paid (or rejected) a transfer, mark it here: a failed transfer&apos;s commissions
                    are owed to the creator again and go into the next run, with your reason shown to them.
                  </Text>
                </BlockStack>
              </div>
              <IndexTable
                resourceName={{ singular: "transfer", plural: "transfers" }}
                itemCount={file.items.length}
                selectable={false}
                headings={[{ title: "Creator" }, { title: "Amount", alignment: "end" }, { title: "Account" }, { title: "Reference" }, { title: "Status" }, { title: "Actions" }]}
              >
                {file.items.map((item, index) => {
                  const status = STATUS_WORDS[item.status] ?? { label: item.status, tone: undefined };
                  const open = item.status === "submitted" || item.status === "needs_review";
                  return (
                    <IndexTable.Row id={item.id} key={item.id} position={index}>
                      <IndexTable.Cell>{item.creatorName}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {item.amount}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{item.account}</IndexTable.Cell>
                      <IndexTable.Cell>{item.reference}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="100">
                          <Badge {...(status.tone ? { tone: status.tone } : {})}>{status.label}</Badge>
                          {item.failureReason ? <Text as="span" tone="critical">{item.failureReason}</Text> : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <InlineStack gap="200">
                          {open ? (
                            <Button size="slim" disabled={busy} onClick={() => markPaid(file.id, item.id)} accessibilityLabel={`Mark paid (${item.creatorName}'s transfer)`}>
                              Mark paid
                            </Button>
                          ) : null}
                          {open || item.status === "succeeded" ? (
                            <Button size="slim" tone="critical" disabled={busy} onClick={() => { setReason(""); setFailing({ fileId: file.id, itemId: item.id, label: `${item.creatorName}'s transfer of ${item.amount}` }); }} accessibilityLabel={`${item.status === "succeeded" ? "Returned…" : "Mark failed…"} (${item.creatorName}'s transfer)`}>
                              {item.status === "succeeded" ? "Returned…" : "Mark failed…"}
                            </Button>
                          ) : null}
                        </InlineStack>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            </BlockStack>
          </Card>
        ))}
      </BlockStack>
      <Modal
        open={failing !== null}
        onClose={() => setFailing(null)}
        title="Mark failed"
        primaryAction={{
          content: "Mark failed",
          destructive: true,
          loading: busy,
          onAction: () => {
            if (failing) fetcher.submit({ fileId: failing.fileId, outcome: "failed", reason, ...(failing.itemId ? { itemId: failing.itemId } : {}) }, { method: "post" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setFailing(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              Marking {failing?.label ?? "this transfer"} failed voids its payout: the commissions are owed to the creator again and go into the next
              run. The creator sees your reason.
            </Text>
            <TextField
              label="Reason"
              value={reason}
              onChange={setReason}
              autoComplete="off"
              maxLength={500}
              placeholder="Bank returned it: account closed"
              error={fetcher.data && !fetcher.data.ok ? fetcher.data.message : undefined}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Bank files" />;
}
