/**
 * Who a compliance webhook is about, and the stable pseudonym that replaces them in the money records.
 *
 * The pseudonym is a keyed SHA-256 (the app's secret, the shop and the customer) rather than a plain hash: customer
 * ids are sequential and emails guessable, so an unkeyed hash could be reversed by trying them all. It is stable,
 * so pseudonymised orders of one customer still group together (repeat-customer counts, self-referral history),
 * and redacting twice writes the same values (idempotent). shop/redact computes the very same value in SQL
 * (pseudonymSql below), so both redactions agree.
 */
import { createHash } from "node:crypto";
import { env } from "../env.server";
import { deriveKey } from "../security/derive-key.server";
import type { Prisma } from "../generated/prisma/client";

export const REDACTED_PREFIX = "redacted:";
/** What replaces an email address found inside free text or JSON. */
export const REDACTED_EMAIL = "[redacted email]";
/** POSIX and JS agree on this pattern, so the SQL scrub (regexp_replace) and the JS scrub remove the same text. */
export const EMAIL_PATTERN_SOURCE = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

export interface ComplianceCustomer {
  /** gid://shopify/Customer/<id>, as AttributedOrder.customerId stores it; null when Shopify sent only an email. */
  customerGid: string | null;
  /** SHA-256 of the trimmed, lower-cased email, as AttributedOrder.customerEmailHash stores it. */
  emailHash: string | null;
  email: string | null;
}

export function readComplianceCustomer(customer: { id?: number | null; email?: string | null }): ComplianceCustomer {
  const email = customer.email?.trim() ? customer.email.trim().toLowerCase() : null;
  return {
    customerGid: customer.id ? `gid://shopify/Customer/${customer.id}` : null,
    emailHash: email === null ? null : hashEmail(email),
    email,
  };
}

export function hashEmail(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

/** The key derived for pseudonyms keys every pseudonym; read when a redaction runs (the environment is validated at boot). */
export function readPseudonymKey(): string {
  return deriveKey("pseudonym", env().SHOPIFY_API_SECRET).toString("hex");
}

/** "redacted:<hex>": sha256(key ":" shop ":" subject), where subject is a customer gid or an email hash. */
export function pseudonymise(key: string, shop: string, subject: string): string {
  return REDACTED_PREFIX + createHash("sha256").update(`${key}:${shop}:${subject}`).digest("hex");
}

/** Replaces every email address inside a JSON value's strings (keys included) with REDACTED_EMAIL. */
export function scrubEmails<T>(value: T): T {
  const pattern = new RegExp(EMAIL_PATTERN_SOURCE, "g");
  const visit = (item: unknown): unknown => {
    if (typeof item === "string") return item.replace(pattern, REDACTED_EMAIL);
    if (Array.isArray(item)) return item.map(visit);
    if (item !== null && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [visit(key), visit(child)]));
    }
    return item;
  };
  return visit(value) as T;
}

/** SQL for pseudonymise() of a column's value; $1 is the key and $2 the shop. Built from constants only. */
function pseudonymSql(column: string): string {
  return `CASE WHEN "${column}" IS NULL OR "${column}" LIKE '${REDACTED_PREFIX}%' THEN "${column}"
    ELSE '${REDACTED_PREFIX}' || encode(sha256(convert_to($1 || ':' || $2 || ':' || "${column}", 'UTF8')), 'hex') END`;
}

/**
 * Replaces customer ids and email hashes on a shop's orders (all of them, or the given row ids) with their
 * pseudonyms, and removes email addresses from the attribution explanation (a self-referral reason quotes one).
 * Set-based, so shop/redact fits in one transaction; already pseudonymised values are left as they are.
 */
export function pseudonymiseOrderCustomers(tx: Prisma.TransactionClient, shop: string, key: string, orderIds: readonly string[] | null): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE "AttributedOrder" SET
       "customerId" = ${pseudonymSql("customerId")},
       "customerEmailHash" = ${pseudonymSql("customerEmailHash")},
       "attribution" = regexp_replace("attribution"::text, $3, $4, 'g')::jsonb
     WHERE "shop" = $2 AND ($5::text[] IS NULL OR "id" = ANY($5::text[]))`,
    key,
    shop,
    EMAIL_PATTERN_SOURCE,
    REDACTED_EMAIL,
    orderIds === null ? null : [...orderIds],
  );
}

/** Lifetime referrals keep their creator; the customer becomes the same pseudonym as on their orders. */
export function pseudonymiseCustomerReferrals(tx: Prisma.TransactionClient, shop: string, key: string, customerIds: readonly string[] | null): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE "CustomerReferral" SET "customerId" = ${pseudonymSql("customerId")}
     WHERE "shop" = $2 AND ($3::text[] IS NULL OR "customerId" = ANY($3::text[]))`,
    key,
    shop,
    customerIds === null ? null : [...customerIds],
  );
}

/** Data-request reports about the customer are emptied; the row stays as the record that a request was answered. */
export function pseudonymiseDataRequests(tx: Prisma.TransactionClient, shop: string, key: string, customer: ComplianceCustomer, now: Date): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE "DataRequest" SET
       "shopifyCustomerId" = ${pseudonymSql("shopifyCustomerId")},
       "customerEmailHash" = ${pseudonymSql("customerEmailHash")},
       "report" = jsonb_build_object('redacted', true, 'redactedAt', $5::text)
     WHERE "shop" = $2 AND ("shopifyCustomerId" = $3 OR "customerEmailHash" = $4)`,
    key,
    shop,
    customer.customerGid,
    customer.emailHash,
    now.toISOString(),
  );
}
