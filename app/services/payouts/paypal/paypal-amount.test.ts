import { describe, expect, it } from "vitest";
import { formatPaypalAmount } from "./paypal-amount";

describe("formatPaypalAmount", () => {
  it.each([
    ["USD cents", 1234n, "USD", "12.34"],
    ["USD under a dollar", 5n, "USD", "0.05"],
    ["JPY (no decimals anywhere)", 1500n, "JPY", "1500"],
    ["HUF whole forints (ISO has 2 decimals, PayPal none)", 150000n, "HUF", "1500"],
    ["EUR", 100000n, "EUR", "1000.00"],
  ])("%s", (_label, minor, currency, value) => {
    expect(formatPaypalAmount(minor, currency)).toEqual({ ok: true, currency, value });
  });

  it.each([
    ["a currency PayPal does not pay out in", 100n, "KWD", /does not pay out in KWD/],
    ["HUF with a fraction of a forint", 150050n, "HUF", /whole units/],
    ["zero", 0n, "USD", /zero/],
  ])("refuses %s with a reason", (_label, minor, currency, reason) => {
    const result = formatPaypalAmount(minor, currency);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });
});
