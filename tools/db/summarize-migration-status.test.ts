import type { MigrationList } from "@prisma/schema-engine-wasm";
import { describe, expect, it } from "vitest";
import { computeMigrationChecksum } from "./migration-checksum.ts";
import type { MigrationRecord } from "./read-migration-records.ts";
import { summarizeMigrationStatus } from "./summarize-migration-status.ts";

const INIT = "CREATE TABLE a ();";
const PAYOUTS = "CREATE TABLE p ();";

function listOf(...migrations: [string, string][]): MigrationList {
  return {
    baseDir: "/project/prisma/migrations",
    lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map(([path, value]) => ({
      path,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value } },
    })),
  };
}

function recordOf(name: string, script: string, overrides: Partial<MigrationRecord> = {}): MigrationRecord {
  return {
    id: `${name}-id`,
    migrationName: name,
    checksum: computeMigrationChecksum(script),
    startedAt: new Date("2026-11-23T12:00:00Z"),
    finishedAt: new Date("2026-11-23T12:00:01Z"),
    rolledBackAt: null,
    logs: null,
    appliedStepsCount: 1,
    ...overrides,
  };
}

describe("summarizeMigrationStatus", () => {
  const list = listOf(["1_init", INIT], ["2_payouts", PAYOUTS]);

  it("marks migrations without a row as pending", () => {
    const status = summarizeMigrationStatus(list, [recordOf("1_init", INIT)]);

    expect(status.migrations.map((entry) => [entry.name, entry.state])).toEqual([
      ["1_init", "applied"],
      ["2_payouts", "pending"],
    ]);
    expect(status.upToDate).toBe(false);
  });

  it("is up to date when every migration is applied unchanged", () => {
    const status = summarizeMigrationStatus(list, [recordOf("1_init", INIT), recordOf("2_payouts", PAYOUTS)]);

    expect(status.upToDate).toBe(true);
    expect(status.missingFromDirectory).toEqual([]);
  });

  it("marks an unfinished, not rolled-back row as failed", () => {
    const failed = recordOf("2_payouts", PAYOUTS, { finishedAt: null, logs: "ERROR: boom" });

    const status = summarizeMigrationStatus(list, [recordOf("1_init", INIT), failed]);

    expect(status.migrations[1]).toEqual({ name: "2_payouts", state: "failed", record: failed });
  });

  it("treats a rolled-back attempt as pending again, and a later successful attempt as applied", () => {
    const rolledBack = recordOf("2_payouts", PAYOUTS, {
      finishedAt: null,
      rolledBackAt: new Date("2026-11-23T12:05:00Z"),
    });
    expect(summarizeMigrationStatus(list, [recordOf("1_init", INIT), rolledBack]).migrations[1]?.state).toBe(
      "pending",
    );

    const retried = recordOf("2_payouts", PAYOUTS, { id: "retry" });
    const status = summarizeMigrationStatus(list, [recordOf("1_init", INIT), rolledBack, retried]);
    expect(status.migrations[1]?.record?.id).toBe("retry");
    expect(status.upToDate).toBe(true);
  });

  it("flags an applied migration whose file changed since", () => {
    const status = summarizeMigrationStatus(list, [
      recordOf("1_init", `${INIT}\n-- edited later`),
      recordOf("2_payouts", PAYOUTS),
    ]);

    expect(status.migrations[0]?.state).toBe("edited");
    expect(status.upToDate).toBe(false);
  });

  it("lists migrations applied to the database but missing from the directory", () => {
    const status = summarizeMigrationStatus(listOf(["1_init", INIT]), [
      recordOf("1_init", INIT),
      recordOf("3_from_another_branch", "CREATE TABLE x ();"),
    ]);

    expect(status.missingFromDirectory).toEqual(["3_from_another_branch"]);
    expect(status.upToDate).toBe(false);
  });
});
