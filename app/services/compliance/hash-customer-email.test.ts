/**
 * Customer emails are stored only as a keyed hash (HMAC-SHA256 under a key derived with HKDF from the app secret or
 * EMAIL_HASH_KEY): a bare SHA-256 of an email is reversed by hashing a list of likely addresses.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveEmailHashKey, hashEmailWithKey, upgradeLegacyEmailHash } from "./redact-customer-identity.server";

const bareSha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("hashEmailWithKey", () => {
  const key = deriveEmailHashKey("app-secret");

  it("is keyed: not the bare SHA-256, and different under another key", () => {
    const hash = hashEmailWithKey(key, "jon@example.com");
    expect(hash).toMatch(/^h1:[0-9a-f]{64}$/);
    expect(hash).not.toContain(bareSha256("jon@example.com"));
    expect(hashEmailWithKey(deriveEmailHashKey("another-secret"), "jon@example.com")).not.toBe(hash);
  });

  it("normalises case and surrounding spaces, so the same shopper matches", () => {
    expect(hashEmailWithKey(key, "  Jon@Example.COM ")).toBe(hashEmailWithKey(key, "jon@example.com"));
    expect(hashEmailWithKey(key, "jon2@example.com")).not.toBe(hashEmailWithKey(key, "jon@example.com"));
  });

  it("derives a 32-byte key bound to this purpose", () => {
    expect(deriveEmailHashKey("app-secret")).toHaveLength(32);
    expect(Buffer.from(deriveEmailHashKey("app-secret")).equals(Buffer.from(key))).toBe(true);
  });

  it("upgrades a stored legacy (bare SHA-256) hash to exactly the keyed hash of the same email", () => {
    expect(upgradeLegacyEmailHash(key, bareSha256("jon@example.com"))).toBe(hashEmailWithKey(key, "jon@example.com"));
  });
});
