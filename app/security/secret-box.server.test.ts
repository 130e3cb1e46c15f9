import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { lastFour, openSecret, readSecretKeys, sealSecret, SecretBoxError } from "./secret-box.server";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

describe("secret box", () => {
  const keys = readSecretKeys({ SECRETS_ENCRYPTION_KEY: keyA });

  it("opens what it sealed, and the sealed text does not contain the secret", () => {
    const sealed = sealSecret("123-45-6789", "tax-id:shop-a.myshopify.com", keys);
    expect(sealed).not.toContain("6789");
    expect(openSecret(sealed, "tax-id:shop-a.myshopify.com", keys)).toBe("123-45-6789");
  });

  it("seals the same secret differently each time", () => {
    expect(sealSecret("x", "c", keys)).not.toBe(sealSecret("x", "c", keys));
  });

  it.each([
    ["another shop's context", (sealed: string) => openSecret(sealed, "tax-id:shop-b.myshopify.com", keys)],
    ["a changed ciphertext", (sealed: string) => openSecret(sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA"), "tax-id:shop-a.myshopify.com", keys)],
    ["another key", (sealed: string) => openSecret(sealed, "tax-id:shop-a.myshopify.com", readSecretKeys({ SECRETS_ENCRYPTION_KEY: keyB }))],
    ["not a sealed value", () => openSecret("plain text", "tax-id:shop-a.myshopify.com", keys)],
  ])("refuses %s", (_label, open) => {
    const sealed = sealSecret("123-45-6789", "tax-id:shop-a.myshopify.com", keys);
    expect(() => open(sealed)).toThrow(SecretBoxError);
  });

  it("opens secrets sealed with a rotated key kept in SECRETS_ENCRYPTION_OLD_KEYS", () => {
    const sealed = sealSecret("secret", "c", readSecretKeys({ SECRETS_ENCRYPTION_KEY: keyA }));
    const rotated = readSecretKeys({ SECRETS_ENCRYPTION_KEY: keyB, SECRETS_ENCRYPTION_OLD_KEYS: keyA });
    expect(openSecret(sealed, "c", rotated)).toBe("secret");
  });

  it.each([
    [{}, /SECRETS_ENCRYPTION_KEY is not set/],
    [{ SECRETS_ENCRYPTION_KEY: "c2hvcnQ=" }, /decodes to 5 bytes/],
  ])("names the missing or malformed key %#", (source, message) => {
    expect(() => readSecretKeys(source)).toThrow(message);
  });

  it.each([["DE89370400440532013000", "•••• 3000"], ["123", "•••"], ["12 3456 7", "•••• 4567"]])("shows %s as %s", (value, shown) => {
    expect(lastFour(value)).toBe(shown);
  });
});
