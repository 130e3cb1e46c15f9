import { describe, expect, it } from "vitest";
import { computeTierPeriodStart } from "./compute-tier-period";

describe("computeTierPeriodStart", () => {
  it.each([
    { label: "month, UTC shop", period: "calendar_month", at: "2026-06-17T12:00:00Z", zone: "UTC", start: "2026-06-01T00:00:00.000Z" },
    { label: "month starts at Tokyo midnight (previous UTC day)", period: "calendar_month", at: "2026-06-17T12:00:00Z", zone: "Asia/Tokyo", start: "2026-05-31T15:00:00.000Z" },
    { label: "instant that is already July in Tokyo", period: "calendar_month", at: "2026-06-30T16:00:00Z", zone: "Asia/Tokyo", start: "2026-06-30T15:00:00.000Z" },
    { label: "instant that is still May in New York", period: "calendar_month", at: "2026-06-01T03:00:00Z", zone: "America/New_York", start: "2026-05-01T04:00:00.000Z" },
    { label: "first instant of the month belongs to it", period: "calendar_month", at: "2026-06-01T04:00:00Z", zone: "America/New_York", start: "2026-06-01T04:00:00.000Z" },
    { label: "month across a DST change (New York, March: starts in EST)", period: "calendar_month", at: "2026-03-20T12:00:00Z", zone: "America/New_York", start: "2026-03-01T05:00:00.000Z" },
    { label: "month across a DST change (Berlin, October: starts in CEST)", period: "calendar_month", at: "2026-10-30T12:00:00Z", zone: "Europe/Berlin", start: "2026-09-30T22:00:00.000Z" },
    { label: "half-hour zone", period: "calendar_month", at: "2026-02-10T00:00:00Z", zone: "Asia/Kolkata", start: "2026-01-31T18:30:00.000Z" },
    { label: "quarter Q2 from May", period: "calendar_quarter", at: "2026-05-17T12:00:00Z", zone: "UTC", start: "2026-04-01T00:00:00.000Z" },
    { label: "quarter Q1 from January", period: "calendar_quarter", at: "2026-01-01T00:00:00Z", zone: "UTC", start: "2026-01-01T00:00:00.000Z" },
    { label: "quarter Q4 from December, Sydney (DST in force)", period: "calendar_quarter", at: "2026-12-31T12:00:00Z", zone: "Australia/Sydney", start: "2026-09-30T14:00:00.000Z" },
    { label: "quarter: new year in Tokyo while UTC is still December", period: "calendar_quarter", at: "2026-12-31T20:00:00Z", zone: "Asia/Tokyo", start: "2026-12-31T15:00:00.000Z" },
    { label: "lifetime has no start", period: "lifetime", at: "2026-05-17T12:00:00Z", zone: "UTC", start: null },
  ] as const)("$label", ({ period, at, zone, start }) => {
    expect(computeTierPeriodStart(period, new Date(at), zone)?.toISOString() ?? null).toBe(start);
  });

  it("refuses a timezone that is not IANA, saying what to do", () => {
    expect(() => computeTierPeriodStart("calendar_month", new Date("2026-06-17T12:00:00Z"), "Mars/Olympus")).toThrow(/IANA timezone/);
  });
});

describe("computeTierPeriodStart around DST changes at midnight", () => {
  it.each([
    // Santiago springs forward at midnight on 2026-09-06: September starts on the 1st in winter time (UTC-4),
    // October in summer time (UTC-3). (Skipped and repeated midnights are tested with findLocalDayStart.)
    { label: "month before the change (Santiago)", at: "2026-09-02T12:00:00Z", zone: "America/Santiago", start: "2026-09-01T04:00:00.000Z", period: "calendar_month" },
    { label: "month after the change (Santiago)", at: "2026-10-02T12:00:00Z", zone: "America/Santiago", start: "2026-10-01T03:00:00.000Z", period: "calendar_month" },
    // Santiago falls back at midnight on 2026-04-05; April 1 is still summer time (UTC-3).
    { label: "quarter starting in summer time (Santiago, April)", at: "2026-04-05T12:00:00Z", zone: "America/Santiago", start: "2026-04-01T03:00:00.000Z", period: "calendar_quarter" },
  ] as const)("$label", ({ period, at, zone, start }) => {
    expect(computeTierPeriodStart(period, new Date(at), zone)?.toISOString()).toBe(start);
  });
});
