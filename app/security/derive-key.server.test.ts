import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKey, type KeyPurpose } from "./derive-key.server";

describe("deriveKey", () => {
  const purposes: KeyPurpose[] = ["ip-hash", "pseudonym", "portal-session"];

  it("gives each purpose its own 32-byte key, none equal to the secret or to the old HMAC-of-a-label derivation", () => {
    const keys = purposes.map((purpose) => deriveKey(purpose, "app-secret"));
    expect(new Set(keys.map((key) => key.toString("hex"))).size).toBe(purposes.length);
    for (const key of keys) {
      expect(key).toHaveLength(32);
      expect(key.toString()).not.toContain("app-secret");
    }
  });

  it("is RFC 5869 HKDF-SHA256 of the secret with the purpose as info (so other tools can reproduce it)", () => {
    const expected = Buffer.from(hkdfSync("sha256", "app-secret", "affable-hkdf-salt-v1", "affable:portal-session:v1", 32));
    expect(deriveKey("portal-session", "app-secret").equals(expected)).toBe(true);
    expect(deriveKey("portal-session", "app-secret").equals(createHmac("sha256", "app-secret").update("affable:portal-session:v1").digest())).toBe(false);
  });

  it("changes with the secret, and is stable for one secret", () => {
    expect(deriveKey("ip-hash", "secret-one").equals(deriveKey("ip-hash", "secret-two"))).toBe(false);
    expect(deriveKey("ip-hash", "secret-one").equals(deriveKey("ip-hash", "secret-one"))).toBe(true);
  });

  it("refuses an empty secret instead of deriving a key anyone can compute", () => {
    expect(() => deriveKey("pseudonym", "")).toThrow(/SHOPIFY_API_SECRET/);
  });
});

describe("keys in use", () => {
  it("redaction pseudonyms are keyed with the pseudonym key, not the app secret", async () => {
    const { useTestAppEnvironment } = await import("../../tests/support/webhook-requests");
    useTestAppEnvironment("postgres://unused.invalid/affable", "pseudonym-test-secret");
    const { readPseudonymKey } = await import("../services/compliance/redact-customer-identity.server");
    expect(readPseudonymKey()).not.toBe("pseudonym-test-secret");
    expect(readPseudonymKey()).toBe(deriveKey("pseudonym", "pseudonym-test-secret").toString("hex"));
  });
});
