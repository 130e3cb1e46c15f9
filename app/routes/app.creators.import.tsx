import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DropZone,
  InlineStack,
  Layout,
  List,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { downloadCsv } from "../components/download-csv";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { OPTIONAL_IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS } from "../domain/creators";
import { findCreatorImport, readImportRowErrors, startCreatorImport } from "../services/creators/import-creators.server";
import { MAX_IMPORT_BYTES, readCreatorCsv } from "../services/creators/read-creator-csv.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { LabelledDataTable, WrappingCell } from "../components/labelled-data-table";

const TOO_LARGE = "The file is larger than 10 MB (413: too large). Split it into smaller files of up to 10 MB each and import them one after another.";
const CSV_TYPES = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "text/comma-separated-values", ""];

export const meta: MetaFunction = () => documentTitle("Import creators");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { importId } = z.object({ importId: z.string().max(64).optional().catch(undefined) }).parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!importId) return { run: null };
  const found = await findCreatorImport(db, session.shop, importId);
  if (!found) return { run: null };
  return {
    run: {
      id: found.id,
      fileName: found.fileName,
      status: found.status,
      totalRows: found.totalRows,
      processedRows: found.processedRows,
      createdCount: found.createdCount,
      unchangedCount: found.unchangedCount,
      rowErrors: readImportRowErrors(found.rowErrors),
    },
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  // Multipart adds a little around the file; refuse before reading anything clearly too large.
  if (declared > MAX_IMPORT_BYTES + 64 * 1024) return data({ error: TOO_LARGE }, { status: 413 });
  const shop = await loadShop(db, context.session.shop, context.admin);
  const file = (await request.formData()).get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data({ error: "Choose a CSV file to import (it was missing or empty)." }, { status: 400 });
  }
  if (file.size > MAX_IMPORT_BYTES) return data({ error: TOO_LARGE }, { status: 413 });
  if (!file.name.toLowerCase().endsWith(".csv") || !CSV_TYPES.includes(file.type)) {
    return data({
      error: `${file.name} is not a CSV file. In your spreadsheet app choose File › Download (or Save as) › "CSV UTF-8", then upload that file.`,
    }, { status: 415 });
  }
  const parsed = await readCreatorCsv(Readable.fromWeb(file.stream() as unknown as NodeReadableStream<Uint8Array>));
  if (!parsed.ok) return data({ error: parsed.message }, { status: 422 });
  if (parsed.records.length + parsed.rowErrors.length === 0) {
    return data({ error: "The file has a header row but no creators. Add one row per creator under the header." }, { status: 422 });
  }
  const actor = readStaffActor(context);
  // The rows are stored with the import; the background job imports them (resuming after a restart) and the page
  // polls the CreatorImport row for progress (app/jobs/start-creator-import-job.server.ts).
  const started = await startCreatorImport(db, { shop: shop.shop, actor, fileName: file.name, file: parsed, currency: shop.currencyCode });
  return context.redirect(`/app/creators/import?importId=${started.id}`);
};

export default function ImportCreators() {
  const { run } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const revalidator = useRevalidator();
  const shopify = useAppBridge();
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const uploading = navigation.state === "submitting";
  const running = run?.status === "running";

  // While the import runs, reload its progress every second.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const finished = run?.status === "completed";
  useEffect(() => {
    if (finished && run) shopify.toast.show(`Import finished: ${run.createdCount} created`);
  }, [finished, run?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  function upload() {
    if (!file) return setClientError("Choose a CSV file first.");
    if (file.size > 10 * 1024 * 1024) return setClientError(TOO_LARGE);
    const form = new FormData();
    form.set("file", file);
    setClientError(null);
    submit(form, { method: "post", encType: "multipart/form-data" });
  }

  const error = clientError ?? actionData?.error ?? null;
  const percent = run && run.totalRows > 0 ? Math.round((run.processedRows / run.totalRows) * 100) : 0;

  return (
    <Page title="Import creators" backAction={{ content: "Creators", url: "/app/creators" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {error ? (
              <Banner tone="critical" title="The file was not imported">
                <Text as="p">{error}</Text>
              </Banner>
            ) : null}
            {run ? (
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      {running ? `Importing ${run.fileName}…` : run.status === "failed" ? `Import of ${run.fileName} stopped` : `Imported ${run.fileName}`}
                    </Text>
                    <Text as="span" tone="subdued">
                      {run.processedRows} of {run.totalRows} rows
                    </Text>
                  </InlineStack>
                  {running ? (
                    <Text as="p" tone="subdued">
                      You can leave this page: the import carries on in the background, and continues where it stopped if the app restarts.
                    </Text>
                  ) : null}
                  <ProgressBar progress={percent} tone={run.status === "failed" ? "critical" : "primary"} animated={running} />
                  {!running ? (
                    <BlockStack gap="200">
                      <InlineStack gap="800">
                        <BlockStack>
                          <Text as="p" variant="headingLg">
                            {run.createdCount}
                          </Text>
                          <Text as="p" tone="subdued">
                            created
                          </Text>
                        </BlockStack>
                        <BlockStack>
                          <Text as="p" variant="headingLg">
                            {run.unchangedCount}
                          </Text>
                          <Text as="p" tone="subdued">
                            unchanged (already creators)
                          </Text>
                        </BlockStack>
                        <BlockStack>
                          <Text as="p" variant="headingLg" tone={run.rowErrors.length ? "critical" : undefined}>
                            {run.rowErrors.filter((rowError) => rowError.row > 0).length}
                          </Text>
                          <Text as="p" tone="subdued">
                            rows with problems
                          </Text>
                        </BlockStack>
                      </InlineStack>
                      {run.rowErrors.length > 0 ? (
                        <BlockStack gap="200">
                          <Text as="p">Fix these rows in your file and import it again: rows already imported are left unchanged.</Text>
                          <LabelledDataTable
                            label="Rows with problems"
                            columnContentTypes={["numeric", "text"]}
                            headings={["Row", "Problem"]}
                            rows={run.rowErrors.slice(0, 50).map((rowError) => [rowError.row || "—", <WrappingCell key="reason">{rowError.reason}</WrappingCell>])}
                            footerContent={run.rowErrors.length > 50 ? `Showing 50 of ${run.rowErrors.length}; download the CSV for all.` : undefined}
                          />
                          {downloadError ? (
                            <Banner tone="critical" onDismiss={() => setDownloadError(null)}>
                              <Text as="p">{downloadError}</Text>
                            </Banner>
                          ) : null}
                          <InlineStack>
                            <Button
                              onClick={() =>
                                void downloadCsv(`/app/creator-import-errors/${run.id}`, "import-problems.csv").catch((failure: unknown) =>
                                  setDownloadError(failure instanceof Error ? failure.message : String(failure)),
                                )
                              }
                            >
                              Download rows with problems (CSV)
                            </Button>
                          </InlineStack>
                        </BlockStack>
                      ) : null}
                      <InlineStack gap="200">
                        <Button url="/app/creators" variant="primary">
                          View creators
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {run ? "Import another file" : "Upload a CSV"}
                </Text>
                <DropZone
                  accept=".csv,text/csv"
                  type="file"
                  allowMultiple={false}
                  label="CSV file (up to 10 MB)"
                  onDrop={(_files, accepted, rejected) => {
                    setClientError(rejected.length > 0 ? `${rejected[0]?.name} is not a CSV file. Export your sheet as "CSV UTF-8" and try again.` : null);
                    setFile(accepted[0] ?? null);
                  }}
                >
                  {file ? (
                    <BlockStack inlineAlign="center" gap="100">
                      <Text as="p" alignment="center">
                        {file.name} · {(file.size / 1024).toFixed(0)} KB
                      </Text>
                    </BlockStack>
                  ) : (
                    <DropZone.FileUpload actionTitle="Choose a CSV file" actionHint="or drop it here" />
                  )}
                </DropZone>
                <InlineStack align="end">
                  <Button variant="primary" onClick={upload} loading={uploading} disabled={!file || running}>
                    Import creators
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                File format
              </Text>
              <Text as="p">The first row names the columns. Required: {REQUIRED_IMPORT_COLUMNS.join(", ")}.</Text>
              <Text as="p">Optional: {OPTIONAL_IMPORT_COLUMNS.join(", ")}.</Text>
              <List>
                <List.Item>status: invited (default), applied, approved, paused or rejected. No emails are sent for imported creators.</List.Item>
                <List.Item>commission_percent like 12.5, or commission_flat in your store currency like 5.00; not both.</List.Item>
                <List.Item>handle is suggested from the name when empty.</List.Item>
                <List.Item>code is recorded in the creator's history for you to create from their page (Discount codes card); nothing is created in Shopify during the import.</List.Item>
                <List.Item>Importing the same file again is safe: existing creators (same email) are left unchanged.</List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Import creators" />;
}
