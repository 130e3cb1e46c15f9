/**
 * What the Privacy page lists: customers' data requests (newest first) and the redactions Shopify asked for,
 * read from DataRequest rows and the audit trail the compliance handlers write. Scoped by shop; bounded lists.
 */
import type { Database } from "../db.server";

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
  return {
    dataRequests: requests.map((request) => {
      const report = (request.report ?? {}) as { orders?: unknown[]; redacted?: boolean };
      return {
        id: request.id,
        createdAt: request.createdAt.toISOString(),
        requestId: request.requestId,
        customer: request.shopifyCustomerId ?? (request.customerEmailHash ? `email hash ${request.customerEmailHash.slice(0, 12)}…` : "unknown"),
        orders: Array.isArray(report.orders) ? report.orders.length : 0,
        redacted: report.redacted === true,
      };
    }),
    redactions: audits.map((audit) => ({
      id: audit.id,
      createdAt: audit.createdAt.toISOString(),
      kind: audit.action === "shop.redacted" ? "shop" : "customer",
      subject: audit.action === "shop.redacted" ? "Whole shop" : `${audit.subjectId.slice(0, 21)}…`,
      summary: summariseCounts(audit.details),
    })),
  };
}

function summariseCounts(details: unknown): string {
  if (details === null || typeof details !== "object") return "";
  return Object.entries(details)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .map(([key, count]) => `${count} ${key.replace(/([A-Z])/g, " $1").toLowerCase()}`)
    .join(", ");
}
