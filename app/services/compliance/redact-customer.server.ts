/**
 * customers/redact: erase one customer's personal data from a shop, keep the money.
 *
 * Orders, commissions and ledger rows stay (the merchant owes creators for those sales, and sums must keep adding
 * up); on them the customer becomes a stable pseudonym (see redact-customer-identity.server.ts) and every email
 * inside the attribution explanation is removed. The stored webhook deliveries about those orders, or naming the
 * customer, lose their personal fields. Lifetime referrals keep their creator but lose the customer's identity,
 * and data-request reports already assembled for the customer are emptied.
 *
 * A creator linked to this customer (Creator.shopifyCustomerId) is unlinked but not erased: the creator's name,
 * email and payout details were given to the merchant under the creator programme, not as a shopper, and are the
 * merchant's to delete (or go with shop/redact). Unlinking only drops the customer-id self-referral check for that
 * creator; the email check still applies.
 *
 * Idempotent: every write sets a value derived from the request alone, so a repeat writes the same values.
 */
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import type { Prisma } from "../../generated/prisma/client";
import type { WebhookPayload } from "../../webhooks/payload-schemas";
import {
  pseudonymise,
  pseudonymiseCustomerReferrals,
  pseudonymiseDataRequests,
  pseudonymiseOrderCustomers,
  readComplianceCustomer,
  type ComplianceCustomer,
} from "./redact-customer-identity.server";
import { scrubWebhookPayload } from "./redact-customer-webhook-payload.server";

type Tx = Prisma.TransactionClient;

export interface RedactCustomerResult {
  pseudonym: string;
  orders: number;
  webhookEvents: number;
  customerReferrals: number;
  dataRequests: number;
  creatorsUnlinked: number;
}

export async function redactCustomer(
  tx: Tx,
  shop: string,
  payload: WebhookPayload<"CUSTOMERS_REDACT">,
  key: string,
  now: Date,
): Promise<RedactCustomerResult> {
  const customer = readComplianceCustomer(payload.customer);
  const subject = customer.customerGid ?? customer.emailHash;
  const legacyOrderIds = (payload.orders_to_redact ?? []).map(String);
  if (subject === null && legacyOrderIds.length === 0) throw new Error("customers/redact names neither a customer id, an email nor any order: nothing can be matched.");
  // The audit row's subject: the customer's own pseudonym, or (Shopify sent only order ids) one for the request.
  const pseudonym = pseudonymise(key, shop, subject ?? `orders:${legacyOrderIds.join(",")}`);

  const orders = await findCustomerOrders(tx, shop, customer, legacyOrderIds);
  if (orders.length > 0) await pseudonymiseOrderCustomers(tx, shop, key, orders.map((order) => order.id));

  const webhookEvents = await scrubCustomerWebhookEvents(tx, shop, customer, [
    ...new Set([...legacyOrderIds, ...orders.map((order) => order.shopifyOrderLegacyId)]),
  ], orders.map((order) => order.shopifyOrderId));

  const customerIds = customer.customerGid === null ? [] : [customer.customerGid];
  const customerReferrals = customerIds.length === 0 ? 0 : await pseudonymiseCustomerReferrals(tx, shop, key, customerIds);
  const dataRequests = await pseudonymiseDataRequests(tx, shop, key, customer, now);
  const creatorsUnlinked = customerIds.length === 0 ? { count: 0 } : await tx.creator.updateMany({ where: { shop, shopifyCustomerId: { in: customerIds } }, data: { shopifyCustomerId: null } });

  const result = {
    pseudonym,
    orders: orders.length,
    webhookEvents,
    customerReferrals,
    dataRequests,
    creatorsUnlinked: creatorsUnlinked.count,
  };
  // The audit row names the pseudonym only: a record that the erasure happened, not of whom.
  await recordAuditEvent(tx, {
    shop,
    actor: "webhook",
    action: "customer.redacted",
    subjectType: "customer",
    subjectId: pseudonym,
    reason: "Shopify customers/redact request",
    details: { ...result, ordersRequested: legacyOrderIds.length },
  });
  return result;
}

function findCustomerOrders(tx: Tx, shop: string, customer: ComplianceCustomer, legacyOrderIds: string[]) {
  const matches: Prisma.AttributedOrderWhereInput[] = [];
  if (customer.customerGid) matches.push({ customerId: customer.customerGid });
  if (customer.emailHash) matches.push({ customerEmailHash: customer.emailHash });
  if (legacyOrderIds.length > 0) matches.push({ shopifyOrderLegacyId: { in: legacyOrderIds } });
  return tx.attributedOrder.findMany({ where: { shop, OR: matches }, select: { id: true, shopifyOrderId: true, shopifyOrderLegacyId: true } });
}

/**
 * Deliveries that name the customer (by id or email) or carry one of their orders or its refunds. Matched in SQL
 * on the payload's own fields; the scrub itself is done in code so each topic keeps a shape its schema accepts.
 */
async function scrubCustomerWebhookEvents(tx: Tx, shop: string, customer: ComplianceCustomer, legacyOrderIds: string[], orderGids: string[]): Promise<number> {
  const customerNumericId = customer.customerGid?.split("/").pop() ?? null;
  const rows = await tx.$queryRaw<{ id: string; topic: string; payload: unknown }[]>`
    SELECT "id", "topic", "payload" FROM "WebhookEvent"
    WHERE "shop" = ${shop} AND "payload" IS NOT NULL AND (
      ("payload"->'customer'->>'id') = ${customerNumericId}
      OR ("payload"->'customer'->>'admin_graphql_api_id') = ${customer.customerGid}
      OR lower("payload"->>'email') = ${customer.email}
      OR lower("payload"->>'contact_email') = ${customer.email}
      OR lower("payload"->'customer'->>'email') = ${customer.email}
      OR ("payload"->>'admin_graphql_api_id') = ANY(${orderGids}::text[])
      OR ("payload"->>'order_id') = ANY(${legacyOrderIds}::text[])
      OR ("payload"->>'id') = ANY(${legacyOrderIds}::text[]) AND "topic" LIKE 'ORDERS_%'
    )`;
  for (const row of rows) {
    await tx.webhookEvent.updateMany({
      where: { shop, id: row.id },
      data: { payload: scrubWebhookPayload(row.topic, row.payload) as Prisma.InputJsonValue },
    });
  }
  return rows.length;
}
