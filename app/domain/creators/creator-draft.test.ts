import { describe, expect, it } from "vitest";
import { parseCreatorFields } from "./creator-draft";
import { formatPercentText, parsePercentText } from "../program/percent-text";
import { suggestHandle } from "./suggest-handle";
import { neutralizeCsvFormula } from "./neutralize-csv-formula";

describe("percent to basis points, exactly", () => {
  it.each([
    ["12.5", 1250],
    ["10", 1000],
    ["7.25", 725],
    ["0.01", 1],
    ["100", 10000],
    ["0", 0],
    ["12.5%", 1250],
    ["100.01", null],
    ["12.345", null],
    ["-1", null],
    ["1e2", null],
    ["", null],
    ["12,5", null],
  ] as const)("%s → %s", (text, expected) => expect(parsePercentText(text)).toBe(expected));

  it.each([[1250, "12.5"], [1000, "10"], [725, "7.25"], [1, "0.01"]])("%s bp shows as %s", (bp, text) =>
    expect(formatPercentText(bp)).toBe(text),
  );
});

describe("handle suggestion", () => {
  it.each([
    ["Jane Doe", "jane-doe"],
    ["Zoë O'Brien", "zoe-obrien"],
    ["  DJ   Snake!! ", "dj-snake"],
    ["李", ""],
    ["Q", "q-creator"],
    ["A very long creator name that goes on and on forever", "a-very-long-creator-name-that-goes-on-an"],
  ])("%s → %s", (name, handle) => expect(suggestHandle(name)).toBe(handle));
});

describe("creator fields", () => {
  it("normalises a full form", () => {
    const result = parseCreatorFields(
      {
        name: " Jane Doe ",
        email: "Jane@Example.com",
        instagram: "@janedoe",
        website: "https://jane.example",
        payoutEmail: "",
        status: "approved",
        commissionType: "percentage",
        commissionPercent: "12.5",
        commissionFlat: "3",
      },
      "USD",
    );
    expect(result).toEqual({
      ok: true,
      draft: {
        name: "Jane Doe",
        email: "jane@example.com",
        handle: "jane-doe",
        handleSuggested: true,
        socialHandles: { instagram: "janedoe", website: "https://jane.example" },
        payoutEmail: null,
        notes: null,
        status: "approved",
        commission: { type: "percentage", basisPoints: 1250 },
      },
    });
  });

  it("reports each problem on its own field", () => {
    const result = parseCreatorFields({ name: "", email: "nope", commissionType: "flat", commissionFlat: "abc" }, "USD");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.field).sort()).toEqual(["commissionFlat", "email", "name"]);
  });
});

describe("CSV formula neutralising", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+31 6 1234", "'+31 6 1234"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=x", "'\t=x"],
    ["Jane", "Jane"],
    ["", ""],
    ["a=b", "a=b"],
  ])("%j → %j", (value, expected) => expect(neutralizeCsvFormula(value)).toBe(expected));
});
