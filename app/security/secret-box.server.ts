/**
 * Secrets the app holds for merchants and creators (PayPal client secrets, tax ids, IBANs, gift card codes) are
 * sealed with AES-256-GCM (node:crypto) under SECRETS_ENCRYPTION_KEY before they reach the database, and opened only
 * where they are used. Hand-written on purpose: node:crypto's AEAD is the well-kept library; this file only fixes
 * the envelope and binds every ciphertext to what it belongs to.
 *
 * Envelope: `sb1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The key id is the first 8 hex characters of
 * SHA-256(key), so a rotated key is recognised (keep the old one in SECRETS_ENCRYPTION_OLD_KEYS to open old rows).
 * `context` (e.g. "paypal-credentials:<shop>") is authenticated data: a ciphertext copied to another shop's row or
 * another purpose does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "../env.server";

const PREFIX = "sb1";

export class SecretBoxError extends Error {}

type Key = { id: string; bytes: Buffer };

function parseKey(text: string, name: string): Key {
  const bytes = Buffer.from(text.trim(), "base64");
  if (bytes.length !== 32) {
    throw new SecretBoxError(`${name} must be 32 random bytes in base64 (openssl rand -base64 32); it decodes to ${bytes.length} bytes.`);
  }
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

/** The key that seals new secrets, and every key that may open stored ones. */
export function readSecretKeys(source: { SECRETS_ENCRYPTION_KEY?: string; SECRETS_ENCRYPTION_OLD_KEYS?: string } = env()): { current: Key; all: Key[] } {
  if (!source.SECRETS_ENCRYPTION_KEY) {
    throw new SecretBoxError("SECRETS_ENCRYPTION_KEY is not set: Affable cannot store payout credentials or tax details without it. Set it to 32 random bytes in base64 (openssl rand -base64 32).");
  }
  const current = parseKey(source.SECRETS_ENCRYPTION_KEY, "SECRETS_ENCRYPTION_KEY");
  const old = (source.SECRETS_ENCRYPTION_OLD_KEYS ?? "").split(",").map((item) => item.trim()).filter(Boolean)
    .map((item) => parseKey(item, "SECRETS_ENCRYPTION_OLD_KEYS"));
  return { current, all: [current, ...old] };
}

export function sealSecret(plaintext: string, context: string, keys = readSecretKeys()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys.current.bytes, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [PREFIX, keys.current.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function openSecret(sealed: string, context: string, keys = readSecretKeys()): string {
  const [prefix, keyId, iv, tag, ciphertext, ...rest] = sealed.split(".");
  if (prefix !== PREFIX || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretBoxError("A stored secret is not in Affable's sealed format.");
  }
  const key = keys.all.find((candidate) => candidate.id === keyId);
  if (!key) throw new SecretBoxError(`A stored secret was sealed with key ${keyId}, which is not configured: add it to SECRETS_ENCRYPTION_OLD_KEYS.`);
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("A stored secret did not open: it was changed, or it belongs to another shop or purpose.");
  }
}

/** What may be shown of a secret after it is saved: the last four characters, the rest masked. */
export function lastFour(value: string): string {
  const compact = value.replace(/\s+/g, "");
  return compact.length <= 4 ? "•".repeat(compact.length) : `•••• ${compact.slice(-4)}`;
}
