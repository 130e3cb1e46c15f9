import { describe, expect, it } from "vitest";
import { computeRetryDelayMs } from "./compute-retry-delay";

describe("computeRetryDelayMs", () => {
  it.each([
    // attempt, random, retryAfterMs, expected
    [1, 0, undefined, 15_000],
    [1, 1, undefined, 30_000],
    [2, 0, undefined, 30_000],
    [2, 1, undefined, 60_000],
    [3, 0.5, undefined, 90_000],
    [8, 1, undefined, 3_600_000], // 30 s · 2^7 = 64 min → capped at 1 h
    [50, 0, undefined, 1_800_000],
    [1, 0, 120_000, 120_000], // Retry-After beats a shorter backoff
    [2, 1, 10_000, 60_000], // … and never shortens a longer one
    [1, 0, 99_000_000, 3_600_000], // an absurd Retry-After is capped
  ])("attempt %i with random %f (Retry-After %s) waits %i ms", (attempt, random, retryAfterMs, expected) => {
    expect(computeRetryDelayMs(attempt, random, retryAfterMs)).toBe(expected);
  });

  it("grows with every attempt until the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => computeRetryDelayMs(attempt, 1));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    // Attempts 8 and 9 are both at the 1 h cap.
    expect(new Set(delays).size).toBe(delays.length - 1);
    expect(delays.at(-1)).toBe(3_600_000);
  });
});
