import { describe, expect, it } from "vitest";
import { describeDiscountUserError } from "./discounts.server";

// Shopify's userErrors as its Admin API returns them, and what the merchant reads instead.
describe("describeDiscountUserError", () => {
  it.each([
    {
      label: "code taken",
      error: { field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
      code: "summer15",
      shown: { field: "code", message: "The code SUMMER15 is already used by another discount in your store — pick another code.", code: "TAKEN" },
    },
    {
      label: "end before start",
      error: { field: ["basicCodeDiscount", "endsAt"], message: "Ends at needs to be after starts_at", code: "END_DATE_BEFORE_START_DATE" },
      shown: { field: "endsAt", message: "The end date must come after the start date.", code: "END_DATE_BEFORE_START_DATE" },
    },
    {
      label: "percentage out of range keeps Shopify's reason, on the value field",
      error: { field: ["basicCodeDiscount", "customerGets", "value", "percentage"], message: "Percentage must be less than or equal to 1", code: "LESS_THAN_OR_EQUAL_TO" },
      shown: { field: "value", message: "Shopify refused the value: Percentage must be less than or equal to 1", code: "LESS_THAN_OR_EQUAL_TO" },
    },
    {
      label: "usage limit",
      error: { field: ["basicCodeDiscount", "usageLimit"], message: "Usage limit must be greater than 0", code: "GREATER_THAN" },
      shown: { field: "usageLimit", message: "Shopify refused the value: Usage limit must be greater than 0", code: "GREATER_THAN" },
    },
    {
      label: "no field, no code",
      error: { field: null, message: "Discount does not exist", code: null },
      shown: { message: "Shopify refused the change: Discount does not exist.", code: null },
    },
  ])("$label", ({ error, code, shown }) => {
    expect(describeDiscountUserError(error, code)).toEqual(shown);
  });
});
