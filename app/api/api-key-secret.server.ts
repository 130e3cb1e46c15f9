import { createHash, randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_BODY_LENGTH = 32;
export const API_KEY_PATTERN = /^afk_[0-9A-Za-z]{32}$/;

/** "afk_" + 32 base62 characters from the CSPRNG (~190 bits): shown once, stored only as its SHA-256. */
export function generateApiKeySecret(): string {
  let body = "";
  for (let index = 0; index < KEY_BODY_LENGTH; index += 1) body += BASE62[randomInt(BASE62.length)];
  return `afk_${body}`;
}

/**
 * SHA-256 (hex) of the key. A fast hash is right here: the key is random and long, so there is nothing to
 * brute-force, and looking the hash up by its unique index compares no secret bytes in application code.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What lists show so merchants can tell keys apart: "afk_" and the first 6 characters. */
export function describeApiKeyPrefix(secret: string): string {
  return secret.slice(0, 10);
}
