import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, IndexTable, InlineGrid, Page, Text } from "@shopify/polaris";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { describePayoutMethod } from "../domain/payouts";
import { findPayoutWithEntries } from "../repositories/payout-repository.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { describeActor } from "../components/merchant-words";
import { readStaffActor } from "../shopify/read-staff-actor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => documentTitle(data ? `Payout of ${data.payout.amount}` : "Payout");

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const found = await findPayoutWithEntries(db, shop, params.payoutId ?? "");
  if (found === null) throw new Response("This payout does not exist in this shop. Go back to Payouts and pick one from the history.", { status: 404 });
  const { payout, entries } = found;
  const [creator, orders, timeZone] = await Promise.all([
    db.creator.findFirst({ where: { shop, id: payout.creatorId }, select: { name: true, payoutEmail: true, email: true } }),
    db.attributedOrder.findMany({
      where: { shop, shopifyOrderId: { in: entries.map((entry) => entry.commission.shopifyOrderId) } },
      select: { id: true, shopifyOrderId: true, name: true },
    }),
    readShopTimeZone(db, shop),
  ]);
  const orderBy = new Map(orders.map((order) => [order.shopifyOrderId, order]));
  return {
    payout: {
      amount: formatMoney({ amountMinor: payout.amountMinor, currency: payout.currency }),
      method: describePayoutMethod(payout.method),
      reference: payout.reference,
      note: payout.note,
      createdBy: describeActor(payout.createdBy, { viewer: readStaffActor(context) }),
      createdAt: formatShopDateTime(payout.createdAt, timeZone),
      creatorName: creator?.name ?? "(deleted creator)",
      payTo: creator?.payoutEmail ?? creator?.email ?? null,
    },
    lines: entries.map((entry) => {
      const order = orderBy.get(entry.commission.shopifyOrderId);
      return {
        id: entry.id,
        orderId: order?.id ?? null,
        orderLabel: order?.name ?? entry.commission.shopifyOrderId.split("/").pop() ?? entry.commission.shopifyOrderId,
        amount: formatMoney({ amountMinor: entry.amountMinor, currency: entry.currency }),
        recovered: entry.amountMinor < 0n,
        note: entry.note,
        status: entry.commission.status,
      };
    }),
  };
};

export default function PayoutDetail() {
  const { payout, lines } = useLoaderData<typeof loader>();
  return (
    <Page title={`Payout of ${payout.amount}`} subtitle={`${payout.creatorName} · ${payout.createdAt}`} backAction={{ content: "Payouts", url: "/app/payouts" }}>
      <BlockStack gap="400">
        <Card>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            {[
              ["Paid to", `${payout.creatorName}${payout.payTo ? ` (${payout.payTo})` : ""}`],
              ["Method", payout.method],
              ["Reference", payout.reference ?? "—"],
              ["Recorded by", payout.createdBy],
              ["Note", payout.note ?? "—"],
            ].map(([label, value]) => (
              <BlockStack gap="100" key={label}>
                <Text as="span" tone="subdued">
                  {label}
                </Text>
                <Text as="span">{value}</Text>
              </BlockStack>
            ))}
          </InlineGrid>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "commission", plural: "commissions" }}
            itemCount={lines.length}
            selectable={false}
            headings={[{ title: "Order" }, { title: "Amount", alignment: "end" }, { title: "What" }, { title: "Commission now" }]}
          >
            {lines.map((line, index) => (
              <IndexTable.Row id={line.id} key={line.id} position={index}>
                <IndexTable.Cell>{line.orderId ? <RemixLink to={`/app/orders/${line.orderId}`}>{line.orderLabel}</RemixLink> : line.orderLabel}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric tone={line.recovered ? "critical" : undefined}>
                    {line.amount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{line.note}</IndexTable.Cell>
                <IndexTable.Cell>{line.status}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Payout" />;
}
