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

describe("creator phone and shipping address (risk signals)", () => {
  const base = { name: "Jane Doe", email: "jane@example.com" };
  const address = { addressLine1: " 12 Harbour Street ", addressLine2: "", addressCity: "San Francisco", addressRegion: "CA", addressPostalCode: "94105", addressCountry: "us" };

  it("reads a phone and a full address, trimmed, the country upper-cased", () => {
    const result = parseCreatorFields({ ...base, phone: " +1 (415) 555-0142 ", ...address }, "USD");
    expect(result).toMatchObject({
      ok: true,
      draft: { phone: "+1 (415) 555-0142", shippingAddress: { line1: "12 Harbour Street", line2: null, city: "San Francisco", region: "CA", postalCode: "94105", country: "US" } },
    });
  });

  it("leaves both out when the input has no such fields (an API patch or a CSV row keeps what is stored), null when given empty", () => {
    const absent = parseCreatorFields(base, "USD");
    expect(absent.ok && "phone" in absent.draft).toBe(false);
    expect(absent.ok && "shippingAddress" in absent.draft).toBe(false);
    const empty = parseCreatorFields({ ...base, phone: "", addressLine1: "", addressCity: "", addressCountry: "" }, "USD");
    expect(empty).toMatchObject({ ok: true, draft: { phone: null, shippingAddress: null } });
  });

  it.each([
    [{ phone: "555-12" }, "phone", "Enter a phone number of 7 to 15 digits, with its country code, like +1 415 555 0100."],
    [{ phone: "call me maybe" }, "phone", "Enter a phone number of 7 to 15 digits, with its country code, like +1 415 555 0100."],
    [{ ...address, addressCity: "" }, "addressCity", "Enter the city."],
    [{ ...address, addressLine1: "" }, "addressLine1", "Enter the street address, or leave every address field empty."],
    [{ ...address, addressCountry: "USA" }, "addressCountry", "Enter the country as its two-letter code, like US or DE."],
  ])("refuses %j on its own field", (fields, field, message) => {
    const result = parseCreatorFields({ ...base, ...fields }, "USD");
    expect(result).toEqual({ ok: false, errors: [{ field, message }] });
  });
});
