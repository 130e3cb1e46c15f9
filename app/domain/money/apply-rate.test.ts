import { describe, expect, it } from "vitest";
import { applyRate } from "./apply-rate";
import { divideHalfEven } from "./divide-half-even";
import { formatRate } from "./format-rate";
import { parsePercentage } from "./parse-percentage";
import { createRate, createRateFromBasisPoints } from "./rate";

// THE ROUNDING POLICY, written down: an exact fraction of money rounds once, to the nearest minor unit,
// ties to the even neighbour (banker's rounding). Each row is one promise to merchants and creators.
describe("rounding policy: half-even (divideHalfEven)", () => {
  it.each([
    { label: "below half rounds down", numerator: 24n, denominator: 10n, result: 2n },
    { label: "above half rounds up", numerator: 26n, denominator: 10n, result: 3n },
    { label: "half to even: 2.5 → 2", numerator: 25n, denominator: 10n, result: 2n },
    { label: "half to even: 3.5 → 4", numerator: 35n, denominator: 10n, result: 4n },
    { label: "half to even: 0.5 → 0", numerator: 5n, denominator: 10n, result: 0n },
    { label: "half to even: 1.5 → 2", numerator: 15n, denominator: 10n, result: 2n },
    { label: "negative mirrors positive: -2.5 → -2", numerator: -25n, denominator: 10n, result: -2n },
    { label: "negative mirrors positive: -3.5 → -4", numerator: -35n, denominator: 10n, result: -4n },
    { label: "negative above half: -2.6 → -3", numerator: -26n, denominator: 10n, result: -3n },
    { label: "exact stays exact", numerator: 30n, denominator: 10n, result: 3n },
    { label: "one third", numerator: 1n, denominator: 3n, result: 0n },
    { label: "two thirds", numerator: 2n, denominator: 3n, result: 1n },
    { label: "negative denominator", numerator: 25n, denominator: -10n, result: -2n },
  ])("$label", ({ numerator, denominator, result }) => {
    expect(divideHalfEven(numerator, denominator)).toBe(result);
  });

  it("refuses division by zero", () => {
    expect(() => divideHalfEven(1n, 0n)).toThrow(/by zero/);
  });
});

describe("applyRate", () => {
  it.each([
    { label: "USD 10% exact", minor: 1000n, currency: "USD", rate: createRateFromBasisPoints(1000n), result: 100n },
    { label: "USD 10.05 × 10% = 1.005 → 1.00 (tie, 0 is even)", minor: 1005n, currency: "USD", rate: createRateFromBasisPoints(1000n), result: 100n },
    { label: "USD 10.15 × 10% = 1.015 → 1.02 (tie, 2 is even)", minor: 1015n, currency: "USD", rate: createRateFromBasisPoints(1000n), result: 102n },
    { label: "USD 10.16 × 10% = 1.016 → 1.02", minor: 1016n, currency: "USD", rate: createRateFromBasisPoints(1000n), result: 102n },
    { label: "USD 19.99 × 12.5% = 2.49875 → 2.50", minor: 1999n, currency: "USD", rate: parsePercentage("12.5"), result: 250n },
    { label: "USD 100.00 × 1/3 = 33.333… → 33.33", minor: 10000n, currency: "USD", rate: createRate(1n, 3n), result: 3333n },
    { label: "JPY 125 × 10% = 12.5 → 12", minor: 125n, currency: "JPY", rate: createRateFromBasisPoints(1000n), result: 12n },
    { label: "JPY 135 × 10% = 13.5 → 14", minor: 135n, currency: "JPY", rate: createRateFromBasisPoints(1000n), result: 14n },
    { label: "JPY 999 × 7.25% = 72.4275 → 72", minor: 999n, currency: "JPY", rate: parsePercentage("7.25"), result: 72n },
    { label: "KWD 1.005 × 50% = 0.5025 → 0.502", minor: 1005n, currency: "KWD", rate: parsePercentage("50"), result: 502n },
    { label: "KWD 12.345 × 15% = 1.85175 → 1.852", minor: 12345n, currency: "KWD", rate: createRateFromBasisPoints(1500n), result: 1852n },
    { label: "negative amounts round symmetrically", minor: -1015n, currency: "USD", rate: createRateFromBasisPoints(1000n), result: -102n },
    { label: "zero rate", minor: 1999n, currency: "USD", rate: createRateFromBasisPoints(0n), result: 0n },
  ])("$label", ({ minor, currency, rate, result }) => {
    expect(applyRate({ amountMinor: minor, currency }, rate)).toEqual({ amountMinor: result, currency });
  });
});

describe("parsePercentage / createRate / formatRate", () => {
  it.each([
    { text: "10", numerator: 1n, denominator: 10n, shown: "10%" },
    { text: "12.5", numerator: 1n, denominator: 8n, shown: "12.5%" },
    { text: "7.25", numerator: 29n, denominator: 400n, shown: "7.25%" },
    { text: "0", numerator: 0n, denominator: 1n, shown: "0%" },
    { text: "100", numerator: 1n, denominator: 1n, shown: "100%" },
    { text: "0.01", numerator: 1n, denominator: 10000n, shown: "0.01%" },
    { text: "33.3333", numerator: 333333n, denominator: 1000000n, shown: "33.3333%" },
  ])("$text% → $numerator/$denominator, shown as $shown", ({ text, numerator, denominator, shown }) => {
    const rate = parsePercentage(text);
    expect(rate).toEqual({ numerator, denominator });
    expect(formatRate(rate)).toBe(shown);
  });

  it.each([
    { label: "percent sign", text: "10%" },
    { label: "negative", text: "-5" },
    { label: "exponent", text: "1e1" },
    { label: "empty", text: "" },
    { label: "comma", text: "12,5" },
  ])("rejects $label ($text)", ({ text }) => {
    expect(() => parsePercentage(text)).toThrow(/as a percentage/);
  });

  it.each([
    { label: "1500 bp", rate: createRateFromBasisPoints(1500n), shown: "15%" },
    { label: "one third", rate: createRate(1n, 3n), shown: "33.3333…% (1/3)" },
  ])("formats $label as $shown", ({ rate, shown }) => {
    expect(formatRate(rate)).toBe(shown);
  });

  it.each([
    { label: "zero denominator", numerator: 1n, denominator: 0n, message: /denominator must be positive/ },
    { label: "negative rate", numerator: -1n, denominator: 10n, message: /cannot be negative/ },
  ])("createRate rejects $label", ({ numerator, denominator, message }) => {
    expect(() => createRate(numerator, denominator)).toThrow(message);
  });
});
