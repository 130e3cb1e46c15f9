/*
 * Velocity (history rule), two patterns:
 * - "day:<YYYY-MM-DD>": a recent day (the last `windowDays`) whose orders or revenue lie more than `threshold` robust
 *   deviations (median/MAD, robust-stats.ts) above the creator's baseline for that weekday (weekday-aware: the same
 *   weekdays of the baseline period when there are four of them, else every day). The creator needs
 *   `minHistoryDays` of history and the day at least `minDayOrders` orders, so a creator going from 0 to 3 orders is
 *   never a spike. Daily counts vary like Poisson counts, so the deviation unit is at least √median (at least 1); for
 *   revenue at least the usual order value × that. Near miss: a day just under the threshold, or a huge z on a day
 *   with minDayOrders − 1 orders.
 * - "new_creator": a new creator's orders in their first `newCreatorDays` days above the program's 99th percentile
 *   of new creators × `newCreatorFactor` (and at least `newCreatorMinOrders`), once the program has
 *   `newCreatorMinSample` new creators to compare with. The creator's first day is the first day with an order at or
 *   after firstOrderAt (the scan's days are shop-local; firstOrderAt is an instant, so it is read as a UTC day and
 *   matched to the series within a day).
 * Program-wide days (a sale, Black Friday) lift every creator at once: when the scan passes the program's daily
 * orders, a creator's day is divided by the program's lift that day (the program's day against its own weekday
 * median, only when above 1) before it is compared, and the words say so.
 * The evidence carries a series (daily orders and the weekday baseline) for the chart.
 */
import type { CreatorHistory, HistoryRuleInput, RiskEvidenceSeries, RiskVerdict } from "../fraud-types";
import type { VelocitySettings } from "../fraud-settings";
import { robustZScore, sampleQuantile, weekdayAwareBaseline, weekdayOf, type DayValue } from "../robust-stats";
import { median } from "simple-statistics";
import { defineHistoryRule } from "./define-fraud-rule";
import { evidenceOrders, fact, oneDecimal, plural } from "./rule-words";

const DAY_MS = 86_400_000;
const SERIES_DAYS = 60;
/** Fewer baseline days than this and the spike check waits. */
const MIN_BASELINE_DAYS = 7;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayOfIndex = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

type Dense = { readonly start: number; readonly orders: number[]; readonly revenue: number[] };

/** Orders and revenue per day from `start` to `end` (day indexes, inclusive), absent days as zero. */
function denseSeries(creator: CreatorHistory, start: number, end: number): Dense {
  const length = Math.max(0, end - start + 1);
  const orders = new Array<number>(length).fill(0);
  const revenue = new Array<number>(length).fill(0);
  for (const day of creator.days) {
    const index = dayIndex(day.day) - start;
    if (index < 0 || index >= length) continue;
    orders[index] = day.orders;
    revenue[index] = day.revenueMinor;
  }
  return { start, orders, revenue };
}

const points = (dense: Dense, values: number[], from: number, to: number): DayValue[] => {
  const result: DayValue[] = [];
  for (let index = from; index <= to; index += 1) result.push({ day: dayOfIndex(index), value: values[index - dense.start] ?? 0 });
  return result;
};

function buildSeries(dense: Dense, baseline: DayValue[], from: number, to: number): RiskEvidenceSeries {
  const usualByWeekday = new Map<number, number>();
  for (let back = 0; back < 7; back += 1) {
    const day = dayOfIndex(to - back);
    const sample = weekdayAwareBaseline(baseline, day).values;
    usualByWeekday.set(weekdayOf(day), sample.length > 0 ? median(sample) : 0);
  }
  const chartPoints = points(dense, dense.orders, from, to);
  return {
    label: "Orders per day",
    unit: "count",
    points: chartPoints,
    baseline: chartPoints.map((point) => ({ day: point.day, value: usualByWeekday.get(weekdayOf(point.day)) ?? 0 })),
  };
}

/** The program's lift on a day: its orders against its weekday-aware median over the baseline, at least 1. */
type ProgramLift = (day: string) => number;

function buildProgramLift(input: HistoryRuleInput, settings: VelocitySettings, today: number): ProgramLift {
  const daily = input.program.dailyOrders;
  if (daily === undefined || daily.length === 0) return () => 1;
  const windowStart = today - (settings.windowDays - 1);
  const baselineStart = windowStart - settings.baselineDays;
  const byDay = new Map(daily.map((point) => [point.day, point.orders]));
  const baseline: DayValue[] = [];
  for (let index = baselineStart; index < windowStart; index += 1) {
    const day = dayOfIndex(index);
    baseline.push({ day, value: byDay.get(day) ?? 0 });
  }
  const cache = new Map<string, number>();
  return (day) => {
    const cached = cache.get(day);
    if (cached !== undefined) return cached;
    const usual = median(weekdayAwareBaseline(baseline, day).values);
    const lift = usual > 0 ? Math.max(1, (byDay.get(day) ?? 0) / usual) : 1;
    cache.set(day, lift);
    return lift;
  };
}

function judgeSpikes(creator: CreatorHistory, input: HistoryRuleInput, settings: VelocitySettings, today: number, programLift: ProgramLift): RiskVerdict[] {
  const windowStart = today - (settings.windowDays - 1);
  const candidates = creator.days.filter((day) => day.orders >= settings.minDayOrders && day.day <= input.today && dayIndex(day.day) >= windowStart);
  if (candidates.length === 0 || creator.days.length === 0) return [];
  const firstSeen = dayIndex((creator.days[0] as { day: string }).day);
  const firstOrder = creator.firstOrderAt === null ? firstSeen : Math.floor(creator.firstOrderAt.getTime() / DAY_MS);
  const historyStart = Math.min(firstSeen, firstOrder);
  if (today - historyStart + 1 < settings.minHistoryDays) return [];
  const baselineStart = Math.max(historyStart, windowStart - settings.baselineDays);
  if (windowStart - baselineStart < MIN_BASELINE_DAYS) return [];

  const dense = denseSeries(creator, baselineStart, today);
  const baselineOrders = points(dense, dense.orders, baselineStart, windowStart - 1);
  const baselineRevenue = points(dense, dense.revenue, baselineStart, windowStart - 1);
  const totalOrders = baselineOrders.reduce((sum, point) => sum + point.value, 0);
  const totalRevenue = baselineRevenue.reduce((sum, point) => sum + point.value, 0);

  const verdicts: RiskVerdict[] = [];
  for (const day of candidates) {
    const orderSample = weekdayAwareBaseline(baselineOrders, day.day);
    const revenueSample = weekdayAwareBaseline(baselineRevenue, day.day);
    const lift = programLift(day.day);
    const ordersZ = robustZScore(day.orders / lift, orderSample.values, (centre) => Math.sqrt(Math.max(centre, 1)));
    const usualOrderValue = totalOrders > 0 ? totalRevenue / totalOrders : day.revenueMinor / day.orders;
    const revenueZ = robustZScore(day.revenueMinor / lift, revenueSample.values, () => usualOrderValue * Math.sqrt(Math.max(ordersZ.median, 1)));
    const worst = Math.max(ordersZ.z, revenueZ.z);
    if (worst < settings.threshold) continue;

    const weekdayName = WEEKDAYS[weekdayOf(day.day)] as string;
    const usualWhen = orderSample.sameWeekday ? `${weekdayName}s` : "a day";
    const revenueTimes = revenueZ.median > 0 ? `${oneDecimal(day.revenueMinor / revenueZ.median)} times the usual` : "against a usual of none";
    const dayOrders = creator.windowOrders.filter((order) => order.day === day.day);
    verdicts.push({
      rule: "velocity",
      creatorId: creator.creatorId,
      severity: worst >= settings.threshold * 2 ? "high" : "medium",
      patternKey: `day:${day.day}`,
      summary: `${creator.name} had ${plural(day.orders, "order")} on ${weekdayName} ${day.day} against a usual ${oneDecimal(ordersZ.median)} for ${usualWhen} (robust z ${oneDecimal(ordersZ.z)}); revenue was ${revenueTimes} (robust z ${oneDecimal(revenueZ.z)}). Flag above ${oneDecimal(settings.threshold)}.${lift > 1 ? ` The whole program sold ${oneDecimal(lift)} times its usual that day; that is taken out first.` : ""}`,
      evidence: {
        facts: [
          fact("Day", `${weekdayName} ${day.day}`),
          fact("Orders that day", day.orders),
          fact(`Usual orders (median, ${orderSample.sameWeekday ? `${weekdayName}s` : "all days"})`, oneDecimal(ordersZ.median)),
          fact("Baseline", `${plural(baselineOrders.length, "day")} before the window`),
          fact("Program's lift that day", lift > 1 ? `${oneDecimal(lift)}×` : "none"),
        ],
        compared: [
          { metric: "Orders that day (robust z)", observed: ordersZ.z, baseline: 0, threshold: settings.threshold, unit: "z" },
          { metric: "Revenue that day (robust z)", observed: revenueZ.z, baseline: 0, threshold: settings.threshold, unit: "z" },
          { metric: "Orders that day", observed: day.orders, baseline: ordersZ.median, threshold: ordersZ.median + settings.threshold * ordersZ.scale, unit: "count" },
          { metric: "Revenue that day", observed: day.revenueMinor, baseline: revenueZ.median, threshold: revenueZ.median + settings.threshold * revenueZ.scale, unit: "minor" },
        ],
        orders: evidenceOrders(dayOrders, () => `placed on ${day.day}`),
        series: buildSeries(dense, baselineOrders, Math.max(baselineStart, today - (SERIES_DAYS - 1)), today),
      },
      orderIds: dayOrders.map((order) => order.orderId),
      holdScope: "orders",
    });
  }
  return verdicts;
}

function judgeNewCreator(creator: CreatorHistory, input: HistoryRuleInput, settings: VelocitySettings, today: number, limit: number | null, p99: number | null): RiskVerdict[] {
  if (limit === null || p99 === null || creator.firstOrderAt === null) return [];
  const approxStart = Math.floor(creator.firstOrderAt.getTime() / DAY_MS);
  const windowStart = today - (settings.windowDays - 1);
  // Only while the first days are recent: they end inside (or after the start of) the window.
  if (approxStart + settings.newCreatorDays - 1 < windowStart) return [];
  const firstDay = creator.days.find((day) => day.orders > 0 && dayIndex(day.day) >= approxStart - 1);
  const start = firstDay === undefined ? approxStart : dayIndex(firstDay.day);
  const end = Math.min(start + settings.newCreatorDays - 1, today);
  let orders = 0;
  for (const day of creator.days) {
    const index = dayIndex(day.day);
    if (index >= start && index <= end) orders += day.orders;
  }
  if (orders <= limit) return [];
  const daysSoFar = end - start + 1;
  const dense = denseSeries(creator, start, end);
  const firstOrders = creator.windowOrders.filter((order) => {
    const index = dayIndex(order.day);
    return index >= start && index <= end;
  });
  return [
    {
      rule: "velocity",
      creatorId: creator.creatorId,
      severity: orders > limit * 2 ? "high" : "medium",
      patternKey: "new_creator",
      summary: `${creator.name}'s first ${plural(daysSoFar, "day")} brought ${plural(orders, "order")}; 99 % of the program's new creators bring at most ${oneDecimal(p99)} in their first ${plural(settings.newCreatorDays, "day")} (flag above ${oneDecimal(limit)}).`,
      evidence: {
        facts: [
          fact("First day with an order", dayOfIndex(start)),
          fact(`Orders in the first ${plural(daysSoFar, "day")}`, orders),
          fact("New creators compared", input.program.newCreatorFirstOrders.length),
          fact("99th percentile of new creators", oneDecimal(p99)),
        ],
        compared: [{ metric: `Orders in the first ${plural(settings.newCreatorDays, "day")}`, observed: orders, baseline: p99, threshold: limit, unit: "count" }],
        orders: evidenceOrders(firstOrders, () => "in the creator's first days"),
        series: { label: "Orders per day", unit: "count", points: points(dense, dense.orders, start, end) },
      },
      orderIds: firstOrders.map((order) => order.orderId),
      holdScope: "orders",
    },
  ];
}

export const velocityRule = defineHistoryRule({
  id: "velocity",
  title: "Velocity",
  evaluate: (input, settings): RiskVerdict[] => {
    const today = dayIndex(input.today);
    const sample = input.program.newCreatorFirstOrders;
    const p99 = sample.length >= settings.newCreatorMinSample ? sampleQuantile(sample, 0.99) : null;
    const limit = p99 === null ? null : Math.max(p99 * settings.newCreatorFactor, settings.newCreatorMinOrders);
    const programLift = buildProgramLift(input, settings, today);
    return input.creators.flatMap((creator) => [...judgeSpikes(creator, input, settings, today, programLift), ...judgeNewCreator(creator, input, settings, today, limit, p99)]);
  },
});
