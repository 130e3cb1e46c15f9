import { describe, expect, it } from "vitest";
import { formatShopDate, formatShopDateTime, formatShopDay } from "./format-shop-date";

describe("formatShopDate / formatShopDateTime", () => {
  // 2026-12-07T03:30:00Z is still Dec 6 in New York and already Dec 7 in Tokyo: the shop's zone decides the day.
  const instant = "2026-12-07T03:30:00.000Z";

  it.each([
    { zone: "America/New_York", date: "Dec 6, 2026", dateTime: "Dec 6, 2026, 10:30 PM EST" },
    { zone: "Asia/Tokyo", date: "Dec 7, 2026", dateTime: "Dec 7, 2026, 12:30 PM GMT+9" },
    { zone: "UTC", date: "Dec 7, 2026", dateTime: "Dec 7, 2026, 3:30 AM UTC" },
  ])("$zone", ({ zone, date, dateTime }) => {
    expect(formatShopDate(instant, zone)).toBe(date);
    expect(formatShopDateTime(new Date(instant), zone)).toBe(dateTime);
  });

  it("follows daylight saving time in the shop's zone", () => {
    expect(formatShopDateTime("2026-07-01T16:00:00Z", "America/New_York")).toBe("Jul 1, 2026, 12:00 PM EDT");
  });

  it("formats a shop calendar day without shifting it", () => {
    expect(formatShopDay("2026-12-07")).toBe("Dec 7, 2026");
    expect(formatShopDay("2026-01-01")).toBe("Jan 1, 2026");
  });

  it("refuses what is not a date, naming it", () => {
    expect(() => formatShopDate("not a date", "UTC")).toThrow(/"not a date" is not a date/);
    expect(() => formatShopDate(instant, "Mars/Olympus")).toThrow(RangeError);
  });
});
