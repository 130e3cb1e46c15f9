import { describe, expect, it } from "vitest";
import { MoneyError } from "../domain/money";
import { convertWithExchangeRate } from "./convert-with-exchange-rate";

describe("convertWithExchangeRate: exact decimal rates, integer math, half-even once", () => {
  it.each([
    { label: "same exponent, exact", amount: 10_000n, from: "EUR", to: "USD", rate: "1.0825", expected: 10_825n },
    { label: "same exponent, tie rounds to even (down)", amount: 1n, from: "EUR", to: "USD", rate: "2.5", expected: 2n },
    { label: "same exponent, tie rounds to even (up)", amount: 1n, from: "EUR", to: "USD", rate: "3.5", expected: 4n },
    { label: "into a zero-decimal currency, tie to even", amount: 1_000n, from: "USD", to: "JPY", rate: "150.25", expected: 1_502n },
    { label: "out of a zero-decimal currency", amount: 1_000n, from: "JPY", to: "USD", rate: "0.0067", expected: 670n },
    { label: "into a three-decimal currency", amount: 1_234n, from: "USD", to: "KWD", rate: "0.307", expected: 3_788n },
    { label: "integer rate", amount: 999n, from: "GBP", to: "USD", rate: "2", expected: 1_998n },
    { label: "zero amount", amount: 0n, from: "EUR", to: "USD", rate: "1.1", expected: 0n },
  ])("$label", ({ amount, from, to, rate, expected }) => {
    expect(convertWithExchangeRate({ amountMinor: amount, currency: from }, to, rate)).toEqual({ amountMinor: expected, currency: to });
  });

  it("refuses a rate that is not a plain positive decimal", () => {
    expect(() => convertWithExchangeRate({ amountMinor: 1n, currency: "EUR" }, "USD", "1e3")).toThrow(MoneyError);
    expect(() => convertWithExchangeRate({ amountMinor: 1n, currency: "EUR" }, "USD", "0.000")).toThrow(MoneyError);
  });
});
