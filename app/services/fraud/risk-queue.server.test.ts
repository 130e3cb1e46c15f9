import { describe, expect, it } from "vitest";
import { describeRiskScan, type RiskScanStatusInput } from "./risk-queue.server";

const STARTED = new Date("2026-12-07T11:55:00.000Z");
const scan = (overrides: Partial<RiskScanStatusInput>): RiskScanStatusInput => ({
  manual: false, startedAt: STARTED, finishedAt: null, state: "running", creatorsDone: 0, creatorsTotal: 0, flagsRaised: 0, error: null, ...overrides,
});

describe("describeRiskScan", () => {
  it.each<{ name: string; input: RiskScanStatusInput | null; state: string; percent: number; text: string }>([
    { name: "before the first scan", input: null, state: "never", percent: 0, text: "No risk scan has run yet. The nightly scan checks every creator's history; “Scan now” starts one at once." },
    { name: "a Scan now not picked up yet", input: scan({ manual: true, state: "waiting" }), state: "waiting", percent: 0, text: "The scan started by hand (Dec 7, 2026, 6:55 AM EST) is waiting for the risk scan job to pick it up." },
    { name: "a crashed scan waiting to resume", input: scan({ state: "waiting", creatorsDone: 300, creatorsTotal: 900 }), state: "waiting", percent: 0, text: "The nightly scan (Dec 7, 2026, 6:55 AM EST) is waiting for the risk scan job to pick it up. It stopped at 300 of 900 creators and resumes there." },
    { name: "running, with progress rounded down", input: scan({ creatorsDone: 1_199, creatorsTotal: 4_000 }), state: "running", percent: 29, text: "The nightly scan is running: 1199 of 4000 creators checked (29 %), started Dec 7, 2026, 6:55 AM EST." },
    { name: "finished", input: scan({ state: "finished", finishedAt: new Date("2026-12-07T12:00:00.000Z"), creatorsDone: 4_000, creatorsTotal: 4_000, flagsRaised: 1 }), state: "finished", percent: 100, text: "The nightly scan finished Dec 7, 2026, 7:00 AM EST: 4000 creators checked, 1 flag raised or refreshed." },
    { name: "failed, saying what goes on and what to do", input: scan({ manual: true, state: "failed", finishedAt: STARTED, error: "The database timed out" }), state: "failed", percent: 0, text: "The scan started by hand of Dec 7, 2026, 6:55 AM EST stopped: The database timed out. Order checks go on; the next nightly scan tries again, or choose “Scan now”." },
  ])("$name", ({ input, state, percent, text }) => {
    expect(describeRiskScan(input, "America/New_York")).toMatchObject({ state, percent, text });
  });
});
