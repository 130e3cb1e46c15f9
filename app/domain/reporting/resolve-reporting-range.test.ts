import { describe, expect, it } from "vitest";
import { resolveReportingRange } from "./resolve-reporting-range";

// 03:30 UTC on Friday 20 November 2026: still Thursday the 19th in New York, already the 20th in Tokyo.
const NOW = new Date("2026-11-20T03:30:00.000Z");

describe("resolveReportingRange: the picker's choice as the shop's calendar days", () => {
  it.each([
    { label: "last 7 days, New York", preset: "last_7_days", zone: "America/New_York", from: "2026-11-13", to: "2026-11-19" },
    { label: "last 7 days, Tokyo", preset: "last_7_days", zone: "Asia/Tokyo", from: "2026-11-14", to: "2026-11-20" },
    { label: "last 30 days, UTC", preset: "last_30_days", zone: "UTC", from: "2026-10-22", to: "2026-11-20" },
    { label: "last 90 days, UTC", preset: "last_90_days", zone: "UTC", from: "2026-08-23", to: "2026-11-20" },
    { label: "this month, Tokyo", preset: "this_month", zone: "Asia/Tokyo", from: "2026-11-01", to: "2026-11-20" },
  ] as const)("$label → $from … $to", ({ preset, zone, from, to }) => {
    expect(resolveReportingRange({ preset }, zone, NOW)).toEqual({ ok: true, range: { preset, from, to } });
  });

  it("this month on the first of a month in the shop's zone is that one day, though UTC is still in the month before", () => {
    const now = new Date("2026-11-30T16:00:00.000Z"); // 1 December, 01:00 in Tokyo
    expect(resolveReportingRange({ preset: "this_month" }, "Asia/Tokyo", now)).toEqual({ ok: true, range: { preset: "this_month", from: "2026-12-01", to: "2026-12-01" } });
  });

  it.each([
    { label: "a valid custom range", from: "2026-03-01", to: "2026-03-31", result: { ok: true, range: { preset: "custom", from: "2026-03-01", to: "2026-03-31" } } },
    { label: "a one-day custom range", from: "2026-03-08", to: "2026-03-08", result: { ok: true, range: { preset: "custom", from: "2026-03-08", to: "2026-03-08" } } },
    { label: "a missing end", from: "2026-03-01", to: undefined, result: { ok: false, message: expect.stringMatching(/both a start and an end/) } },
    { label: "a malformed start", from: "03/01/2026", to: "2026-03-31", result: { ok: false, message: expect.stringMatching(/both a start and an end/) } },
    { label: "reversed dates", from: "2026-03-31", to: "2026-03-01", result: { ok: false, message: expect.stringMatching(/swap them/) } },
    { label: "over a year", from: "2024-01-01", to: "2026-03-01", result: { ok: false, message: expect.stringMatching(/at most 366 days/) } },
  ])("custom: $label", ({ from, to, result }) => {
    expect(resolveReportingRange({ preset: "custom", from, to }, "UTC", NOW)).toEqual(result);
  });
});
