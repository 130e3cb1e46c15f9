import { describe, expect, it } from "vitest";
import { describeGiftCardError, describeStoreCreditError } from "./describe-shopify-payout-error";

const context = { payCurrency: "USD", accountCurrency: "EUR", creatorName: "Ava" };
const error = (code: string, message = "raw") => ({ field: null, message, code });

describe("describeStoreCreditError", () => {
  it.each([
    ["MISMATCHING_CURRENCY", "Ava's store credit is in EUR; Affable pays in USD."],
    ["CREDIT_LIMIT_EXCEEDED", "would go over Shopify's limit"],
    ["EXPIRES_AT_IN_PAST", "Settings › Payouts › Store credit expiry"],
    ["OWNER_NOT_FOUND", "look the customer up again by email"],
    ["INSUFFICIENT_FUNDS", "balance is lower than the amount to take back"],
    ["UNSUPPORTED_CURRENCY", "cannot hold store credit in USD"],
  ])("%s says what happened and what to do", (code, expected) => {
    expect(describeStoreCreditError(error(code), context)).toContain(expected);
  });

  it("keeps Shopify's own message for a code it does not know", () => {
    expect(describeStoreCreditError(error("SOMETHING_NEW", "New rule"), context)).toBe("Shopify refused the store credit: New rule");
  });
});

describe("describeGiftCardError", () => {
  it("words limits and missing customers for the merchant", () => {
    expect(describeGiftCardError(error("MAX_INITIAL_VALUE_EXCEEDED"), context)).toContain("larger than Shopify allows");
    expect(describeGiftCardError(error("CUSTOMER_NOT_FOUND"), context)).toContain("Ava's customer record");
  });
});
