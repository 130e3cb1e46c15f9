import { describe, expect, it } from "vitest";
import { checkBic, checkIban } from "./check-bank-account";

describe("checkIban (ibantools)", () => {
  it.each([
    ["a German IBAN with spaces and lower case", "de89 3704 0044 0532 0130 00", { ok: true, iban: "DE89370400440532013000", country: "DE" }],
    ["a Dutch IBAN", "NL91ABNA0417164300", { ok: true, iban: "NL91ABNA0417164300", country: "NL" }],
  ])("accepts %s", (_label, input, expected) => {
    expect(checkIban(input)).toEqual(expected);
  });

  it.each([
    ["empty", "  ", /Enter the IBAN/],
    ["wrong check digits", "DE88370400440532013000", /check digits do not match/],
    ["wrong length", "DE8937040044053201300", /wrong number of characters for DE/],
    ["no IBAN country", "XX89370400440532013000", /does not start with a country/],
  ])("refuses %s with a message saying what is wrong", (_label, input, message) => {
    const result = checkIban(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("refuses a valid IBAN outside SEPA only when SEPA is required", () => {
    const brazil = "BR1800360305000010009795493C1";
    expect(checkIban(brazil).ok).toBe(true);
    expect(checkIban(brazil, { sepaOnly: true })).toMatchObject({ ok: false, message: expect.stringMatching(/outside SEPA/) as unknown });
  });
});

describe("checkBic", () => {
  it.each([
    ["COBADEFFXXX", true],
    ["cobadeff", true],
    ["COBADEF", false],
    ["COBAXXFFXXX", false],
  ])("%s → %s", (input, ok) => {
    expect(checkBic(input).ok).toBe(ok);
  });
});
