import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { buildPrivacyListing } from "../services/compliance/build-data-request-listing.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";

export const meta: MetaFunction = () => documentTitle("Privacy");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [listing, timeZone] = await Promise.all([buildPrivacyListing(db, session.shop), readShopTimeZone(db, session.shop)]);
  return { ...listing, timeZone };
};

export default function PrivacyPage() {
  const { dataRequests, redactions, timeZone } = useLoaderData<typeof loader>();
  const formatTime = (iso: string) => formatShopDateTime(iso, timeZone);
  return (
    <Page title="Privacy" subtitle="Customer data requests and redactions Shopify sent on your customers' behalf.">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="200">
              <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
                <Text as="h2" variant="headingSm">
                  Data requests
                </Text>
                <Text as="p" tone="subdued">
                  Download a request and send the file to the customer within 30 days of the request.
                </Text>
              </div>
              {dataRequests.length === 0 ? (
                <EmptyState heading="No data requests yet" image="">
                  <p>When a customer asks your store for their data, Shopify tells Affable and the report appears here.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "data request", plural: "data requests" }}
                  itemCount={dataRequests.length}
                  selectable={false}
                  headings={[{ title: "Received" }, { title: "Customer" }, { title: "Orders" }, { title: "Report" }]}
                >
                  {dataRequests.map((request, index) => (
                    <IndexTable.Row id={request.id} key={request.id} position={index}>
                      <IndexTable.Cell>{formatTime(request.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{request.customer}</IndexTable.Cell>
                      <IndexTable.Cell>{request.orders}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {request.redacted ? (
                          <Badge>Erased (customer redacted)</Badge>
                        ) : (
                          <Button url={`/app/privacy/${request.id}`} target="_self" download>
                            Download JSON
                          </Button>
                        )}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="200">
              <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
                <Text as="h2" variant="headingSm">
                  Redactions
                </Text>
                <Text as="p" tone="subdued">
                  Personal data erased on request. Orders and commissions stay, with the customer replaced by a pseudonym, so
                  balances and payouts still add up.
                </Text>
              </div>
              {redactions.length === 0 ? (
                <EmptyState heading="No redactions yet" image="">
                  <p>Nothing has been erased. Shopify sends redaction requests when a customer asks to be forgotten.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "redaction", plural: "redactions" }}
                  itemCount={redactions.length}
                  selectable={false}
                  headings={[{ title: "Done" }, { title: "Who" }, { title: "What changed" }]}
                >
                  {redactions.map((redaction, index) => (
                    <IndexTable.Row id={redaction.id} key={redaction.id} position={index}>
                      <IndexTable.Cell>{formatTime(redaction.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{redaction.subject}</IndexTable.Cell>
                      <IndexTable.Cell>{redaction.summary}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Privacy" />;
}
