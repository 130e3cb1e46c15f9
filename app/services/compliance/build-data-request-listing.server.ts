/**
 * What the Privacy page lists: customers' data requests (newest first) and the redactions Shopify asked for,
 * read from DataRequest rows and the audit trail the compliance handlers write. Scoped by shop; bounded lists.
 */
import type { Database } from "../../db.server";

const LIST_LIMIT = 100;

export interface PrivacyListing {
  dataRequests: { id: string; createdAt: string; requestId: string | null; customer: string; orders: number; redacted: boolean }[];
  redactions: { id: string; createdAt: string; kind: "customer" | "shop"; subject: string; summary: string }[];
}

export async function buildPrivacyListing(db: Database, shop: string): Promise<PrivacyListing> {
  const [requests, audits] = await Promise.all([
    db.dataRequest.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: LIST_LIMIT }),
    db.auditEvent.findMany({ where: { shop, action: { in: ["customer.redacted", "shop.redacted"] } }, orderBy: { createdAt: "desc" }, take: LIST_LIMIT }),
  ]);
  // The customer's email as Shopify sent it with the request (customers/data_request carries customer.email): the
  // name the merchant knows the customer by, where Affable itself keeps only a Shopify id and an email hash.
  const deliveries = await db.webhookEvent.findMany({
    where: { shop, id: { in: requests.map((request) => request.webhookEventId) } },
    select: { id: true, payload: true },
  });
  const emails = new Map(deliveries.map((delivery) => [delivery.id, readCustomerEmail(delivery.payload)]));
  return {
    dataRequests: requests.map((request) => {
      const report = (request.report ?? {}) as { orders?: unknown[]; redacted?: boolean };
      const email = report.redacted === true ? null : (emails.get(request.webhookEventId) ?? null);
      return {
        id: request.id,
        createdAt: request.createdAt.toISOString(),
        requestId: request.requestId,
        customer: email ?? (report.redacted === true ? "A customer (since erased)" : "A customer (open the report for details)"),
        orders: Array.isArray(report.orders) ? report.orders.length : 0,
        redacted: report.redacted === true,
      };
    }),
    redactions: audits.map((audit) => ({
      id: audit.id,
      createdAt: audit.createdAt.toISOString(),
      kind: audit.action === "shop.redacted" ? "shop" : "customer",
      // Who was erased is, by design, no longer known: the row says what was done, not to whom.
      subject: audit.action === "shop.redacted" ? "Whole shop" : "A customer",
      summary: summariseCounts(audit.details),
    })),
  };
}

function readCustomerEmail(payload: unknown): string | null {
  const customer = payload !== null && typeof payload === "object" ? (payload as { customer?: { email?: unknown } }).customer : undefined;
  return typeof customer?.email === "string" && customer.email !== "" ? customer.email : null;
}

function summariseCounts(details: unknown): string {
  if (details === null || typeof details !== "object") return "";
  return Object.entries(details)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .map(([key, count]) => `${count} ${key.replace(/([A-Z])/g, " $1").toLowerCase()}`)
    .join(", ");
}
