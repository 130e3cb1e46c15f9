import { describe, expect, it } from "vitest";
import { describeActor, describeAttributionText, describeAuditAction, describeShopifyIds, type ActorContext } from "./merchant-words";

describe("describeActor", () => {
  it.each<{ actor: string; context: ActorContext; expected: string }>([
    { actor: "staff:7420000000003", context: { viewer: "staff:7420000000003" }, expected: "You" },
    { actor: "staff:7420000000003", context: { viewer: "staff:7420000000009" }, expected: "A staff member" },
    { actor: "staff:unknown", context: { viewer: "staff:unknown" }, expected: "A staff member" },
    { actor: "system", context: {}, expected: "Affable (automatic)" },
    { actor: "webhook", context: {}, expected: "Shopify (order update)" },
    { actor: "system:risk", context: {}, expected: "Affable's fraud rules" },
    { actor: "api:key_1", context: { apiKeyNames: { key_1: "Warehouse" } }, expected: "API key “Warehouse”" },
    { actor: "api:key_gone", context: { apiKeyNames: {} }, expected: "An API key (since revoked or deleted)" },
  ])("$actor → $expected", ({ actor, context, expected }) => {
    expect(describeActor(actor, context)).toBe(expected);
  });
});

describe("describeAuditAction", () => {
  it("names the code for discount code events", () => {
    expect(describeAuditAction("discount_code.created", { code: "ADA15" })).toBe("Discount code created: ADA15");
    expect(describeAuditAction("discount_code.deactivated", { code: "ADA15" })).toBe("Discount code turned off: ADA15");
  });

  it("says status changes in the merchant's words", () => {
    expect(describeAuditAction("creator.status_changed", { from: "pending", to: "approved" })).toBe("Status changed from Pending review to Approved");
  });

  it("says what happened to a risk flag, with a rotated code's new code", () => {
    expect(describeAuditAction("risk_flag.released")).toBe("Released: the held commissions went back to the approval path");
    expect(describeAuditAction("risk_flag.rotate_code", { newCode: "ADA27" })).toBe("Code rotated: the new code is ADA27");
  });

  it("never shows an unknown internal key", () => {
    expect(describeAuditAction("something.new_internal")).toBe("Changed");
  });
});

describe("describeAttributionText", () => {
  const names = { cm3x9k2p40000abcd1234: "Ada Lovelace" };

  it("replaces creator ids with names and precedence keys with what they mean", () => {
    const sentence = `Credited to creator cm3x9k2p40000abcd1234 by the discount code "ADA15" (code_first: a discount code beats a link); also valid but outranked: cart ref "r_x" (creator cm3x9k2p40000zzzz9999).`;
    const described = describeAttributionText(sentence, names);
    expect(described).toBe(`Credited to Ada Lovelace by the discount code "ADA15" (your program credits a discount code before a link); also valid but outranked: referral link "r_x" (a deleted creator).`);
    expect(described).not.toMatch(/code_first|cm3x9k2p/);
  });

  it("keeps the possessive and leaves English 'creator who' alone", () => {
    expect(describeAttributionText("creator cm3x9k2p40000abcd1234's discount code", names)).toBe("Ada Lovelace's discount code");
    expect(describeAttributionText("A signal named a creator who is not approved", names)).toBe("A signal named a creator who is not approved");
  });
});

describe("describeShopifyIds", () => {
  it("names lines and orders, and never leaves a gid", () => {
    const names = { "gid://shopify/LineItem/1": "Linen Shirt", "gid://shopify/Order/9": "#7601" };
    expect(describeShopifyIds("Line gid://shopify/LineItem/1: 2 × unit = $80.00", names)).toBe("Line Linen Shirt: 2 × unit = $80.00");
    expect(describeShopifyIds("Commission of $8.92 on order gid://shopify/Order/9 (rule version program-settings:v1).", names)).toBe(
      "Commission of $8.92 on order #7601 (program settings version 1).",
    );
    expect(describeShopifyIds("10% (product gid://shopify/Product/55 rate)", names)).toBe("10% (a product rate)");
  });
});
