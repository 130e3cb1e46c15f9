import { describe, expect, it } from "vitest";
import { addCollisionSuffix, renderCodePattern, validateCodeText } from "./render-code-pattern";

const maya = { handle: "maya-lee", name: "Maya Lee" };

describe("renderCodePattern", () => {
  it.each([
    { label: "handle plus digits", pattern: "{HANDLE}15", creator: maya, random: "AB12", code: "MAYA-LEE15" },
    { label: "name loses its space", pattern: "{NAME}10", creator: maya, random: "AB12", code: "MAYALEE10" },
    { label: "accents fold", pattern: "{NAME}", creator: { handle: "zoe", name: "Zoë Ångström" }, random: "", code: "ZOEANGSTROM" },
    { label: "random four", pattern: "{HANDLE}-{RANDOM4}", creator: maya, random: "x9k2zz", code: "MAYA-LEE-X9K2" },
    { label: "lower-case tokens work", pattern: "{handle}", creator: maya, random: "", code: "MAYA-LEE" },
    { label: "literal text upper-cased", pattern: "vip_{HANDLE}", creator: maya, random: "", code: "VIP_MAYA-LEE" },
    { label: "emoji and punctuation dropped", pattern: "{NAME}", creator: { handle: "x", name: "Jo 🌸 O'Neil!" }, random: "", code: "JOONEIL" },
  ])("$label: $pattern → $code", ({ pattern, creator, random, code }) => {
    expect(renderCodePattern(pattern, creator, random)).toEqual({ ok: true, code });
  });

  it.each([
    { label: "unknown token", pattern: "{EMAIL}15", message: /\{EMAIL\}/ },
    { label: "space in literal", pattern: "{HANDLE} 15", message: /only use letters/ },
    { label: "empty result", pattern: "{NAME}", creator: { handle: "x", name: "🌸" }, message: /empty/ },
    { label: "too long", pattern: "A".repeat(256), message: /255/ },
  ])("refuses $label", ({ pattern, creator, message }) => {
    const result = renderCodePattern(pattern, creator ?? maya, "ABCD");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("validateCodeText", () => {
  it.each([
    { text: "summer15", result: { ok: true, code: "SUMMER15" } },
    { text: " MAYA_15 ", result: { ok: true, code: "MAYA_15" } },
  ])("accepts $text", ({ text, result }) => expect(validateCodeText(text)).toEqual(result));
  it.each(["", "SUMMER 15", "ÉTÉ", "A".repeat(256)])("refuses %j", (text) => expect(validateCodeText(text).ok).toBe(false));
});

describe("addCollisionSuffix", () => {
  it.each([
    { code: "MAYA15", attempt: 1, result: "MAYA15" },
    { code: "MAYA15", attempt: 2, result: "MAYA152" },
    { code: "MAYA15", attempt: 10, result: "MAYA1510" },
    { code: "A".repeat(255), attempt: 3, result: `${"A".repeat(254)}3` },
  ])("$code attempt $attempt → $result", ({ code, attempt, result }) => {
    expect(addCollisionSuffix(code, attempt)).toBe(result);
  });
});
