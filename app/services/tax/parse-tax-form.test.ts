import { describe, expect, it } from "vitest";
import { isPlausibleEin, isPlausibleSsn, parseTaxForm } from "./parse-tax-form";

const W9 = { legal_name: "Ana Example", tax_classification: "individual", address_line1: "1 Main St", city: "Albany", region: "ny", postal_code: "12207", tin_type: "ssn", tin: "401-23-4567", signature_name: "Ana Example", certify: "yes" };
const W8 = { legal_name: "Ana Example", citizenship: "de", address_line1: "Hauptstr. 1", city: "Berlin", address_country: "DE", foreign_tin: "12 345 678 901", signature_name: "Ana Example", certify: "yes" };

describe("TIN shapes", () => {
  it.each([
    ["401234567", true],
    ["000123456", false],
    ["666123456", false],
    ["912345678", false],
    ["401003456", false],
    ["401230000", false],
    ["40123456", false],
  ])("SSN %s → %s", (digits, plausible) => expect(isPlausibleSsn(digits)).toBe(plausible));
  it.each([
    ["123456789", true],
    ["001234567", false],
    ["071234567", false],
    ["891234567", false],
  ])("EIN %s → %s", (digits, plausible) => expect(isPlausibleEin(digits)).toBe(plausible));
});

describe("parseTaxForm", () => {
  it("a W-9 with an SSN: digits only, state upper-cased, country US", () => {
    const result = parseTaxForm("w9", W9);
    expect(result).toMatchObject({ ok: true, form: { kind: "w9", tinType: "ssn", tin: "401234567", address: { region: "NY", country: "US" }, businessName: null } });
  });

  it("a W-9 with an EIN", () => {
    expect(parseTaxForm("w9", { ...W9, tin_type: "ein", tin: "12-3456789" })).toMatchObject({ ok: true, form: { tinType: "ein", tin: "123456789" } });
  });

  it.each([
    { label: "an SSN typed as an EIN", fields: { tin_type: "ein", tin: "401-23-4567" }, field: "tin" },
    { label: "an impossible SSN", fields: { tin: "666-12-3456" }, field: "tin" },
    { label: "a ZIP code of 4 digits", fields: { postal_code: "1220" }, field: "postal_code" },
    { label: "no classification", fields: { tax_classification: "" }, field: "tax_classification" },
    { label: "no certification", fields: { certify: "" }, field: "certify" },
    { label: "no signature", fields: { signature_name: " " }, field: "signature_name" },
  ])("a W-9 with $label is refused on that field, with every other error too", ({ fields, field }) => {
    const result = parseTaxForm("w9", { ...W9, ...fields, certify: fields.certify ?? "" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((error) => error.field)).toContain(field);
      expect(result.errors.map((error) => error.field)).toContain("certify");
    }
  });

  it("a W-8BEN: country codes upper-cased, TIN spaces removed, date of birth optional", () => {
    expect(parseTaxForm("w8ben", W8)).toMatchObject({ ok: true, form: { kind: "w8ben", country: "DE", tinType: "foreign_tin", tin: "12345678901", dateOfBirth: null } });
  });

  it("a W-8BEN without a TIN needs the reason", () => {
    const noTin = { ...W8, foreign_tin: "" };
    expect(parseTaxForm("w8ben", noTin)).toMatchObject({ ok: false, errors: [{ field: "foreign_tin" }] });
    expect(parseTaxForm("w8ben", { ...noTin, foreign_tin_reason: "My country does not issue TINs" })).toMatchObject({ ok: true, form: { tinType: "none", tin: null, foreignTinReason: "My country does not issue TINs" } });
  });

  it.each([
    { label: "a US citizen", fields: { citizenship: "US" }, field: "citizenship" },
    { label: "an unknown country", fields: { address_country: "QQ" }, field: "address_country" },
    { label: "a date of birth in the future", fields: { date_of_birth: "2999-01-01" }, field: "date_of_birth" },
    { label: "an impossible date", fields: { date_of_birth: "1990-02-30" }, field: "date_of_birth" },
  ])("a W-8BEN from $label is refused on that field", ({ fields, field }) => {
    const result = parseTaxForm("w8ben", { ...W8, ...fields });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toContain(field);
  });

  it("an unknown form kind", () => {
    expect(parseTaxForm("w8eci", W8)).toMatchObject({ ok: false, errors: [{ field: "kind" }] });
  });
});
