import { describe, expect, it } from "vitest";
import { computeThrottleDelayMs } from "./throttle-delay";

const bucket = (currentlyAvailable: number, restoreRate = 100) => ({
  maximumAvailable: 2000,
  currentlyAvailable,
  restoreRate,
});

describe("computeThrottleDelayMs", () => {
  it.each([
    { label: "waits for the missing points at the restore rate", cost: { requestedQueryCost: 252, throttleStatus: bucket(2) }, attempt: 0, expected: 2500 },
    { label: "never waits less than 50 ms", cost: { requestedQueryCost: 10, throttleStatus: bucket(9) }, attempt: 0, expected: 50 },
    { label: "caps a long wait at 10 s", cost: { requestedQueryCost: 1000, throttleStatus: bucket(0, 50) }, attempt: 0, expected: 10_000 },
    { label: "a slow store refills slower", cost: { requestedQueryCost: 150, throttleStatus: bucket(50, 50) }, attempt: 0, expected: 2000 },
    { label: "no cost extension: exponential from 1 s", cost: undefined, attempt: 0, expected: 1000 },
    { label: "no cost extension, third try", cost: undefined, attempt: 2, expected: 4000 },
    { label: "zero restore rate falls back to exponential", cost: { requestedQueryCost: 10, throttleStatus: bucket(0, 0) }, attempt: 1, expected: 2000 },
  ])("$label", ({ cost, attempt, expected }) => {
    expect(computeThrottleDelayMs(cost, attempt)).toBe(expected);
  });
});
