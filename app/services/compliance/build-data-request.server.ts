/**
 * customers/data_request: everything Affable holds about one customer, assembled into a DataRequest row that the
 * merchant downloads from Privacy (app.privacy.tsx) and sends on. Shopify does not collect the answer; the
 * merchant has 30 days to provide it.
 *
 * What counts as "about the customer": orders they placed (by customer id, email hash, or named in
 * orders_requested) with the attribution decision, commissions and ledger rows earned on those orders, lifetime
 * referrals linking them to a creator, and their creator record when the customer is also a creator (linked by
 * customer id or the same email). Amounts are strings of minor units, so no figure passes through a float.
 *
 * One row per webhook delivery (unique (shop, webhookEventId)): a replayed or retried event finds its row and
 * does not add a second.
 */
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import type { Prisma } from "../../generated/prisma/client";
import type { WebhookPayload } from "../../webhooks/payload-schemas";
import { readComplianceCustomer, type ComplianceCustomer } from "./redact-customer-identity.server";

type Tx = Prisma.TransactionClient;

export const DATA_REQUEST_REPORT_VERSION = 1;

export async function buildDataRequest(
  tx: Tx,
  shop: string,
  webhookEventId: string,
  payload: WebhookPayload<"CUSTOMERS_DATA_REQUEST">,
  now: Date,
): Promise<{ id: string; created: boolean; orders: number }> {
  const customer = readComplianceCustomer(payload.customer);
  const report = await assembleReport(tx, shop, customer, (payload.orders_requested ?? []).map(String), now);
  // ON CONFLICT DO NOTHING on (shop, webhookEventId): a retry or replay of the delivery keeps the first report.
  const inserted = await tx.dataRequest.createMany({
    data: {
      shop,
      shopifyCustomerId: customer.customerGid,
      customerEmailHash: customer.emailHash,
      requestId: payload.data_request ? String(payload.data_request.id) : null,
      report: report as unknown as Prisma.InputJsonValue,
      webhookEventId,
      createdAt: now,
    },
    skipDuplicates: true,
  });
  const row = await tx.dataRequest.findUniqueOrThrow({ where: { shop_webhookEventId: { shop, webhookEventId } }, select: { id: true } });
  const created = inserted.count === 1;
  if (created) {
    await recordAuditEvent(tx, {
      shop,
      actor: "webhook",
      action: "data_request.created",
      subjectType: "data_request",
      subjectId: row.id,
      reason: "Shopify customers/data_request",
      details: { orders: report.orders.length, commissions: report.commissions.length, creator: report.creator !== null },
    });
  }
  return { id: row.id, created, orders: report.orders.length };
}

export interface DataRequestReport {
  version: number;
  generatedAt: string;
  shop: string;
  customer: { shopifyCustomerId: string | null; emailHash: string | null; email: string | null };
  ordersRequested: string[];
  orders: Record<string, unknown>[];
  commissions: Record<string, unknown>[];
  customerReferrals: Record<string, unknown>[];
  creator: Record<string, unknown> | null;
  notes: string[];
}

async function assembleReport(tx: Tx, shop: string, customer: ComplianceCustomer, ordersRequested: string[], now: Date): Promise<DataRequestReport> {
  const orderMatches: Prisma.AttributedOrderWhereInput[] = [];
  if (customer.customerGid) orderMatches.push({ customerId: customer.customerGid });
  if (customer.emailHash) orderMatches.push({ customerEmailHash: customer.emailHash });
  if (ordersRequested.length > 0) orderMatches.push({ shopifyOrderLegacyId: { in: ordersRequested } });
  const orders = orderMatches.length === 0 ? [] : await tx.attributedOrder.findMany({ where: { shop, OR: orderMatches }, orderBy: { orderCreatedAt: "asc" } });
  const orderIds = orders.map((order) => order.shopifyOrderId);
  const commissions = orderIds.length === 0 ? [] : await tx.commission.findMany({
    where: { shop, shopifyOrderId: { in: orderIds } },
    include: { entries: { orderBy: { createdAt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
  const customerReferrals = customer.customerGid === null ? [] : await tx.customerReferral.findMany({ where: { shop, customerId: customer.customerGid } });
  const creatorMatches: Prisma.CreatorWhereInput[] = [];
  if (customer.customerGid) creatorMatches.push({ shopifyCustomerId: customer.customerGid });
  if (customer.email) creatorMatches.push({ email: { equals: customer.email, mode: "insensitive" } });
  const creator = creatorMatches.length === 0 ? null : await tx.creator.findFirst({
    where: { shop, OR: creatorMatches },
    include: { codes: { select: { code: true, status: true, createdAt: true } }, links: { select: { path: true, createdAt: true } }, applications: { select: { answers: true, status: true, createdAt: true } } },
  });

  return {
    version: DATA_REQUEST_REPORT_VERSION,
    generatedAt: now.toISOString(),
    shop,
    customer: { shopifyCustomerId: customer.customerGid, emailHash: customer.emailHash, email: customer.email },
    ordersRequested,
    orders: orders.map((order) => toPlainJson({
      shopifyOrderId: order.shopifyOrderId,
      name: order.name,
      orderCreatedAt: order.orderCreatedAt,
      currency: order.currency,
      commissionableBaseMinor: order.baseMinor,
      status: order.status,
      creatorId: order.creatorId,
      attribution: order.attribution,
      customerId: order.customerId,
      customerEmailHash: order.customerEmailHash,
      // Which keyed hashes of risk signals the order keeps (never the values, which Affable does not store).
      riskSignals: {
        hashedEmail: order.customerEmailKey !== null,
        hashedPhone: order.customerPhoneKey !== null,
        hashedShippingAddress: order.shippingAddressKey !== null,
        hashedBrowserIp: order.browserIpHash !== null,
        hashedUserAgent: order.userAgentHash !== null,
        referringDomain: order.referringDomain,
        adClickIds: order.adClickIds,
      },
      test: order.test,
      source: order.source,
      cancelledAt: order.cancelledAt,
    })),
    commissions: commissions.map((commission) => toPlainJson({
      shopifyOrderId: commission.shopifyOrderId,
      creatorId: commission.creatorId,
      status: commission.status,
      currency: commission.currency,
      netMinor: commission.netMinor,
      entries: commission.entries.map((entry) => ({ kind: entry.kind, amountMinor: entry.amountMinor, createdAt: entry.createdAt, note: entry.note })),
    })),
    customerReferrals: customerReferrals.map((referral) => toPlainJson({ creatorId: referral.creatorId, source: referral.source, createdAt: referral.createdAt })),
    creator: creator === null ? null : toPlainJson({
      id: creator.id,
      handle: creator.handle,
      name: creator.name,
      email: creator.email,
      payoutEmail: creator.payoutEmail,
      socialHandles: creator.socialHandles,
      status: creator.status,
      createdAt: creator.createdAt,
      codes: creator.codes,
      links: creator.links,
      applications: creator.applications,
    }),
    notes: [
      "Affable stores a SHA-256 hash of the customer's email on orders, never the address itself.",
      "For fraud checks (a creator buying through their own link or code), orders may keep keyed, irreversible hashes of the customer's normalised email, phone, shipping address, browser IP address and browser user agent; riskSignals says which exist for each order. The values themselves are not stored.",
      "Order webhooks received from Shopify are kept for processing and troubleshooting; their contents are Shopify's own order data, which Shopify provides separately.",
    ],
  };
}

/** Dates as ISO strings, bigints (money in minor units) as decimal strings. */
function toPlainJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item))) as Record<string, unknown>;
}
