import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readMigrationsDirectory } from "./read-migrations-directory.ts";

describe("readMigrationsDirectory", () => {
  let baseDir = "";
  beforeEach(async () => {
    baseDir = await mkdtemp(join(tmpdir(), "affable-migrations-"));
  });
  afterEach(async () => {
    await rm(baseDir, { recursive: true, force: true });
  });

  async function addMigration(name: string, sql: string | undefined) {
    await mkdir(join(baseDir, name));
    if (sql !== undefined) await writeFile(join(baseDir, name, "migration.sql"), sql);
  }

  it("lists every sub-directory as a migration, in name order, with its script", async () => {
    await addMigration("20261201000000_add_payouts", "CREATE TABLE p ();");
    await addMigration("20261123120000_init", "CREATE TABLE i ();");
    await addMigration("20261123120000_init_b", "CREATE TABLE b ();");
    await writeFile(join(baseDir, "migration_lock.toml"), 'provider = "postgresql"\n');
    await writeFile(join(baseDir, "README.md"), "not a migration");

    const list = await readMigrationsDirectory(baseDir);

    expect(list.baseDir).toBe(baseDir);
    expect(list.lockfile).toEqual({ path: "migration_lock.toml", content: 'provider = "postgresql"\n' });
    expect(list.migrationDirectories.map((directory) => directory.path)).toEqual([
      "20261123120000_init",
      "20261123120000_init_b",
      "20261201000000_add_payouts",
    ]);
    expect(list.migrationDirectories[0]?.migrationFile).toEqual({
      path: "migration.sql",
      content: { tag: "ok", value: "CREATE TABLE i ();" },
    });
  });

  it("reports a directory without migration.sql instead of skipping it", async () => {
    await addMigration("20261123120000_init", undefined);

    const [directory] = (await readMigrationsDirectory(baseDir)).migrationDirectories;

    expect(directory?.migrationFile.content.tag).toBe("error");
  });

  it("treats a missing directory as no migrations yet, without a lock file", async () => {
    const list = await readMigrationsDirectory(join(baseDir, "does-not-exist"));

    expect(list.migrationDirectories).toEqual([]);
    expect(list.lockfile.content).toBeNull();
  });
});
