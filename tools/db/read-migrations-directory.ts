// Reads prisma/migrations the way the Prisma CLI does before every engine call (packages/migrate,
// listMigrations): every sub-directory is a migration whose script is migration.sql, ordered by name with
// localeCompare, plus migration_lock.toml. The result is the engine's own MigrationList shape.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MigrationDirectory, MigrationList } from "@prisma/schema-engine-wasm";

export const MIGRATION_LOCK_FILE = "migration_lock.toml";
export const MIGRATION_SCRIPT_FILE = "migration.sql";

export async function readMigrationsDirectory(baseDir: string): Promise<MigrationList> {
  const lockfileContent = await readFile(join(baseDir, MIGRATION_LOCK_FILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    // No directory yet simply means no migrations yet (the first `migration <name>` creates it).
    if (error.code === "ENOENT") return [];
    throw error;
  });

  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((candidate) => candidate.isDirectory())) {
    const content = await readFile(join(baseDir, entry.name, MIGRATION_SCRIPT_FILE), "utf8").then(
      (value) => ({ tag: "ok" as const, value }),
      (error: Error) => ({ tag: "error" as const, value: error.message }),
    );
    migrationDirectories.push({ path: entry.name, migrationFile: { path: MIGRATION_SCRIPT_FILE, content } });
  }
  migrationDirectories.sort(compareMigrationDirectories);

  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export function compareMigrationDirectories(a: MigrationDirectory, b: MigrationDirectory): number {
  return a.path.localeCompare(b.path);
}
