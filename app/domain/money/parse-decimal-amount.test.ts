import { describe, expect, it } from "vitest";
import { parseDecimalAmount } from "./parse-decimal-amount";

describe("parseDecimalAmount", () => {
  it.each([
    { label: "USD cents", text: "19.99", currency: "USD", minor: 1999n },
    { label: "USD whole number", text: "1000", currency: "USD", minor: 100000n },
    { label: "USD one fraction digit (Shopify Decimal scalar)", text: "0.5", currency: "USD", minor: 50n },
    { label: "USD Decimal scalar with a trailing .0", text: "24.0", currency: "USD", minor: 2400n },
    { label: "USD negative", text: "-3.10", currency: "USD", minor: -310n },
    { label: "USD negative zero is zero", text: "-0.00", currency: "USD", minor: 0n },
    { label: "USD extra fraction digits that are zeros", text: "19.990", currency: "USD", minor: 1999n },
    { label: "USD leading zeros", text: "007.05", currency: "USD", minor: 705n },
    { label: "KWD three decimals", text: "12.345", currency: "KWD", minor: 12345n },
    { label: "KWD one decimal", text: "12.3", currency: "KWD", minor: 12300n },
    { label: "BHD three decimals", text: "0.001", currency: "BHD", minor: 1n },
    { label: "JPY whole yen", text: "1000", currency: "JPY", minor: 1000n },
    { label: "JPY Shopify Money scalar 1000.00", text: "1000.00", currency: "JPY", minor: 1000n },
    { label: "JPY Shopify Decimal scalar 1000.0", text: "1000.0", currency: "JPY", minor: 1000n },
    { label: "KRW large", text: "1250000", currency: "KRW", minor: 1250000n },
    { label: "CLF four decimals", text: "1.2345", currency: "CLF", minor: 12345n },
    { label: "beyond 2^53 stays exact", text: "123456789012345678.91", currency: "USD", minor: 12345678901234567891n },
  ])("$label: $text $currency → $minor", ({ text, currency, minor }) => {
    expect(parseDecimalAmount(text, currency)).toEqual({ amountMinor: minor, currency });
  });

  it.each([
    { label: "too many non-zero digits for USD", text: "19.999", currency: "USD", message: /USD has 2 decimal places/ },
    { label: "any fraction for JPY", text: "100.5", currency: "JPY", message: /JPY has 0 decimal places/ },
    { label: "fourth non-zero digit for KWD", text: "1.2345", currency: "KWD", message: /KWD has 3 decimal places/ },
    { label: "exponent notation", text: "1e3", currency: "USD", message: /plain decimal/ },
    { label: "NaN", text: "NaN", currency: "USD", message: /plain decimal/ },
    { label: "Infinity", text: "Infinity", currency: "USD", message: /plain decimal/ },
    { label: "empty string", text: "", currency: "USD", message: /plain decimal/ },
    { label: "thousands comma", text: "1,000.00", currency: "USD", message: /plain decimal/ },
    { label: "decimal comma", text: "19,99", currency: "EUR", message: /plain decimal/ },
    { label: "leading plus", text: "+5.00", currency: "USD", message: /plain decimal/ },
    { label: "leading dot", text: ".5", currency: "USD", message: /plain decimal/ },
    { label: "trailing dot", text: "5.", currency: "USD", message: /plain decimal/ },
    { label: "surrounding spaces", text: " 5.00", currency: "USD", message: /plain decimal/ },
    { label: "currency symbol", text: "$5.00", currency: "USD", message: /plain decimal/ },
    { label: "two dots", text: "1.2.3", currency: "USD", message: /plain decimal/ },
    { label: "unknown currency", text: "1.00", currency: "ABC", message: /Unknown currency "ABC"/ },
    { label: "lower-case currency", text: "1.00", currency: "usd", message: /did you mean "USD"/ },
    { label: "XXX (no currency)", text: "1.00", currency: "XXX", message: /Unknown currency "XXX"/ },
  ])("rejects $label ($text $currency)", ({ text, currency, message }) => {
    expect(() => parseDecimalAmount(text, currency)).toThrow(message);
  });

  it("names the value and the currency in the error", () => {
    expect(() => parseDecimalAmount("19.999", "USD")).toThrow(/"19\.999" as a USD amount/);
  });

  it("refuses a number that slipped past the types (JSON parsed into a float)", () => {
    const parsedJsonNumber: unknown = 19.99;
    expect(() => parseDecimalAmount(parsedJsonNumber as string, "USD")).toThrow(/never a parsed number/);
  });
});
