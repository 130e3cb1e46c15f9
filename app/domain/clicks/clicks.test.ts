import { describe, expect, it } from "vitest";
import { isBotUserAgent } from "./is-bot-user-agent";
import { parseClickBeacon } from "./parse-click-beacon";

const CHROME = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

describe("parseClickBeacon", () => {
  const beacon = (fields: Record<string, unknown>) => JSON.stringify({ ref: "r_amelia01", clickId: "6f1c2d3e-0000-4000-8000-000000000001", path: "/", referrer: "", ...fields });

  it.each([
    { label: "plain", body: beacon({}), expected: { ref: "r_amelia01", landingPath: "/", referrerHost: null } },
    { label: "query and fragment dropped from the path", body: beacon({ path: "/products/shirt?email=a@b.c#x" }), expected: { landingPath: "/products/shirt" } },
    { label: "path not starting with /", body: beacon({ path: "javascript:alert(1)" }), expected: { landingPath: "/" } },
    { label: "referrer host only", body: beacon({ referrer: "https://www.instagram.com/p/abc?igsh=1" }), expected: { referrerHost: "www.instagram.com" } },
    { label: "non-http referrer ignored", body: beacon({ referrer: "android-app://com.google" }), expected: { referrerHost: null } },
    { label: "garbage referrer ignored", body: beacon({ referrer: "not a url" }), expected: { referrerHost: null } },
    { label: "missing path and referrer", body: JSON.stringify({ ref: "abc", clickId: "lz1x2y3abc" }), expected: { landingPath: "/", referrerHost: null } },
  ])("accepts $label", ({ body, expected }) => {
    const result = parseClickBeacon(body);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.beacon).toMatchObject(expected);
  });

  it.each([
    { label: "not JSON", body: "ref=abc" },
    { label: "ref with a space", body: beacon({ ref: "amelia 01" }) },
    { label: "ref with markup", body: beacon({ ref: "<script>" }) },
    { label: "ref of 65 characters", body: beacon({ ref: "a".repeat(65) }) },
    { label: "empty ref", body: beacon({ ref: "" }) },
    { label: "click id too short", body: beacon({ clickId: "abc" }) },
    { label: "click id with a slash", body: beacon({ clickId: "abcdefgh/ij" }) },
    { label: "a number for ref", body: beacon({ ref: 42 }) },
    { label: "an array", body: "[]" },
    { label: "oversized body", body: beacon({ referrer: "x".repeat(5000) }) },
  ])("refuses $label", ({ body }) => expect(parseClickBeacon(body).ok).toBe(false));
});

describe("isBotUserAgent", () => {
  it.each([
    { label: "iPhone Safari", userAgent: CHROME, bot: false },
    { label: "desktop Chrome", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", bot: false },
    { label: "Googlebot", userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", bot: true },
    { label: "Slack link preview", userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", bot: true },
    { label: "Facebook preview", userAgent: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", bot: true },
    { label: "curl", userAgent: "curl/8.5.0", bot: true },
    { label: "headless Chrome", userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36", bot: true },
    { label: "empty", userAgent: "", bot: true },
    { label: "missing", userAgent: null, bot: true },
  ])("$label → bot: $bot", ({ userAgent, bot }) => expect(isBotUserAgent(userAgent)).toBe(bot));
});
