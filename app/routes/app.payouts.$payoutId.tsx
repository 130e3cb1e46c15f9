import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Card, FormLayout, IndexTable, InlineGrid, Modal, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatMoney } from "../domain/money";
import { choosePaypalAddress, describePayoutMethod, PAYPAL_ADDRESS_SOURCE_LABELS, type PaypalAddress } from "../domain/payouts";
import { describePayoutDestination } from "../email/send-payout-statement-email.server";
import { findPayoutWithEntries } from "../repositories/payout-repository.server";
import { voidPayout } from "../services/payouts/void-payout.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { describeActor } from "../components/merchant-words";

export const meta: MetaFunction<typeof loader> = ({ data }) => documentTitle(data ? `Payout of ${data.payout.amount}` : "Payout");

const describePaypalAddress = (address: PaypalAddress | null) => (address ? `${address.email}, ${PAYPAL_ADDRESS_SOURCE_LABELS[address.source]}` : null);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const found = await findPayoutWithEntries(db, shop, params.payoutId ?? "");
  if (found === null) throw new Response("This payout does not exist in this shop. Go back to Payouts and pick one from the history.", { status: 404 });
  const { payout, entries } = found;
  const [creator, profile, runItem, orders, timeZone] = await Promise.all([
    db.creator.findFirst({ where: { shop, id: payout.creatorId }, select: { name: true, payoutEmail: true, email: true } }),
    db.creatorPayoutProfile.findUnique({ where: { shop_creatorId: { shop, creatorId: payout.creatorId } }, select: { paypalEmail: true } }),
    payout.runItemId === null ? null : db.payoutRunItem.findFirst({ where: { shop, id: payout.runItemId }, select: { destination: true } }),
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
      // A run's payout went where its item says; one recorded by hand shows the address by the same rule as the form.
      payTo: runItem
        ? describePayoutDestination(runItem.destination)
        : describePaypalAddress(choosePaypalAddress({ confirmedPaypalEmail: profile?.paypalEmail ?? null, payoutEmail: creator?.payoutEmail ?? null, contactEmail: creator?.email ?? null }, "manual")),
      voidedAt: payout.voidedAt === null ? null : formatShopDateTime(payout.voidedAt, timeZone),
      voidedBy: payout.voidedBy === null ? null : describeActor(payout.voidedBy, { viewer: readStaffActor(context) }),
      voidReason: payout.voidReason,
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

/** Void: the reason is checked by the service (voidReasonSchema), which answers 400 with a message naming it. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = await request.formData();
  const reason = form.get("reason");
  const result = await voidPayout({
    db, shop: context.session.shop, actor: readStaffActor(context), payoutId: params.payoutId ?? "", reason: typeof reason === "string" ? reason : "", now: new Date(),
  });
  if (!result.ok) return { ok: false as const, message: result.message };
  return { ok: true as const, message: `Payout voided: ${result.commissionIds.length} commission${result.commissionIds.length === 1 ? " is" : "s are"} owed again.` };
};

export default function PayoutDetail() {
  const { payout, lines } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState("");
  const [handled, setHandled] = useState<typeof fetcher.data>(undefined);
  if (fetcher.state === "idle" && fetcher.data?.ok && handled !== fetcher.data) {
    setHandled(fetcher.data);
    setVoiding(false);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, shopify]);
  return (
    <Page
      title={`Payout of ${payout.amount}`}
      subtitle={`${payout.creatorName} · ${payout.createdAt}`}
      titleMetadata={payout.voidedAt ? <Badge tone="critical">Voided</Badge> : undefined}
      backAction={{ content: "Payouts", url: "/app/payouts" }}
      secondaryActions={payout.voidedAt ? [] : [{ content: "Void payout", destructive: true, onAction: () => { setReason(""); setVoiding(true); } }]}
    >
      <BlockStack gap="400">
        {payout.voidedAt ? (
          <Banner tone="warning" title="This payout was voided">
            <Text as="p">
              Voided by {payout.voidedBy ?? "a staff member"} on {payout.voidedAt}: {payout.voidReason}. The commissions it paid are owed
              again; record a new payout once you have paid the creator.
            </Text>
          </Banner>
        ) : null}
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
      <Modal
        open={voiding}
        onClose={() => setVoiding(false)}
        title="Void this payout?"
        primaryAction={{
          content: "Void payout",
          destructive: true,
          loading: fetcher.state !== "idle",
          disabled: reason.trim() === "",
          onAction: () => fetcher.submit({ reason }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setVoiding(false) }]}
      >
        <Modal.Section>
          <FormLayout>
            <Text as="p">
              Use this when the payout was recorded by mistake (wrong creator, wrong amount, never sent). Its {lines.length} commission
              {lines.length === 1 ? "" : "s"} ({payout.amount}) will be owed to {payout.creatorName} again. The payout stays in the history, marked voided.
            </Text>
            {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
              <Banner tone="critical">
                <Text as="p">{fetcher.data.message}</Text>
              </Banner>
            ) : null}
            <TextField label="Reason" helpText="Required. Kept in the audit trail." value={reason} onChange={setReason} autoComplete="off" multiline={2} maxLength={500} requiredIndicator />
          </FormLayout>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Payout" />;
}
