import { describe, expect, it } from "vitest";
import { isSepaIdentifier, toSepaField, toSepaText } from "./to-sepa-text";

describe("toSepaText: the SEPA Latin character set", () => {
  it.each([
    ["accents lose their marks", "Zoë Müller-Lüdenscheidt", "Zoe Muller-Ludenscheidt"],
    ["letters NFD cannot split are transliterated", "Straße Ørsted Łódź Æsir", "Strasse Orsted Lodz AEsir"],
    ["& becomes +", "Smith & Sons", "Smith + Sons"],
    ["typographic quotes become '", "O’Brien “Studio”", "O'Brien 'Studio'"],
    ["characters outside the set become spaces, runs collapse", "Ana\t<b>Lima</b>!!  ok", "Ana b Lima /b ok"],
    ["non-Latin scripts vanish", "Юлия 王", ""],
    ["the allowed punctuation stays", "Ref: A/1-2? (x), 'y' + z.", "Ref: A/1-2? (x), 'y' + z."],
  ])("%s", (_label, input, expected) => {
    expect(toSepaText(input)).toBe(expected);
  });

  it("cuts a field to its length without a trailing space", () => {
    expect(toSepaField("a".repeat(69) + " b", 70)).toBe("a".repeat(69));
    expect(toSepaField("x".repeat(200), 140)).toHaveLength(140);
  });
});

describe("isSepaIdentifier", () => {
  it.each([
    ["AFF-cmabc123", true],
    ["a".repeat(35), true],
    ["a".repeat(36), false],
    ["", false],
    ["/AFF", false],
    ["AFF/", false],
    ["AFF//1", false],
    ["AFF/1", true],
    ["AFF_1", false],
    ["AFF-é", false],
  ])("%s → %s", (value, expected) => {
    expect(isSepaIdentifier(value)).toBe(expected);
  });
});
