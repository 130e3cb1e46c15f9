import { describe, expect, it } from "vitest";
import { formatDecimalAmount } from "./format-decimal-amount";
import { formatMoney } from "./format-money";
import { parseDecimalAmount } from "./parse-decimal-amount";

describe("formatDecimalAmount", () => {
  it.each([
    { label: "USD cents", minor: 1999n, currency: "USD", text: "19.99" },
    { label: "USD under one dollar", minor: 5n, currency: "USD", text: "0.05" },
    { label: "USD negative", minor: -5n, currency: "USD", text: "-0.05" },
    { label: "USD zero", minor: 0n, currency: "USD", text: "0.00" },
    { label: "JPY has no decimals", minor: 1000n, currency: "JPY", text: "1000" },
    { label: "KWD three decimals", minor: 12345n, currency: "KWD", text: "12.345" },
    { label: "KWD fils only", minor: 7n, currency: "KWD", text: "0.007" },
    { label: "beyond 2^53", minor: 12345678901234567891n, currency: "USD", text: "123456789012345678.91" },
  ])("$label: $minor $currency → $text", ({ minor, currency, text }) => {
    expect(formatDecimalAmount({ amountMinor: minor, currency })).toBe(text);
    expect(parseDecimalAmount(text, currency).amountMinor).toBe(minor);
  });
});

describe("formatMoney", () => {
  it.each([
    { label: "USD en-US", minor: 123456n, currency: "USD", locale: "en-US", text: "$1,234.56" },
    { label: "USD negative", minor: -310n, currency: "USD", locale: "en-US", text: "-$3.10" },
    { label: "JPY shows no decimals", minor: 1000n, currency: "JPY", locale: "en-US", text: "¥1,000" },
    { label: "KWD shows three decimals", minor: 12345n, currency: "KWD", locale: "en-US", text: "KWD 12.345" },
    { label: "EUR de-DE", minor: 123456n, currency: "EUR", locale: "de-DE", text: "1.234,56 €" },
    {
      label: "bigint beyond 2^53 keeps every digit",
      minor: 12345678901234567891n,
      currency: "USD",
      locale: "en-US",
      text: "$123,456,789,012,345,678.91",
    },
    { label: "non-ISO 4-letter code falls back", minor: 150n, currency: "USDC", locale: "en-US", text: "1.50 USDC" },
  ])("$label → $text", ({ minor, currency, locale, text }) => {
    // Intl inserts narrow no-break spaces in some locales; compare with ordinary spaces.
    expect(formatMoney({ amountMinor: minor, currency }, locale).replace(/[\u00a0\u202f]/g, " ")).toBe(text);
  });
});
