// One database + the schema engine driving it, wired the way every command needs: a single PostgreSQL
// session (so the engine's advisory lock means something), whole-script execution, and temporary shadow
// databases of the same kind as the target.
import type { OpenedDatabase } from "./adapter.ts";
import { createMigrationAdapterFactory, type MigrationAdapterFactory } from "./migration-adapter-factory.ts";
import { readMigrationRecords, type MigrationRecord } from "./read-migration-records.ts";
import { openSchemaEngine, type SchemaEngineSession } from "./schema-engine.ts";
import { openTemporaryDatabase } from "./temporary-database.ts";

export interface MigrationSession {
  readonly database: OpenedDatabase;
  readonly factory: MigrationAdapterFactory;
  readonly engine: SchemaEngineSession;
  readMigrationRecords(): Promise<MigrationRecord[]>;
  /** Frees the engine; the database stays open (it belongs to the caller). */
  close(): void;
}

export async function openMigrationSession(
  database: OpenedDatabase,
  schemaFiles?: [string, string][],
): Promise<MigrationSession> {
  const factory = createMigrationAdapterFactory(database, () => openTemporaryDatabase(database.target));
  const engine = await openSchemaEngine({ factory, schemaFiles });
  return {
    database,
    factory,
    engine,
    async readMigrationRecords() {
      const adapter = await factory.connect();
      try {
        return await readMigrationRecords(adapter);
      } finally {
        await adapter.dispose();
      }
    },
    close: () => engine.close(),
  };
}
