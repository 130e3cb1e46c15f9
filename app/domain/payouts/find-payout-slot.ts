import { addDays, findLocalDayStart, parseDay, toLocalDay } from "../reporting";

/** PayoutSettings' schedule: weekly on an ISO weekday (1 = Monday … 7), twice a month (1st and 15th), monthly on day 1–28. */
export type PayoutSchedule =
  | { readonly kind: "off" }
  | { readonly kind: "weekly"; readonly weekday: number }
  | { readonly kind: "twice_monthly" }
  | { readonly kind: "monthly"; readonly monthDay: number };

export type PayoutSlot = {
  /** "weekly:2026-12-07": one run per slot (PayoutRun.scheduleKey is unique per shop). */
  readonly key: string;
  /** The shop's calendar day of the slot. */
  readonly day: string;
  /** The first instant of that day in the shop's time zone. */
  readonly startsAt: Date;
};

/**
 * Reads PayoutSettings' columns into a schedule, or says what is wrong with them (settings saved by an older
 * version, or by hand): the scheduler then skips the shop and logs the message.
 */
export function readPayoutSchedule(settings: { readonly schedule: string; readonly scheduleWeekday: number | null; readonly scheduleMonthDay: number | null }): PayoutSchedule {
  switch (settings.schedule) {
    case "off":
      return { kind: "off" };
    case "weekly":
      if (settings.scheduleWeekday === null || !Number.isInteger(settings.scheduleWeekday) || settings.scheduleWeekday < 1 || settings.scheduleWeekday > 7) {
        throw new RangeError("A weekly payout schedule needs a weekday from 1 (Monday) to 7 (Sunday); choose one in Settings › Payouts.");
      }
      return { kind: "weekly", weekday: settings.scheduleWeekday };
    case "twice_monthly":
      return { kind: "twice_monthly" };
    case "monthly":
      if (settings.scheduleMonthDay === null || !Number.isInteger(settings.scheduleMonthDay) || settings.scheduleMonthDay < 1 || settings.scheduleMonthDay > 28) {
        throw new RangeError("A monthly payout schedule needs a day of the month from 1 to 28; choose one in Settings › Payouts.");
      }
      return { kind: "monthly", monthDay: settings.scheduleMonthDay };
    default:
      throw new RangeError(`"${settings.schedule}" is not a payout schedule; choose off, weekly, twice a month or monthly in Settings › Payouts.`);
  }
}

function isoWeekday(day: string): number {
  const { year, month, day: date } = parseDay(day);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The latest slot day on or before `today` (a shop calendar day). */
function findSlotDayOnOrBefore(schedule: Exclude<PayoutSchedule, { kind: "off" }>, today: string): string {
  const { year, month, day } = parseDay(today);
  const monthStart = today.slice(0, 8);
  switch (schedule.kind) {
    case "weekly":
      return addDays(today, -((isoWeekday(today) - schedule.weekday + 7) % 7));
    case "twice_monthly":
      return `${monthStart}${day >= 15 ? "15" : "01"}`;
    case "monthly": {
      const slotDay = String(schedule.monthDay).padStart(2, "0");
      if (day >= schedule.monthDay) return `${monthStart}${slotDay}`;
      const previous = new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 8);
      return `${previous}${slotDay}`;
    }
  }
}

function toSlot(schedule: Exclude<PayoutSchedule, { kind: "off" }>, day: string, timeZone: string): PayoutSlot {
  return { key: `${schedule.kind}:${day}`, day, startsAt: findLocalDayStart(day, timeZone) };
}

/**
 * The slot due at `now`, or null. A slot is due on its own calendar day in the shop's time zone (from its local
 * midnight to the next): the scheduler, which runs every few minutes, plans it once (the slot key is unique). A slot
 * whose whole day passed while Affable was not running is not made up later: the money it would have paid is still
 * owed and the next slot pays it. This also keeps a schedule switched on mid-week from paying at once.
 */
export function findDuePayoutSlot(schedule: PayoutSchedule, now: Date, timeZone: string): PayoutSlot | null {
  if (schedule.kind === "off") return null;
  const today = toLocalDay(now, timeZone);
  const day = findSlotDayOnOrBefore(schedule, today);
  return day === today ? toSlot(schedule, day, timeZone) : null;
}

/** The next slot after today (shop calendar), for "Next scheduled run: Dec 14, 2026"; null when the schedule is off. */
export function findNextPayoutSlot(schedule: PayoutSchedule, now: Date, timeZone: string): PayoutSlot | null {
  if (schedule.kind === "off") return null;
  const today = toLocalDay(now, timeZone);
  // Every kind has a slot within 31 days; look at most that far.
  for (let offset = 1; offset <= 31; offset++) {
    const day = addDays(today, offset);
    if (findSlotDayOnOrBefore(schedule, day) === day) return toSlot(schedule, day, timeZone);
  }
  throw new RangeError("No payout slot in the next 31 days: the schedule is not one Affable knows.");
}
