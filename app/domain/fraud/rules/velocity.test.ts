import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import type { CreatorDay } from "../fraud-types";
import { weekdayOf } from "../robust-stats";
import { creatorHistory, dayRange, historyInput, NOW, PROGRAM, windowOrder } from "./fraud-test-fixtures";
import { velocityRule } from "./velocity";

const settings = DEFAULT_FRAUD_SETTINGS.velocity;
const ORDER_VALUE = 5000;

/** Since October: Saturdays 12 orders, other days 3–5 (median 4); `recent` overrides days of the window (Dec 4–6). */
function history(recent: Record<string, number>): CreatorDay[] {
  return dayRange("2026-10-01", "2026-12-06", (day, index) => {
    const orders = recent[day] ?? (weekdayOf(day) === 6 ? 12 : 3 + (index % 3));
    return { orders, revenueMinor: orders * ORDER_VALUE };
  });
}

describe("velocity: a day far above the creator's usual for that weekday", () => {
  it("hit: 30 orders on a Friday that usually brings 4", () => {
    const friday = [windowOrder({ day: "2026-12-04" }), windowOrder({ day: "2026-12-04" })];
    const anna = creatorHistory({ days: history({ "2026-12-04": 30 }), windowOrders: [...friday, windowOrder({ day: "2026-12-03" })] });
    const [verdict, ...rest] = velocityRule.evaluate(historyInput([anna]), settings, NOW);
    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({ rule: "velocity", creatorId: "anna", severity: "high", patternKey: "day:2026-12-04", holdScope: "orders" });
    expect(verdict?.orderIds).toEqual(friday.map((order) => order.orderId));
    expect(verdict?.summary).toBe("Anna had 30 orders on Friday 2026-12-04 against a usual 4 for Fridays (robust z 13); revenue was 7.5 times the usual (robust z 13). Flag above 6.");
    const series = verdict?.evidence.series;
    // The baseline (56 days) and the window (3 days), at most 60.
    expect(series?.points).toHaveLength(59);
    expect(series?.points.at(-3)).toEqual({ day: "2026-12-04", value: 30 });
    expect(series?.baseline?.at(-3)).toEqual({ day: "2026-12-04", value: 4 });
    expect(series?.baseline?.at(-2)).toEqual({ day: "2026-12-05", value: 12 });
  });

  it("near miss: 30 orders on a Saturday, where 12 is usual (weekday-aware)", () => {
    const anna = creatorHistory({ days: history({ "2026-12-05": 30 }) });
    expect(velocityRule.evaluate(historyInput([anna]), settings, NOW)).toEqual([]);
  });

  it("hit: 60 orders on that Saturday", () => {
    const anna = creatorHistory({ days: history({ "2026-12-05": 60 }) });
    const [verdict] = velocityRule.evaluate(historyInput([anna]), settings, NOW);
    expect(verdict?.patternKey).toBe("day:2026-12-05");
    expect(verdict?.summary).toContain("against a usual 12 for Saturdays");
  });

  it("near miss: the whole program sold 3 times its usual that Friday (a sale), Anna 7.5 times", () => {
    const anna = creatorHistory({ days: history({ "2026-12-04": 30 }) });
    const dailyOrders = dayRange("2026-10-01", "2026-12-06", (day) => ({ orders: day === "2026-12-04" ? 300 : 100 })).map(({ day, orders }) => ({ day, orders }));
    expect(velocityRule.evaluate(historyInput([anna], { program: { ...PROGRAM, dailyOrders } }), settings, NOW)).toEqual([]);
  });

  it("hit: the program's lift is taken out, and the words say so", () => {
    const anna = creatorHistory({ days: history({ "2026-12-04": 60 }) });
    const dailyOrders = dayRange("2026-10-01", "2026-12-06", (day) => ({ orders: day === "2026-12-04" ? 200 : 100 })).map(({ day, orders }) => ({ day, orders }));
    const [verdict] = velocityRule.evaluate(historyInput([anna], { program: { ...PROGRAM, dailyOrders } }), settings, NOW);
    expect(verdict?.summary).toBe(
      "Anna had 60 orders on Friday 2026-12-04 against a usual 4 for Fridays (robust z 13); revenue was 15 times the usual (robust z 13). Flag above 6. The whole program sold 2 times its usual that day; that is taken out first.",
    );
  });

  it("near miss: a day just under the threshold (15 orders on a Friday: z 5.5)", () => {
    const anna = creatorHistory({ days: history({ "2026-12-04": 15 }) });
    expect(velocityRule.evaluate(historyInput([anna]), settings, NOW)).toEqual([]);
  });

  it("revenue alone can flag: 12 orders (z 4) at 10× the usual order value on a Friday", () => {
    const days = history({}).map((day) => (day.day === "2026-12-04" ? { ...day, orders: 12, revenueMinor: 12 * ORDER_VALUE * 10 } : day));
    const [verdict] = velocityRule.evaluate(historyInput([creatorHistory({ days })]), settings, NOW);
    expect(verdict?.summary).toContain("revenue was 30 times the usual");
  });

  it.each([
    { label: "a huge jump on a day with one order fewer than the minimum", days: dayRange("2026-10-01", "2026-12-06", (day) => (day === "2026-12-04" ? { orders: 9, revenueMinor: 9 * ORDER_VALUE } : { clicks: 5 })) },
    { label: "too little history (20 days)", days: dayRange("2026-11-17", "2026-12-06", (day) => ({ orders: day === "2026-12-04" ? 60 : 2, revenueMinor: 1000 })) },
    { label: "the spike is older than the window", days: history({ "2026-12-02": 60 }) },
  ])("near miss: $label", ({ days }) => {
    const anna = creatorHistory({ days, firstOrderAt: new Date(`${days[0]?.day}T10:00:00Z`) });
    expect(velocityRule.evaluate(historyInput([anna]), settings, NOW)).toEqual([]);
  });
});

describe("velocity: a new creator far above the program's new creators", () => {
  const program = { ...PROGRAM, newCreatorFirstOrders: Array.from({ length: 30 }, (_, i) => i + 1) };
  const newCreator = (perDay: number) =>
    creatorHistory({
      firstOrderAt: new Date("2026-11-28T09:00:00Z"),
      days: dayRange("2026-11-28", "2026-12-06", () => ({ orders: perDay, revenueMinor: perDay * ORDER_VALUE })),
    });

  it("hit: 108 orders in the first 9 days; 99 % bring at most ~30", () => {
    const [verdict, ...rest] = velocityRule.evaluate(historyInput([newCreator(12)], { program }), settings, NOW);
    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({ patternKey: "new_creator", severity: "medium" });
    expect(verdict?.summary).toBe("Anna's first 9 days brought 108 orders; 99 % of the program's new creators bring at most 29.7 in their first 14 days (flag above 89.1).");
    expect(verdict?.evidence.series?.points).toHaveLength(9);
  });

  it("near miss: 81 orders", () => {
    expect(velocityRule.evaluate(historyInput([newCreator(9)], { program }), settings, NOW)).toEqual([]);
  });

  it("near miss: too few new creators to compare with", () => {
    expect(velocityRule.evaluate(historyInput([newCreator(12)], { program: { ...program, newCreatorFirstOrders: [1, 2, 3] } }), settings, NOW)).toEqual([]);
  });

  it("near miss: the first days are long past", () => {
    const old = creatorHistory({ firstOrderAt: new Date("2026-10-01T09:00:00Z"), days: dayRange("2026-10-01", "2026-10-10", () => ({ orders: 30 })) });
    expect(velocityRule.evaluate(historyInput([old], { program }), settings, NOW)).toEqual([]);
  });
});
