/*
 * Robust statistics for the history rules: a median/MAD z-score, which one viral day or one quiet week cannot drag
 * the way a mean and standard deviation would, and a weekday-aware baseline (Saturdays compared with Saturdays).
 * Medians and MADs come from simple-statistics.
 */
import { median, medianAbsoluteDeviation, quantile } from "simple-statistics";

/** MAD × 1.4826 estimates the standard deviation of normally distributed data, so a robust z reads like a z-score. */
export const MAD_TO_STANDARD_DEVIATION = 1.4826;

export type RobustZScore = {
  readonly z: number;
  readonly median: number;
  readonly mad: number;
  /** The deviation unit used: max(1.4826 × MAD, minScale). */
  readonly scale: number;
};

/**
 * How many robust deviations `value` lies above (positive) or below the sample's median. `minScale` floors the unit:
 * counts of rare events have a MAD of 0 (a creator with no orders on most days), which would make any order an
 * infinite outlier; callers pass a floor in the value's own unit, or a function of the median (e.g. √median for daily
 * counts, which vary like a Poisson count).
 * With a scale of 0 (no floor): 0 when value equals the median, ±Infinity otherwise.
 */
export function robustZScore(value: number, sample: readonly number[], minScale: number | ((median: number) => number) = 0): RobustZScore {
  if (sample.length === 0) throw new RangeError("robustZScore needs at least one value in the sample.");
  const values = sample as number[];
  const centre = median(values);
  const mad = medianAbsoluteDeviation(values);
  const floor = typeof minScale === "function" ? minScale(centre) : minScale;
  const scale = Math.max(MAD_TO_STANDARD_DEVIATION * mad, floor);
  const deviation = value - centre;
  const z = scale > 0 ? deviation / scale : deviation === 0 ? 0 : deviation > 0 ? Infinity : -Infinity;
  return { z, median: centre, mad, scale };
}

/** The sample's q-quantile (0..1), e.g. 0.99 for the 99th percentile; null for an empty sample. */
export function sampleQuantile(sample: readonly number[], q: number): number | null {
  return sample.length === 0 ? null : quantile(sample as number[], q);
}

/** Day of the week of a "YYYY-MM-DD" calendar day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export type DayValue = { readonly day: string; readonly value: number };

/**
 * The baseline a day is compared with: the baseline days of the same weekday when there are at least
 * `minSameWeekday` of them (four weeks of history), otherwise every baseline day. Shops sell differently on
 * Saturdays than on Tuesdays; comparing a Saturday with the usual Saturday keeps a normal weekend from looking
 * like a spike, without needing months of history before a creator can be judged at all.
 */
export function weekdayAwareBaseline(
  baseline: readonly DayValue[],
  day: string,
  minSameWeekday = 4,
): { readonly values: number[]; readonly sameWeekday: boolean } {
  const weekday = weekdayOf(day);
  const same = baseline.filter((point) => weekdayOf(point.day) === weekday).map((point) => point.value);
  if (same.length >= minSameWeekday) return { values: same, sameWeekday: true };
  return { values: baseline.map((point) => point.value), sameWeekday: false };
}
