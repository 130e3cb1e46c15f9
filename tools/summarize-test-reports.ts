/**
 * `npm test`'s verdict from its steps and the test runners' JSON reports (tools/run-tests.ts).
 *
 * A skipped or todo test fails the run: integration suites skip themselves when no PostgreSQL is reachable
 * (`describe.skipIf(postgresUrl === null)`), so a run that "passed" with skips may have tested nothing that matters.
 * A run in which no test ran at all fails too.
 */
import { z } from "zod";

export const vitestReportSchema = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
});
export const playwrightReportSchema = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

export interface TestReportSummary {
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  /** Why the run failed, or null. */
  reason: string | null;
  /** The one closing line any CI can read: `tests: N passed, N failed, N skipped`. */
  line: string;
}

export function summarizeTestReports(input: {
  stepsPassed: boolean;
  vitest: z.infer<typeof vitestReportSchema> | null;
  playwright: z.infer<typeof playwrightReportSchema> | null;
}): TestReportSummary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (input.vitest) {
    passed += input.vitest.numPassedTests;
    failed += input.vitest.numFailedTests;
    skipped += input.vitest.numPendingTests + input.vitest.numTodoTests;
  }
  if (input.playwright) {
    const { stats } = input.playwright;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
  }
  let reason: string | null = null;
  if (!input.stepsPassed) reason = "a step failed";
  else if (failed > 0) reason = `${failed} test${failed === 1 ? "" : "s"} failed`;
  else if (skipped > 0) reason = `${skipped} test${skipped === 1 ? "" : "s"} skipped (a skipped suite tests nothing: start what it needs, e.g. PostgreSQL)`;
  else if (passed === 0) reason = "no test ran";
  // A failed step may have stopped before any test counted; the line must still say the run failed.
  const shownFailed = !input.stepsPassed || passed + failed + skipped === 0 ? Math.max(failed, 1) : failed;
  return { ok: reason === null, passed, failed, skipped, reason, line: `tests: ${passed} passed, ${shownFailed} failed, ${skipped} skipped` };
}
