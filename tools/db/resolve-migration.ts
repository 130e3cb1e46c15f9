// `prisma migrate resolve`, offline: after a failed migration, record what really happened, so `migrate`
// can go on. --rolled-back: the attempt did not take effect (apply it again); --applied: it was completed by
// hand. The schema engine writes the rows, as the Prisma CLI would.
import type { OpenedDatabase } from "./adapter.ts";
import { openMigrationSession } from "./open-migration-session.ts";
import { readMigrationsDirectory } from "./read-migrations-directory.ts";
import { summarizeMigrationStatus } from "./summarize-migration-status.ts";

export type MigrationResolution = "applied" | "rolled-back";

export async function resolveMigration(
  database: OpenedDatabase,
  migrationsDir: string,
  migrationName: string,
  resolution: MigrationResolution,
): Promise<void> {
  const list = await readMigrationsDirectory(migrationsDir);
  const session = await openMigrationSession(database);
  try {
    // The engine accepts some no-op requests silently; say plainly when there is nothing to resolve.
    const status = summarizeMigrationStatus(list, await session.readMigrationRecords());
    const entry = status.migrations.find((candidate) => candidate.name === migrationName);
    if (entry === undefined) {
      throw new Error(`There is no migration "${migrationName}" in ${migrationsDir}.`);
    }
    if (resolution === "rolled-back" && entry.state !== "failed") {
      throw new Error(`${migrationName} is ${entry.state}, not failed: there is nothing to roll back.`);
    }
    if (resolution === "applied" && entry.state !== "failed" && entry.state !== "pending") {
      throw new Error(`${migrationName} is already ${entry.state}: there is nothing to mark as applied.`);
    }
    if (resolution === "applied") {
      await session.engine.markMigrationApplied({ migrationName, migrationsList: list });
    } else {
      await session.engine.markMigrationRolledBack({ migrationName });
    }
  } finally {
    session.close();
  }
}
