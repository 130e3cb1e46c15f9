import { describe, expect, it } from "vitest";
import { buildReportingDays } from "./build-reporting-days";
import { findLocalDayStart } from "./find-local-day-start";
import { toLocalDay } from "./to-local-day";

const HOUR = 3_600_000;

describe("findLocalDayStart: the first instant of a shop's calendar day", () => {
  it.each([
    { label: "UTC", zone: "UTC", day: "2026-11-20", start: "2026-11-20T00:00:00.000Z" },
    { label: "New York, winter (UTC−5)", zone: "America/New_York", day: "2026-11-20", start: "2026-11-20T05:00:00.000Z" },
    { label: "New York, summer (UTC−4)", zone: "America/New_York", day: "2026-07-04", start: "2026-07-04T04:00:00.000Z" },
    { label: "New York, spring-forward day starts before the change", zone: "America/New_York", day: "2026-03-08", start: "2026-03-08T05:00:00.000Z" },
    { label: "New York, fall-back day starts before the change", zone: "America/New_York", day: "2026-11-01", start: "2026-11-01T04:00:00.000Z" },
    { label: "Tokyo (UTC+9): the shop's day starts the evening before in UTC", zone: "Asia/Tokyo", day: "2026-11-20", start: "2026-11-19T15:00:00.000Z" },
    { label: "Kolkata (UTC+5:30)", zone: "Asia/Kolkata", day: "2026-11-20", start: "2026-11-19T18:30:00.000Z" },
    { label: "Kathmandu (UTC+5:45)", zone: "Asia/Kathmandu", day: "2026-11-20", start: "2026-11-19T18:15:00.000Z" },
    { label: "Santiago: DST skips midnight, the day starts at 01:00 (−03)", zone: "America/Santiago", day: "2026-09-06", start: "2026-09-06T04:00:00.000Z" },
    { label: "Santiago: fall-back at midnight replays 23:00 of the 4th, so the 5th starts at 00:00 (−04)", zone: "America/Santiago", day: "2026-04-05", start: "2026-04-05T04:00:00.000Z" },
    { label: "Lord Howe (half-hour DST), spring forward", zone: "Australia/Lord_Howe", day: "2026-10-04", start: "2026-10-03T13:30:00.000Z" },
  ])("$label: $day starts at $start", ({ zone, day, start }) => {
    expect(findLocalDayStart(day, zone).toISOString()).toBe(start);
  });
});

describe("buildReportingDays: contiguous [start, end) buckets in the shop's zone", () => {
  it.each([
    { label: "an ordinary day is 24 hours", zone: "America/New_York", day: "2026-11-20", hours: 24 },
    { label: "US spring-forward day is 23 hours", zone: "America/New_York", day: "2026-03-08", hours: 23 },
    { label: "US fall-back day is 25 hours", zone: "America/New_York", day: "2026-11-01", hours: 25 },
    { label: "EU spring-forward day is 23 hours", zone: "Europe/Berlin", day: "2026-03-29", hours: 23 },
    { label: "EU fall-back day is 25 hours", zone: "Europe/Berlin", day: "2026-10-25", hours: 25 },
    { label: "Santiago day whose midnight is skipped is 23 hours", zone: "America/Santiago", day: "2026-09-06", hours: 23 },
    { label: "Lord Howe spring-forward day is 23½ hours", zone: "Australia/Lord_Howe", day: "2026-10-04", hours: 23.5 },
    { label: "Santiago day before a fall-back at midnight is 25 hours", zone: "America/Santiago", day: "2026-04-04", hours: 25 },
    { label: "Tokyo has no DST", zone: "Asia/Tokyo", day: "2026-03-08", hours: 24 },
  ])("$label", ({ zone, day, hours }) => {
    const [bucket] = buildReportingDays({ from: day, to: day }, zone);
    expect(bucket?.day).toBe(day);
    expect(((bucket?.end.getTime() ?? 0) - (bucket?.start.getTime() ?? 0)) / HOUR).toBe(hours);
  });

  it("covers a range across both US DST changes without gaps or overlaps, every instant on its own local day", () => {
    const days = buildReportingDays({ from: "2026-03-01", to: "2026-11-30" }, "America/New_York");
    expect(days).toHaveLength(275);
    for (let index = 1; index < days.length; index++) expect(days[index]?.start).toEqual(days[index - 1]?.end);
    for (const bucket of days) {
      expect(toLocalDay(bucket.start, "America/New_York")).toBe(bucket.day);
      expect(toLocalDay(new Date(bucket.end.getTime() - 1), "America/New_York")).toBe(bucket.day);
    }
  });

  it("puts an order placed at 23:30 local on the shop's day, not UTC's", () => {
    const days = buildReportingDays({ from: "2026-11-20", to: "2026-11-21" }, "America/Los_Angeles");
    const placed = new Date("2026-11-21T07:30:00.000Z"); // 23:30 on the 20th in Los Angeles
    expect(days.find((bucket) => placed >= bucket.start && placed < bucket.end)?.day).toBe("2026-11-20");
  });

  it("gives a day a zone skipped entirely an empty bucket (Samoa, 30 December 2011)", () => {
    const days = buildReportingDays({ from: "2011-12-29", to: "2011-12-31" }, "Pacific/Apia");
    expect(days.map((bucket) => (bucket.end.getTime() - bucket.start.getTime()) / HOUR)).toEqual([24, 0, 24]);
  });

  it.each([
    { label: "an end before the start", range: { from: "2026-11-20", to: "2026-11-19" }, message: /before it starts/ },
    { label: "more than 366 days", range: { from: "2025-01-01", to: "2026-11-20" }, message: /at most 366/ },
    { label: "a day that is not a date", range: { from: "2026-02-30", to: "2026-03-01" }, message: /not a calendar day/ },
  ])("refuses $label", ({ range, message }) => {
    expect(() => buildReportingDays(range, "UTC")).toThrow(message);
  });
});
