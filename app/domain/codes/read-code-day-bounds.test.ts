import { describe, expect, it } from "vitest";
import { readCodeEndsAt, readCodeStartsAt, toCodeEndDay } from "./read-code-day-bounds";

// A code "ending Dec 31" works all of Dec 31 in the shop's time zone: Shopify's endsAt is the first instant of
// the next local day (Shopify expires a discount once endsAt is reached).
describe("a code's dates typed as days are read in the shop's time zone", () => {
  it.each([
    { zone: "Asia/Tokyo", day: "2026-12-31", endsAt: "2026-12-31T15:00:00.000Z", startsAt: "2026-12-30T15:00:00.000Z" },
    { zone: "UTC", day: "2026-12-31", endsAt: "2027-01-01T00:00:00.000Z", startsAt: "2026-12-31T00:00:00.000Z" },
    { zone: "America/New_York", day: "2026-12-31", endsAt: "2027-01-01T05:00:00.000Z", startsAt: "2026-12-31T05:00:00.000Z" },
    // The day before New York's spring-forward (Mar 8 2026): the next day starts at EST midnight, the day itself too.
    { zone: "America/New_York", day: "2026-03-07", endsAt: "2026-03-08T05:00:00.000Z", startsAt: "2026-03-07T05:00:00.000Z" },
    // Spring-forward day: it has 23 hours; the next day starts at EDT midnight.
    { zone: "America/New_York", day: "2026-03-08", endsAt: "2026-03-09T04:00:00.000Z", startsAt: "2026-03-08T05:00:00.000Z" },
  ])("$zone: ends on $day → $endsAt; starts on it → $startsAt", ({ zone, day, endsAt, startsAt }) => {
    expect(readCodeEndsAt(day, zone).toISOString()).toBe(endsAt);
    expect(readCodeStartsAt(day, zone).toISOString()).toBe(startsAt);
    expect(toCodeEndDay(new Date(endsAt), zone)).toBe(day);
  });

  it("shows an end Shopify set at another instant as the last day it still worked", () => {
    expect(toCodeEndDay(new Date("2026-12-31T10:00:00.000Z"), "Asia/Tokyo")).toBe("2026-12-31");
    expect(toCodeEndDay(new Date("2026-12-31T15:00:00.001Z"), "Asia/Tokyo")).toBe("2027-01-01");
  });

  it("refuses a day that is not a calendar date", () => {
    expect(() => readCodeEndsAt("2026-02-30", "Asia/Tokyo")).toThrow(RangeError);
    expect(() => readCodeEndsAt("31/12/2026", "Asia/Tokyo")).toThrow(RangeError);
  });
});
