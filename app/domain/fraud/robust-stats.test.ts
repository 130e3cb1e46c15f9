import { describe, expect, it } from "vitest";
import { robustZScore, sampleQuantile, weekdayAwareBaseline, weekdayOf } from "./robust-stats";

describe("robustZScore: median and MAD", () => {
  it("reads like a z-score on normal-ish data and ignores one outlier in the sample", () => {
    const sample = [10, 11, 9, 10, 12, 8, 10, 200];
    const result = robustZScore(16, sample);
    expect(result.median).toBe(10);
    expect(result.mad).toBe(1);
    expect(result.scale).toBeCloseTo(1.4826, 4);
    expect(result.z).toBeCloseTo(6 / 1.4826, 4);
  });

  it.each([
    { label: "value at the median", value: 5, sample: [5, 5, 5], floor: 0, z: 0 },
    { label: "MAD 0, no floor: infinitely far", value: 6, sample: [5, 5, 5], floor: 0, z: Infinity },
    { label: "MAD 0, below: -Infinity", value: 4, sample: [5, 5, 5], floor: 0, z: -Infinity },
    { label: "MAD 0 with a floor of 2", value: 9, sample: [5, 5, 5], floor: 2, z: 2 },
  ])("$label", ({ value, sample, floor, z }) => {
    expect(robustZScore(value, sample, floor).z).toBe(z);
  });

  it("a floor can depend on the median (√median for counts)", () => {
    expect(robustZScore(25, [16, 16, 16], (m) => Math.sqrt(m)).z).toBe(9 / 4);
  });

  it("an empty sample is a caller's bug", () => {
    expect(() => robustZScore(1, [])).toThrow(/at least one value/);
  });
});

describe("sampleQuantile", () => {
  it("the 99th percentile of 1..100", () => {
    const p99 = sampleQuantile(Array.from({ length: 100 }, (_, i) => i + 1), 0.99) ?? 0;
    expect(p99).toBeGreaterThanOrEqual(99);
    expect(p99).toBeLessThanOrEqual(100);
    expect(sampleQuantile([], 0.99)).toBeNull();
  });
});

describe("weekdayAwareBaseline", () => {
  // Four weeks: Saturdays sell 20, every other day 5.
  const baseline = Array.from({ length: 28 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10);
    return { day, value: weekdayOf(day) === 6 ? 20 : 5 };
  });

  it("weekdayOf", () => {
    expect(weekdayOf("2026-12-05")).toBe(6);
    expect(weekdayOf("2026-12-06")).toBe(0);
  });

  it("compares a Saturday with Saturdays when there are four", () => {
    expect(weekdayAwareBaseline(baseline, "2026-12-05")).toEqual({ values: [20, 20, 20, 20], sameWeekday: true });
    expect(robustZScore(22, weekdayAwareBaseline(baseline, "2026-12-05").values, 1).z).toBe(2);
  });

  it("falls back to every day with fewer than four of that weekday", () => {
    const short = baseline.slice(0, 20);
    const result = weekdayAwareBaseline(short, "2026-12-05");
    expect(result.sameWeekday).toBe(false);
    expect(result.values).toHaveLength(20);
  });
});
