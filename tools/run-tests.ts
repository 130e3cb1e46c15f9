/**
 * `npm test`: lint, typecheck, unit + integration tests (against a real PostgreSQL the tests start themselves),
 * a production build, and Playwright end-to-end tests in Debian Chromium. Stops at the first failing step and
 * ends with one line `tests: N passed, N failed, N skipped` counting every unit, integration and browser test.
 * A skipped or todo test fails the run (tools/summarize-test-reports.ts says why).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { playwrightReportSchema, summarizeTestReports, vitestReportSchema } from "./summarize-test-reports";

const projectRoot = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(projectRoot, "node_modules/.bin", name);
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Step {
  name: string;
  run: () => boolean;
}

function runCommand(command: string, args: string[], env: Record<string, string> = {}): boolean {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.error) console.error(`could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

const isRoot = process.getuid?.() === 0;

function ensureChromium(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (!isRoot) {
    console.error("Chromium is missing: run `sudo apt-get install -y chromium` (Debian), then `npm test` again.");
    return false;
  }
  console.log("Chromium is missing: installing Debian's chromium with apt-get (about 30 s)…");
  return (
    runCommand("apt-get", ["update", "-qq"]) &&
    runCommand("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" })
  );
}

function findPostgresBinaries(): boolean {
  const candidates = ["/usr/local/bin/initdb", "/usr/lib/postgresql/15/bin/initdb", "/usr/lib/postgresql/16/bin/initdb"];
  return candidates.some((candidate) => existsSync(candidate));
}

function ensurePostgres(): boolean {
  if (findPostgresBinaries()) return true;
  if (!isRoot) {
    console.error("PostgreSQL server binaries are missing: run `sudo apt-get install -y postgresql-15`, then `npm test` again.");
    return false;
  }
  console.log("PostgreSQL server binaries are missing: installing postgresql-15 with apt-get…");
  return (
    runCommand("apt-get", ["update", "-qq"]) &&
    runCommand("apt-get", ["install", "-y", "-qq", "postgresql-15"], { DEBIAN_FRONTEND: "noninteractive" })
  );
}

function readReport<T>(file: string, schema: { parse: (value: unknown) => T }): T | null {
  const fullPath = path.join(projectRoot, "test-reports", file);
  return existsSync(fullPath) ? schema.parse(JSON.parse(readFileSync(fullPath, "utf8"))) : null;
}

const steps: Step[] = [
  { name: "Chromium for browser tests", run: ensureChromium },
  { name: "PostgreSQL for integration tests", run: ensurePostgres },
  { name: "Lint (ESLint)", run: () => runCommand(bin("eslint"), [".", "--max-warnings=0"]) },
  { name: "Typecheck (tsc --noEmit)", run: () => runCommand(bin("tsc"), ["--noEmit", "-p", "."]) },
  {
    name: "Unit and integration tests (Vitest)",
    run: () =>
      runCommand(bin("vitest"), [
        "run",
        "--reporter=default",
        "--reporter=json",
        "--outputFile.json=test-reports/vitest.json",
      ]),
  },
  { name: "Production build", run: () => runCommand(bin("remix"), ["vite:build", "--logLevel", "warn"]) },
  { name: "End-to-end tests (Playwright, Chromium)", run: () => runCommand(bin("playwright"), ["test"]) },
];

function main() {
  rmSync(path.join(projectRoot, "test-reports"), { recursive: true, force: true });
  const started = Date.now();
  let ok = true;
  for (const [index, step] of steps.entries()) {
    console.log(`\n▶ [${index + 1}/${steps.length}] ${step.name}`);
    const stepStarted = Date.now();
    ok = step.run();
    console.log(`${ok ? "✔" : "✘"} ${step.name} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
    if (!ok) {
      console.error(`\nStopped: "${step.name}" failed. Fix it and run \`npm test\` again.`);
      break;
    }
  }
  const summary = summarizeTestReports({
    stepsPassed: ok,
    vitest: readReport("vitest.json", vitestReportSchema),
    playwright: readReport("e2e.json", playwrightReportSchema),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\nnpm test ${summary.ok ? "passed" : `failed (${summary.reason})`} in ${seconds} s`);
  // One plain closing line that any CI can read.
  console.log(summary.line);
  process.exit(summary.ok ? 0 : 1);
}

main();
