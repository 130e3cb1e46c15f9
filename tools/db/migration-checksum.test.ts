import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeMigrationChecksum, matchesMigrationChecksum } from "./migration-checksum.ts";

describe("computeMigrationChecksum", () => {
  it("is the lower-case, zero-padded SHA-256 hex Prisma stores (vector from the engine's own tests)", () => {
    expect(computeMigrationChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(computeMigrationChecksum("abcd")).toHaveLength(64);
  });

  it("hashes the committed init migration exactly as the file's bytes", () => {
    const migrationsDir = join(import.meta.dirname, "../../prisma/migrations");
    const init = readdirSync(migrationsDir).find((name) => name.endsWith("_init"));
    expect(init).toBeDefined();
    const bytes = readFileSync(join(migrationsDir, init ?? "", "migration.sql"));
    expect(computeMigrationChecksum(bytes.toString("utf8"))).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("matchesMigrationChecksum", () => {
  it("ignores line endings, because git may rewrite them", () => {
    const unix = "CREATE TABLE a ();\nCREATE TABLE b ();\n";
    const windows = unix.replaceAll("\n", "\r\n");
    for (const script of [unix, windows]) {
      for (const recorded of [unix, windows]) {
        expect(matchesMigrationChecksum(script, computeMigrationChecksum(recorded))).toBe(true);
      }
    }
  });

  it("flags any other change", () => {
    expect(matchesMigrationChecksum("abc", computeMigrationChecksum("abcd"))).toBe(false);
    expect(matchesMigrationChecksum("abc\n", computeMigrationChecksum("abc"))).toBe(false);
  });

  it("accepts the unpadded hex that very old Prisma versions stored", () => {
    const script = "SELECT 1;";
    const unpadded = Array.from(createHash("sha256").update(script).digest(), (byte) => byte.toString(16)).join("");
    expect(unpadded.length).toBeLessThan(64);
    expect(matchesMigrationChecksum(script, unpadded)).toBe(true);
  });
});
