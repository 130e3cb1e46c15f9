import { describe, expect, it } from "vitest";
import { emailDomain, isDisposableEmailDomain, normaliseAddress, normaliseEmail, normaliseIban, normalisePhone } from "./normalize-identity";

describe("normaliseEmail: one key per mailbox", () => {
  it.each([
    { input: "  Anna.Smith+shop@Gmail.com ", key: "annasmith@gmail.com", why: "Gmail ignores dots and +tags; case and spaces off" },
    { input: "a.n.n.a@googlemail.com", key: "anna@gmail.com", why: "googlemail.com is gmail.com" },
    { input: "anna.smith+promo@outlook.com", key: "anna.smith@outlook.com", why: "other domains: +tag off, dots kept" },
    { input: "ANNA@Northwind.IO", key: "anna@northwind.io", why: "lower-case" },
    { input: "+tag@example.com", key: "+tag@example.com", why: "a local part that is only a tag stays" },
    { input: "not-an-email", key: "not-an-email", why: "no @: trimmed, lower-case" },
  ])("$input → $key ($why)", ({ input, key }) => {
    expect(normaliseEmail(input)).toBe(key);
  });

  it("different people stay different", () => {
    expect(normaliseEmail("anna@gmail.com")).not.toBe(normaliseEmail("anna@outlook.com"));
    expect(normaliseEmail("anna.b@example.com")).not.toBe(normaliseEmail("annab@example.com"));
  });
});

describe("emailDomain", () => {
  it.each([
    { input: "Anna@Northwind.IO", domain: "northwind.io" },
    { input: "x@googlemail.com", domain: "gmail.com" },
    { input: "no-at-sign", domain: null },
    { input: "trailing@", domain: null },
  ])("$input → $domain", ({ input, domain }) => {
    expect(emailDomain(input)).toBe(domain);
  });
});

describe("normalisePhone: the same phone in every format gives one key", () => {
  it.each([
    { label: "France international vs national", a: "+33 6 12 34 56 78", b: "06 12 34 56 78" },
    { label: "France 00 prefix", a: "0033612345678", b: "+33 (0)6 12 34 56 78" },
    { label: "Germany", a: "+49 30 1234567", b: "030 1234567" },
    { label: "US with and without country code", a: "+1 (415) 555-0100", b: "415.555.0100" },
    { label: "UK mobile", a: "+44 7700 900123", b: "07700 900123" },
    { label: "an extension is dropped", a: "+1 415 555 0100 ext. 12", b: "4155550100" },
  ])("$label", ({ a, b }) => {
    expect(normalisePhone(a)).not.toBeNull();
    expect(normalisePhone(a)).toBe(normalisePhone(b));
  });

  it.each([
    { input: "+1 415 555 0100", key: "155550100" },
    { input: "12-34", key: null },
    { input: "", key: null },
    { input: "call me", key: null },
  ])("$input → $key", ({ input, key }) => {
    expect(normalisePhone(input)).toBe(key);
  });

  it("different numbers stay different", () => {
    expect(normalisePhone("+1 415 555 0100")).not.toBe(normalisePhone("+1 415 555 0101"));
  });
});

describe("normaliseAddress: one key per parcel", () => {
  const home = { line1: "12 North Main Street", line2: "Apartment 4", city: "Brooklyn", region: "NY", postalCode: "11201", country: "US" };
  it.each([
    { label: "abbreviations, case and punctuation", other: { line1: "12 N. Main St.", line2: "Apt 4", city: "Brooklyn", region: "NY", postalCode: "11201", country: "us" } },
    { label: "apartment on line 1 with #", other: { line1: "12 north main st #4", city: "New York", region: "New York", postalCode: "11201", country: "US" } },
    { label: "extra spaces", other: { line1: "  12   North  Main   Street ", line2: " apartment   4", city: "brooklyn", postalCode: " 11201 ", country: "US" } },
  ])("$label", ({ other }) => {
    expect(normaliseAddress(other)).toBe(normaliseAddress(home));
  });

  it.each([
    { label: "German street suffix and ß", a: { line1: "Hauptstraße 5", city: "Berlin", postalCode: "10115", country: "DE" }, b: { line1: "Hauptstr. 5", city: "Berlin", postalCode: "10115", country: "DE" } },
    { label: "UK postcode spacing", a: { line1: "1 High Road", city: "London", postalCode: "SW1A 1AA", country: "GB" }, b: { line1: "1 High Rd", city: "London", postalCode: "sw1a1aa", country: "GB" } },
    { label: "accents", a: { line1: "3 Rue de l'Église", city: "Paris", postalCode: "75001", country: "FR" }, b: { line1: "3 rue de l eglise", city: "Paris", postalCode: "75001", country: "FR" } },
  ])("$label", ({ a, b }) => {
    expect(normaliseAddress(a)).toBe(normaliseAddress(b));
  });

  it("shows its parts", () => {
    expect(normaliseAddress(home)).toBe("12 n main st apt 4|11201|us");
    expect(normaliseAddress({ line1: "5 Elm Avenue", city: "Springfield", postalCode: null, country: "US" })).toBe("5 elm ave|springfield|us");
  });

  it("a different flat or street stays different", () => {
    expect(normaliseAddress({ ...home, line2: "Apartment 5" })).not.toBe(normaliseAddress(home));
    expect(normaliseAddress({ ...home, line1: "14 North Main Street" })).not.toBe(normaliseAddress(home));
  });
});

describe("normaliseIban", () => {
  it("upper-case, spaces and dashes off", () => {
    expect(normaliseIban("de89 3704-0044 0532 0130 00")).toBe("DE89370400440532013000");
    expect(normaliseIban("GB82.WEST/1234 5698 7654 32")).toBe("GB82WEST12345698765432");
    expect(normaliseIban("")).toBe("");
  });
});

describe("isDisposableEmailDomain (npm disposable-email-domains)", () => {
  it.each([
    { domain: "mailinator.com", disposable: true },
    { domain: "Mailinator.com", disposable: true },
    { domain: "guerrillamail.com", disposable: true },
    { domain: "10minutemail.com", disposable: true },
    { domain: "anything.33m.co", disposable: true, why: "wildcard list: every sub-domain" },
    { domain: "gmail.com", disposable: false },
    { domain: "outlook.com", disposable: false },
    { domain: "northwind.io", disposable: false },
    { domain: "sub.gmail.com", disposable: false },
  ])("$domain → $disposable", ({ domain, disposable }) => {
    expect(isDisposableEmailDomain(domain)).toBe(disposable);
  });
});
