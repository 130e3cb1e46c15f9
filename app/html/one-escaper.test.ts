/** Guards D (issue #12): one HTML escaper and one token-bucket limiter in the app, not one per feature. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "..");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("one of each", () => {
  const files = sourceFiles(APP).map((file) => ({ file: path.relative(APP, file), text: readFileSync(file, "utf8") }));

  // escapeRegExp (for building a RegExp from text) is not an HTML escaper.
  it("defines an HTML escaper only in app/html/escape-html.ts", () => {
    const definers = files.filter(({ text }) => /(function\s+escape(?!RegExp)\w*\s*\(|const\s+escape(?!RegExp)\w*\s*=\s*\()/.test(text)).map(({ file }) => file);
    expect(definers).toEqual([path.join("html", "escape-html.ts")]);
  });

  it("keeps token buckets only in app/domain/rate-limit", () => {
    const definers = files.filter(({ text }) => /\b\w*PerMs\b/.test(text)).map(({ file }) => file);
    expect(definers).toEqual([path.join("domain", "rate-limit", "create-token-bucket-limiter.ts")]);
  });
});
