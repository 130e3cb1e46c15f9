/**
 * Who a compliance webhook is about, and the stable pseudonym that replaces them in the money records.
 *
 * The pseudonym is a keyed SHA-256 (the app's secret, the shop and the customer) rather than a plain hash: customer
 * ids are sequential and emails guessable, so an unkeyed hash could be reversed by trying them all. It is stable,
 * so pseudonymised orders of one customer still group together (repeat-customer counts, self-referral history),
 * and redacting twice writes the same values (idempotent). shop/redact computes the very same value in SQL
 * (pseudonymSql below), so both redactions agree.
 */
import { createHash, createHmac } from "node:crypto";
import { env } from "../../env.server";
import { deriveKey } from "../../security/derive-key.server";
import type { Prisma } from "../../generated/prisma/client";

export const REDACTED_PREFIX = "redacted:";
/** What replaces an email address found inside free text or JSON. */
export const REDACTED_EMAIL = "[redacted email]";
/** POSIX and JS agree on this pattern, so the SQL scrub (regexp_replace) and the JS scrub remove the same text. */
export const EMAIL_PATTERN_SOURCE = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

export interface ComplianceCustomer {
  /** gid://shopify/Customer/<id>, as AttributedOrder.customerId stores it; null when Shopify sent only an email. */
  customerGid: string | null;
  /** hashEmail() of the email, as AttributedOrder.customerEmailHash and DataRequest.customerEmailHash store it. */
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

/** Marks the keyed hash; a stored 64-hex value without it is a legacy bare SHA-256 (see upgradeLegacyEmailHash). */
export const EMAIL_HASH_PREFIX = "h1:";

/**
 * The key of customer email hashes: HKDF-SHA256 of EMAIL_HASH_KEY when set, else of the app secret, bound to this
 * one purpose by its `info`, so the same secret never keys two different things directly.
 */
export function deriveEmailHashKey(secret: string): Uint8Array {
  return new Uint8Array(deriveKey("customer-email-hash", secret));
}

/**
 * THE email hasher (orders, compliance requests, redaction matching all use it): "h1:" + HMAC-SHA256(key, SHA-256
 * of the trimmed, lower-cased email). A bare SHA-256 of an email is reversed by hashing a list of likely addresses;
 * the key stops that. The inner SHA-256 is what rows written before the key existed stored, so those rows can be
 * upgraded in place without the email (upgradeLegacyEmailHash); it is never stored on its own any more.
 */
export function hashEmailWithKey(key: Uint8Array, email: string): string {
  return upgradeLegacyEmailHash(key, createHash("sha256").update(email.trim().toLowerCase()).digest("hex"));
}

/** The keyed hash of the email whose bare SHA-256 (hex) a legacy row stored. */
export function upgradeLegacyEmailHash(key: Uint8Array, legacySha256Hex: string): string {
  return EMAIL_HASH_PREFIX + createHmac("sha256", key).update(legacySha256Hex).digest("hex");
}

let cachedEmailHashKey: { secret: string; key: Uint8Array } | undefined;

/** The key of this process, from the environment validated at boot. */
export function readEmailHashKey(): Uint8Array {
  const { EMAIL_HASH_KEY, SHOPIFY_API_SECRET } = env();
  const secret = EMAIL_HASH_KEY ?? SHOPIFY_API_SECRET;
  if (cachedEmailHashKey?.secret !== secret) cachedEmailHashKey = { secret, key: deriveEmailHashKey(secret) };
  return cachedEmailHashKey.key;
}

export function hashEmail(email: string): string {
  return hashEmailWithKey(readEmailHashKey(), email);
}

/** The key derived for pseudonyms keys every pseudonym; read when a redaction runs (the environment is validated at boot). */
export function readPseudonymKey(): string {
  return deriveKey("pseudonym", env().SHOPIFY_API_SECRET).toString("hex");
}

/** "redacted:<hex>": sha256(key ":" shop ":" subject), where subject is a customer gid or an email hash. */
export function pseudonymise(key: string, shop: string, subject: string): string {
  return REDACTED_PREFIX + createHash("sha256").update(`${key}:${shop}:${subject}`).digest("hex");
}

const isLocalChar = (code: number) => isDomainChar(code) || code === 0x5f /* _ */ || code === 0x25 /* % */ || code === 0x2b; /* + */
const isLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const isDomainChar = (code: number) => isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2e /* . */ || code === 0x2d; /* - */

/**
 * Replaces what a global match of EMAIL_PATTERN_SOURCE replaces, in one left-to-right pass (no regex: the
 * backtracking engine is quadratic on shopper-written notes like "aaaa…"). For each "@": the address starts where
 * the run of local-part characters before it starts (not before the previous replacement); the domain is the run
 * of domain characters after it, cut after the LAST "." that has at least one character before it and two letters
 * after it, plus every letter that follows that dot — what the greedy pattern keeps after backtracking. Each
 * character is looked at a bounded number of times: the runs around different "@" signs do not overlap.
 */
function replaceEmailAddresses(text: string): string {
  let output = "";
  let copiedUpTo = 0;
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > copiedUpTo && isLocalChar(text.charCodeAt(start - 1))) start -= 1;
    if (start === at) continue;
    let domainEnd = at + 1;
    while (domainEnd < text.length && isDomainChar(text.charCodeAt(domainEnd))) domainEnd += 1;
    let end = -1;
    for (let dot = domainEnd - 3; dot >= at + 2; dot -= 1) {
      if (text.charCodeAt(dot) === 0x2e && isLetter(text.charCodeAt(dot + 1)) && isLetter(text.charCodeAt(dot + 2))) {
        end = dot + 3;
        while (end < domainEnd && isLetter(text.charCodeAt(end))) end += 1;
        break;
      }
    }
    if (end === -1) {
      at = domainEnd - 1 > at ? domainEnd - 1 : at;
      continue;
    }
    output += text.slice(copiedUpTo, start) + REDACTED_EMAIL;
    copiedUpTo = end;
    at = end - 1;
  }
  return copiedUpTo === 0 ? text : output + text.slice(copiedUpTo);
}

/** Replaces every email address inside a JSON value's strings (keys included) with REDACTED_EMAIL. */
export function scrubEmails<T>(value: T): T {
  const visit = (item: unknown): unknown => {
    if (typeof item === "string") return replaceEmailAddresses(item);
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
 * The order's identity keys (risk signals: hashed normalised email, phone, shipping address, browser IP and user
 * agent) are cleared outright: they exist only to compare a customer with creators, and an erased customer must no
 * longer be recognisable by them. The traffic signals (referring domain, ad click ids) say nothing about who bought.
 * Set-based, so shop/redact fits in one transaction; already pseudonymised values are left as they are.
 */
export function pseudonymiseOrderCustomers(tx: Prisma.TransactionClient, shop: string, key: string, orderIds: readonly string[] | null): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE "AttributedOrder" SET
       "customerId" = ${pseudonymSql("customerId")},
       "customerEmailHash" = ${pseudonymSql("customerEmailHash")},
       "customerEmailKey" = NULL,
       "customerPhoneKey" = NULL,
       "shippingAddressKey" = NULL,
       "browserIpHash" = NULL,
       "userAgentHash" = NULL,
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
