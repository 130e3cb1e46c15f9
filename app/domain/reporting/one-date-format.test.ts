/**
 * Every date a merchant or creator reads goes through formatShopDate / formatShopDateTime (the shop's time zone,
 * one style). Formatting a date anywhere else — toLocaleString (the browser's or server's zone), a hand-built
 * Intl.DateTimeFormat, a hard-coded "UTC" suffix — is how five formats and two zones crept onto the pages.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../..");
const PAGE_CODE = ["routes", "components", "services", "domain/portal"];
const FORBIDDEN = /\.toLocale(Date|Time)?String\(|new Intl\.DateTimeFormat\(/;
// Chart axis labels format shop calendar days the charts were given (no instant, no zone to apply).
const ALLOWED = new Set(["components/daily-performance-chart.tsx", "components/payouts-by-month-chart.tsx"]);

function listSourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return listSourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("one date format", () => {
  it("no page, component or service formats a date on its own", () => {
    const offenders = PAGE_CODE.flatMap((folder) => listSourceFiles(path.join(APP, folder)))
      .map((file) => path.relative(APP, file))
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) =>
        readFileSync(path.join(APP, file), "utf8")
          .split("\n")
          .flatMap((line, index) => (FORBIDDEN.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
