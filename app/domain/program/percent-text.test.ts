import { describe, expect, it } from "vitest";
import { basisPointsToFraction, formatPercentText, fractionToBasisPoints, parsePercentText } from "./percent-text";

describe("percent text ↔ basis points", () => {
  it.each([
    { text: "12.5", bp: 1250 },
    { text: "10", bp: 1000 },
    { text: "7.25", bp: 725 },
    { text: "0.01", bp: 1 },
    { text: "100", bp: 10000 },
  ])("$text ↔ $bp", ({ text, bp }) => {
    expect(parsePercentText(text)).toBe(bp);
    expect(formatPercentText(bp)).toBe(text);
  });
  it.each(["", "abc", "12.345", "100.01", "-5", "1e2"])("refuses %j", (text) => expect(parsePercentText(text)).toBeNull());
  it.each([1, 725, 1250, 1500, 3333, 9999, 10000])("%i bp survives Shopify's float fraction", (bp) =>
    expect(fractionToBasisPoints(basisPointsToFraction(bp))).toBe(bp),
  );
});
