import { describe, expect, it } from "vitest";
import { allocate, convertMinor, divideRounded, formatMinor, parseMinor, parseRatio, ratioFromNumber } from "./order-money.ts";

describe("decimal strings with the currency's exponent", () => {
  it.each([
    ["12.50", "USD", 1250n, "12.50"],
    ["1250", "JPY", 1250n, "1250"],
    ["38.00", "JPY", 38n, "38"],
    ["1.250", "KWD", 1250n, "1.250"],
    ["0.005", "KWD", 5n, "0.005"],
    ["-2.50", "USD", -250n, "-2.50"],
    ["7", "USD", 700n, "7.00"],
  ])("%s %s reads as %s minor units and prints back as %s", (text, currency, minor, printed) => {
    expect(parseMinor(text, currency)).toBe(minor);
    expect(formatMinor(minor, currency)).toBe(printed);
  });

  it("never rounds away a digit the currency cannot hold", () => {
    expect(() => parseMinor("38.50", "JPY")).toThrow(/more decimals than JPY allows \(0\)/);
    expect(() => parseMinor("1.2345", "KWD")).toThrow(/KWD allows \(3\)/);
    expect(() => parseMinor("12,50", "USD")).toThrow(/not a decimal amount/);
  });
});

describe("allocate", () => {
  it.each([
    ["remainders go to the largest fractional parts", 1000n, [1n, 1n, 1n], [334n, 333n, 333n]],
    ["proportional to the weights", 1650n, [7600n, 3400n], [1140n, 510n]],
    ["a negative total splits the same way", -100n, [1n, 1n, 1n], [-34n, -33n, -33n]],
    ["all-zero weights split evenly", 5n, [0n, 0n], [3n, 2n]],
    ["nothing to split", 0n, [3n, 4n], [0n, 0n]],
  ])("%s", (_label, total, weights, expected) => {
    const parts = allocate(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((sum, part) => sum + part, 0n)).toBe(total);
  });
});

describe("rounding and conversion", () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [3876n, 1000n, 4n],
  ])("%s / %s rounds half away from zero to %s", (numerator, denominator, expected) => {
    expect(divideRounded(numerator, denominator)).toBe(expected);
  });

  it("converts between exponents at a fixed rate", () => {
    expect(convertMinor(3800n, "USD", "JPY", parseRatio("151"))).toBe(5738n);
    expect(convertMinor(3800n, "USD", "KWD", parseRatio("0.307"))).toBe(11666n);
    expect(convertMinor(3800n, "USD", "USD", parseRatio("2"))).toBe(3800n);
  });

  it("reads Shopify's percentage fraction exactly", () => {
    expect(ratioFromNumber(0.15)).toEqual({ numerator: 15n, denominator: 100n });
    expect(() => ratioFromNumber(1e-9)).toThrow(/not a decimal fraction/);
  });
});
