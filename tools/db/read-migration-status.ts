// `prisma migrate status`, offline: which migrations are applied, pending, failed or edited. It only reads
// prisma/migrations and _prisma_migrations, so it needs no schema engine.
import type { OpenedDatabase } from "./adapter.ts";
import { readMigrationRecords } from "./read-migration-records.ts";
import { readMigrationsDirectory } from "./read-migrations-directory.ts";
import { summarizeMigrationStatus, type MigrationStatus } from "./summarize-migration-status.ts";

export async function readMigrationStatus(database: OpenedDatabase, migrationsDir: string): Promise<MigrationStatus> {
  const list = await readMigrationsDirectory(migrationsDir);
  const adapter = await database.factory.connect();
  try {
    return summarizeMigrationStatus(list, await readMigrationRecords(adapter));
  } finally {
    await adapter.dispose();
  }
}
