import { describe, expect, it } from "vitest";
import { summarizeTestReports } from "./summarize-test-reports";

const vitest = (passed: number, failed: number, pending = 0, todo = 0) => ({ numPassedTests: passed, numFailedTests: failed, numPendingTests: pending, numTodoTests: todo });
const playwright = (expected: number, unexpected: number, flaky = 0, skipped = 0) => ({ stats: { expected, unexpected, flaky, skipped } });

describe("summarizeTestReports", () => {
  it.each([
    { name: "all passed", steps: true, vitest: vitest(10, 0), e2e: playwright(3, 0), ok: true, line: "tests: 13 passed, 0 failed, 0 skipped" },
    { name: "a flaky browser test passed on retry", steps: true, vitest: vitest(10, 0), e2e: playwright(3, 0, 1), ok: true, line: "tests: 14 passed, 0 failed, 0 skipped" },
    { name: "an integration suite skipped (no PostgreSQL)", steps: true, vitest: vitest(10, 0, 4), e2e: playwright(3, 0), ok: false, line: "tests: 13 passed, 0 failed, 4 skipped" },
    { name: "a todo test", steps: true, vitest: vitest(10, 0, 0, 1), e2e: playwright(3, 0), ok: false, line: "tests: 13 passed, 0 failed, 1 skipped" },
    { name: "a skipped browser test", steps: true, vitest: vitest(10, 0), e2e: playwright(3, 0, 0, 2), ok: false, line: "tests: 13 passed, 0 failed, 2 skipped" },
    { name: "a failing test", steps: true, vitest: vitest(9, 1), e2e: playwright(3, 0), ok: false, line: "tests: 12 passed, 1 failed, 0 skipped" },
    { name: "a step failed before any test ran (lint)", steps: false, vitest: null, e2e: null, ok: false, line: "tests: 0 passed, 1 failed, 0 skipped" },
    { name: "no test ran at all", steps: true, vitest: null, e2e: null, ok: false, line: "tests: 0 passed, 1 failed, 0 skipped" },
  ])("$name", ({ steps, vitest: vitestReport, e2e, ok, line }) => {
    expect(summarizeTestReports({ stepsPassed: steps, vitest: vitestReport, playwright: e2e })).toMatchObject({ ok, line });
  });

  it("says why it failed when only skipped tests are wrong", () => {
    const summary = summarizeTestReports({ stepsPassed: true, vitest: vitest(1, 0, 2), playwright: playwright(1, 0) });
    expect(summary.reason).toMatch(/2 tests? skipped/);
  });
});
