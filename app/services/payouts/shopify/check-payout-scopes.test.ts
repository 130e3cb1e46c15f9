import { describe, expect, it } from "vitest";
import { findMissingPayoutScopes, holdsScope } from "./check-payout-scopes.server";

const STORE_CREDIT = ["read_customers", "write_customers", "read_store_credit_accounts", "write_store_credit_account_transactions"];

describe("findMissingPayoutScopes", () => {
  it("a write scope includes its read scope, as Shopify reports them", () => {
    expect(holdsScope(["write_store_credit_account_transactions"], "read_store_credit_account_transactions")).toBe(true);
    expect(holdsScope(["read_gift_cards"], "write_gift_cards")).toBe(false);
  });

  it("store credit alone: nothing missing for store credit; gift cards explained as waiting for Shopify's approval", () => {
    expect(findMissingPayoutScopes(STORE_CREDIT, ["store_credit"])).toEqual([]);
    expect(findMissingPayoutScopes(STORE_CREDIT, ["store_credit", "gift_card", "gift_card"])).toEqual([
      { method: "gift_card", scopes: ["read_gift_cards", "write_gift_cards"], explanation: expect.stringContaining("only after reviewing the app's request") },
    ]);
  });

  it("names the store credit permissions to approve, and ignores methods that need none", () => {
    const [missing] = findMissingPayoutScopes(["read_customers"], ["store_credit", "paypal"]);
    expect(missing?.scopes).toEqual(["write_customers", "read_store_credit_accounts", "read_store_credit_account_transactions", "write_store_credit_account_transactions"]);
    expect(missing?.explanation).toContain("approve the updated permissions");
    expect(findMissingPayoutScopes([], ["paypal", "manual"])).toEqual([]);
  });
});

describe("toProviderError", () => {
  it("a missing scope stops the run, no answer is retried, a malformed query is neither", async () => {
    const { ShopifyAdminError } = await import("../../../shopify/admin-client.server");
    const { toProviderError } = await import("./shopify-provider-support.server");
    const { ProviderRetryableError, ProviderSetupError } = await import("../providers/payout-provider");
    expect(toProviderError(new ShopifyAdminError("denied", [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }]))).toBeInstanceOf(ProviderSetupError);
    expect(toProviderError(new ShopifyAdminError("Shopify did not answer", new Error("ECONNRESET")))).toBeInstanceOf(ProviderRetryableError);
    const malformed = new ShopifyAdminError("bad query", [{ message: "Field 'x' doesn't exist" }]);
    expect(toProviderError(malformed)).toBe(malformed);
  });
});
