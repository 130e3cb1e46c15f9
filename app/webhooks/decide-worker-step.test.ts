import { describe, expect, it } from "vitest";
import { decideWorkerStep } from "./decide-worker-step";

const QUIET = 200;
const FLOOD = 2_000;

describe("decideWorkerStep", () => {
  it.each([
    { label: "quiet long enough since the last delivery: run", now: 1_000, lastKickAt: 800, first: 800, expected: { action: "run" } },
    { label: "a delivery just arrived: wait out the quiet period", now: 1_000, lastKickAt: 950, first: 950, expected: { action: "wait", delayMs: 150 } },
    { label: "a flood, first delivery waiting 1.9 s: wait the shorter of quiet and flood", now: 2_900, lastKickAt: 2_890, first: 1_000, expected: { action: "wait", delayMs: 100 } },
    { label: "a flood, first delivery waiting 2 s: run anyway", now: 3_000, lastKickAt: 2_999, first: 1_000, expected: { action: "run" } },
    { label: "nothing pending and a recent kick: wait for quiet", now: 1_000, lastKickAt: 990, first: null, expected: { action: "wait", delayMs: 190 } },
    { label: "the same instant as the kick never waits 0 ms", now: 1_000, lastKickAt: 1_000, first: 1_000, expected: { action: "wait", delayMs: 200 } },
  ])("$label", ({ now, lastKickAt, first, expected }) => {
    expect(decideWorkerStep({ now, lastKickAt, firstPendingKickAt: first, quietMs: QUIET, floodDelayMs: FLOOD })).toEqual(expected);
  });
});
