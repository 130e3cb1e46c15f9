import { describe, expect, it } from "vitest";
import { parseEnvironment } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://affable.example.com",
  SCOPES: "read_products, write_discounts",
};

describe("parseEnvironment", () => {
  it("accepts a complete environment and fills defaults", () => {
    const parsed = parseEnvironment(valid);
    expect(parsed.SCOPES).toEqual(["read_products", "write_discounts"]);
    expect(parsed.DATABASE_URL).toBe("pglite:./.data/affable");
    expect(parsed.NODE_ENV).toBe("production");
  });

  it.each([
    { label: "missing key", change: { SHOPIFY_API_KEY: undefined }, message: /SHOPIFY_API_KEY is missing: set it to the app's Client ID/ },
    { label: "empty secret", change: { SHOPIFY_API_SECRET: "" }, message: /SHOPIFY_API_SECRET is empty/ },
    { label: "app URL not a URL", change: { SHOPIFY_APP_URL: "affable" }, message: /SHOPIFY_APP_URL must be the app's public https URL/ },
    { label: "blank scopes", change: { SCOPES: "  " }, message: /SCOPES is empty/ },
    { label: "unsupported database", change: { DATABASE_URL: "mysql://db/affable" }, message: /DATABASE_URL must start with postgres:\/\// },
    { label: "bad SMTP URL", change: { SMTP_URL: "http://mail" }, message: /SMTP_URL must be an smtp:\/\// },
    { label: "bad NODE_ENV", change: { NODE_ENV: "staging" }, message: /NODE_ENV/ },
  ])("$label stops boot with a message naming it", ({ change, message }) => {
    expect(() => parseEnvironment({ ...valid, ...change })).toThrow(message);
  });

  it("names every problem at once, with what to do next", () => {
    const attempt = () => parseEnvironment({ DATABASE_URL: "sqlite:x" });
    expect(attempt).toThrow(/5 environment problem\(s\)/);
    expect(attempt).toThrow(/Copy \.env\.example to \.env/);
  });

  it.each([
    { value: undefined, expected: 3_600_000 },
    { value: "", expected: 3_600_000 },
    { value: "60000", expected: 60_000 },
    { value: "0", expected: 0 },
  ])("reads APPROVAL_JOB_INTERVAL_MS=$value as $expected", ({ value, expected }) => {
    expect(parseEnvironment({ ...valid, APPROVAL_JOB_INTERVAL_MS: value }).APPROVAL_JOB_INTERVAL_MS).toBe(expected);
  });

  it.each(["-1", "1.5", "hourly", "999999999999"])("refuses APPROVAL_JOB_INTERVAL_MS=%s, saying what to set", (value) => {
    expect(() => parseEnvironment({ ...valid, APPROVAL_JOB_INTERVAL_MS: value })).toThrow(/APPROVAL_JOB_INTERVAL_MS.*whole number of milliseconds between 0 \(off\)/s);
  });

  it.each([
    { value: undefined, interval: 900_000, hour: 3 },
    { value: "", interval: 900_000, hour: 3 },
    { value: "0", interval: 0, hour: 0 },
  ])("reads RISK_SCAN_JOB_INTERVAL_MS / RISK_SCAN_LOCAL_HOUR=$value as $interval / $hour", ({ value, interval, hour }) => {
    const parsed = parseEnvironment({ ...valid, RISK_SCAN_JOB_INTERVAL_MS: value, RISK_SCAN_LOCAL_HOUR: value });
    expect([parsed.RISK_SCAN_JOB_INTERVAL_MS, parsed.RISK_SCAN_LOCAL_HOUR]).toEqual([interval, hour]);
  });

  it.each(["-1", "24", "3.5", "night"])("refuses RISK_SCAN_LOCAL_HOUR=%s, saying what to set", (value) => {
    expect(() => parseEnvironment({ ...valid, RISK_SCAN_LOCAL_HOUR: value })).toThrow(/RISK_SCAN_LOCAL_HOUR.*whole hour between 0 and 23/s);
  });

  it.each([
    { value: undefined, expected: 10_000 },
    { value: "", expected: 10_000 },
    { value: "1000", expected: 1_000 },
    { value: "0", expected: 0 },
  ])("reads PAYOUT_JOB_INTERVAL_MS=$value as $expected", ({ value, expected }) => {
    expect(parseEnvironment({ ...valid, PAYOUT_JOB_INTERVAL_MS: value }).PAYOUT_JOB_INTERVAL_MS).toBe(expected);
  });

  it.each(["-1", "2.5", "often", "3600001"])("refuses PAYOUT_JOB_INTERVAL_MS=%s, saying what to set", (value) => {
    expect(() => parseEnvironment({ ...valid, PAYOUT_JOB_INTERVAL_MS: value })).toThrow(/PAYOUT_JOB_INTERVAL_MS.*whole number of milliseconds between 0 \(off\)/s);
  });
});
