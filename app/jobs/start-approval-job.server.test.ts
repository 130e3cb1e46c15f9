import { describe, expect, it } from "vitest";
import { readApprovalJobInterval } from "./start-approval-job.server";

describe("readApprovalJobInterval", () => {
  it.each([
    { value: undefined, expected: 3_600_000 },
    { value: "", expected: 3_600_000 },
    { value: "60000", expected: 60_000 },
    { value: "0", expected: 0 },
  ])("APPROVAL_JOB_INTERVAL_MS=$value → $expected", ({ value, expected }) => {
    expect(readApprovalJobInterval({ APPROVAL_JOB_INTERVAL_MS: value })).toBe(expected);
  });

  it.each(["-1", "1.5", "hourly", "999999999999"])("refuses %s with what to set", (value) => {
    expect(() => readApprovalJobInterval({ APPROVAL_JOB_INTERVAL_MS: value })).toThrow(/whole number of milliseconds between 0 \(off\)/);
  });
});
