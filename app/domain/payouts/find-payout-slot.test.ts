import { describe, expect, it } from "vitest";
import { findDuePayoutSlot, findNextPayoutSlot, readPayoutSchedule, type PayoutSchedule } from "./find-payout-slot";

type Row = { label: string; schedule: PayoutSchedule; now: string; timeZone: string; due: string | null; startsAt?: string };

describe("findDuePayoutSlot", () => {
  it.each<Row>([
    { label: "weekly on Monday: due on Monday (2026-12-07 is a Monday)", schedule: { kind: "weekly", weekday: 1 }, now: "2026-12-07T09:00:00Z", timeZone: "UTC", due: "weekly:2026-12-07", startsAt: "2026-12-07T00:00:00.000Z" },
    { label: "weekly on Monday: not due on Tuesday (a missed day is not made up)", schedule: { kind: "weekly", weekday: 1 }, now: "2026-12-08T09:00:00Z", timeZone: "UTC", due: null },
    { label: "weekly on Sunday (7)", schedule: { kind: "weekly", weekday: 7 }, now: "2026-12-13T23:59:00Z", timeZone: "UTC", due: "weekly:2026-12-13" },
    {
      label: "the shop's day, not UTC's: Monday 01:00 in Tokyo is Sunday in UTC",
      schedule: { kind: "weekly", weekday: 1 }, now: "2026-12-06T16:00:00Z", timeZone: "Asia/Tokyo", due: "weekly:2026-12-07", startsAt: "2026-12-06T15:00:00.000Z",
    },
    { label: "…and Monday 23:00 UTC is already Tuesday in Tokyo", schedule: { kind: "weekly", weekday: 1 }, now: "2026-12-07T23:00:00Z", timeZone: "Asia/Tokyo", due: null },
    {
      label: "New York: the slot starts at local midnight (EST, UTC−5)",
      schedule: { kind: "weekly", weekday: 1 }, now: "2026-12-07T05:00:00Z", timeZone: "America/New_York", due: "weekly:2026-12-07", startsAt: "2026-12-07T05:00:00.000Z",
    },
    { label: "…one minute earlier it is still Sunday there", schedule: { kind: "weekly", weekday: 1 }, now: "2026-12-07T04:59:00Z", timeZone: "America/New_York", due: null },
    {
      label: "a DST day in New York (2026-03-08, Sunday) starts at its local midnight, EST",
      schedule: { kind: "weekly", weekday: 7 }, now: "2026-03-08T12:00:00Z", timeZone: "America/New_York", due: "weekly:2026-03-08", startsAt: "2026-03-08T05:00:00.000Z",
    },
    { label: "twice a month: the 1st", schedule: { kind: "twice_monthly" }, now: "2026-12-01T10:00:00Z", timeZone: "UTC", due: "twice_monthly:2026-12-01" },
    { label: "twice a month: the 15th", schedule: { kind: "twice_monthly" }, now: "2026-12-15T10:00:00Z", timeZone: "UTC", due: "twice_monthly:2026-12-15" },
    { label: "twice a month: not the 16th", schedule: { kind: "twice_monthly" }, now: "2026-12-16T10:00:00Z", timeZone: "UTC", due: null },
    { label: "monthly on the 28th, in February", schedule: { kind: "monthly", monthDay: 28 }, now: "2027-02-28T10:00:00Z", timeZone: "UTC", due: "monthly:2027-02-28" },
    { label: "monthly on the 5th: not the 4th", schedule: { kind: "monthly", monthDay: 5 }, now: "2027-01-04T10:00:00Z", timeZone: "UTC", due: null },
    { label: "off", schedule: { kind: "off" }, now: "2026-12-07T10:00:00Z", timeZone: "UTC", due: null },
  ])("$label", ({ schedule, now, timeZone, due, startsAt }) => {
    const slot = findDuePayoutSlot(schedule, new Date(now), timeZone);
    expect(slot?.key ?? null).toBe(due);
    if (startsAt) expect(slot?.startsAt.toISOString()).toBe(startsAt);
  });
});

describe("findNextPayoutSlot", () => {
  it.each<[string, PayoutSchedule, string, string | null]>([
    ["weekly Monday, asked on a Monday: next Monday", { kind: "weekly", weekday: 1 }, "2026-12-07T10:00:00Z", "weekly:2026-12-14"],
    ["weekly Friday, asked on a Monday: this Friday", { kind: "weekly", weekday: 5 }, "2026-12-07T10:00:00Z", "weekly:2026-12-11"],
    ["twice a month after the 15th: the 1st of next month", { kind: "twice_monthly" }, "2026-12-20T10:00:00Z", "twice_monthly:2027-01-01"],
    ["monthly on the 28th from Jan 29: Feb 28", { kind: "monthly", monthDay: 28 }, "2027-01-29T10:00:00Z", "monthly:2027-02-28"],
    ["off", { kind: "off" }, "2027-01-29T10:00:00Z", null],
  ])("%s", (_label, schedule, now, next) => {
    expect(findNextPayoutSlot(schedule, new Date(now), "UTC")?.key ?? null).toBe(next);
  });
});

describe("readPayoutSchedule", () => {
  it("reads the settings' columns", () => {
    expect(readPayoutSchedule({ schedule: "weekly", scheduleWeekday: 3, scheduleMonthDay: null })).toEqual({ kind: "weekly", weekday: 3 });
    expect(readPayoutSchedule({ schedule: "monthly", scheduleWeekday: null, scheduleMonthDay: 28 })).toEqual({ kind: "monthly", monthDay: 28 });
    expect(readPayoutSchedule({ schedule: "twice_monthly", scheduleWeekday: null, scheduleMonthDay: null })).toEqual({ kind: "twice_monthly" });
  });
  it.each([
    [{ schedule: "weekly", scheduleWeekday: null, scheduleMonthDay: null }, /weekday from 1 \(Monday\) to 7/],
    [{ schedule: "weekly", scheduleWeekday: 8, scheduleMonthDay: null }, /weekday from 1/],
    [{ schedule: "monthly", scheduleWeekday: null, scheduleMonthDay: 31 }, /day of the month from 1 to 28/],
    [{ schedule: "daily", scheduleWeekday: null, scheduleMonthDay: null }, /"daily" is not a payout schedule/],
  ])("refuses %o", (settings, message) => {
    expect(() => readPayoutSchedule(settings)).toThrow(message);
  });
});
