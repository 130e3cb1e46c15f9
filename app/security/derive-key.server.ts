/**
 * One key per purpose, derived from the app secret with HKDF-SHA256 (RFC 5869, node:crypto hkdfSync), instead of
 * using the secret itself everywhere. A key derived for one purpose says nothing about another, and a purpose can be
 * rotated (bump its version in PURPOSES) without silently changing every other hash the app has stored.
 *
 * What each key is for:
 * - ip-hash: click tracking's keyed hashes of a visitor's IP and user agent (record-click.server.ts);
 * - pseudonym: customer pseudonyms written by customers/redact and shop/redact (redact-customer-identity.server.ts);
 * - portal-session: hashes of creator portal session ids and sign-in link tokens (creator-portal-sessions.server.ts);
 * - customer-email-hash: keyed hashes of customers' emails (redact-customer-identity.server.ts; EMAIL_HASH_KEY may
 *   replace the app secret as its input key);
 * - gift-card-code: the gift card code a payout item pays with, derived from its senderItemId
 *   (app/services/payouts/shopify/derive-gift-card-code.server.ts), so a retry after a crash asks Shopify for the same
 *   code, finds it taken, and looks that card up instead of making a second one.
 */
import { hkdfSync } from "node:crypto";
import { env } from "../env.server";

const PURPOSES = {
  "ip-hash": "affable:ip-hash:v1",
  pseudonym: "affable:pseudonym:v1",
  "portal-session": "affable:portal-session:v1",
  "customer-email-hash": "affable:customer-email-hash:v1",
  "gift-card-code": "affable:gift-card-code:v1",
} as const;

export type KeyPurpose = keyof typeof PURPOSES;

/** A fixed, public salt (RFC 5869 §3.1: a salt need not be secret); it only separates Affable's keys from others. */
const SALT = "affable-hkdf-salt-v1";

const cache = new Map<string, Buffer>();

/** The 32-byte key for one purpose, derived from `secret` (the app secret, SHOPIFY_API_SECRET, by default). */
export function deriveKey(purpose: KeyPurpose, secret: string = env().SHOPIFY_API_SECRET): Buffer {
  if (secret.length === 0) throw new Error(`deriveKey(${purpose}): the app secret is empty; set SHOPIFY_API_SECRET.`);
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, SALT, PURPOSES[purpose], 32));
    cache.set(cacheKey, key);
  }
  return key;
}
