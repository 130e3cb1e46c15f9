// `prisma migrate dev --create-only --name <name>`, offline: the SQL that takes a database from the state
// of prisma/migrations to prisma/schema.prisma, written as prisma/migrations/<timestamp>_<name>/migration.sql.
// The schema engine generates it (with Prisma's data-loss warnings block when there is one), so the file is
// the one the Prisma CLI would write. One difference on purpose: with nothing to change, we write nothing
// (Prisma's --create-only would write an empty migration).
//
// The developer's database is never touched. The history is replayed into a throwaway database, and a second
// throwaway serves as the engine's shadow database: in-memory PGlite, or temporary databases on the same
// PostgreSQL server.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import type { DatabaseTarget } from "../../app/db/database-target.ts";
import { openMigrationSession } from "./open-migration-session.ts";
import { readMigrationsDirectory } from "./read-migrations-directory.ts";
import { SchemaEngineError, type SchemaEngineSession } from "./schema-engine.ts";
import { slugifyMigrationName } from "./slugify-migration-name.ts";
import { openTemporaryDatabase } from "./temporary-database.ts";
import { writeMigration } from "./write-migration.ts";

export interface CreateMigrationOptions {
  /** Decides where the throwaway databases live (PGlite in memory, or the same PostgreSQL server). */
  target: DatabaseTarget;
  schemaPath: string;
  migrationsDir: string;
  /** What the person typed, e.g. "add creator codes"; slugified like Prisma does. */
  name: string;
}

export type CreateMigrationResult =
  | { readonly kind: "created"; readonly directoryName: string; readonly scriptPath: string; readonly script: string }
  | { readonly kind: "unchanged" };

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const migrationName = slugifyMigrationName(options.name);
  if (migrationName === "") {
    throw new Error(`"${options.name}" is not usable as a migration name: use words, e.g. add_creator_codes.`);
  }
  const schema = await readFile(options.schemaPath, "utf8").catch((error: Error) => {
    throw new Error(`Cannot read the Prisma schema at ${options.schemaPath}: ${error.message}`);
  });
  const schemaFile: [string, string] = [displayPath(options.schemaPath), schema];
  const list = await readMigrationsDirectory(options.migrationsDir);

  const scratch = await openTemporaryDatabase(options.target, "affable_migration_scratch");
  try {
    const session = await openMigrationSession(scratch, [schemaFile]);
    try {
      await replayHistory(session.engine, list);
      // The Wasm engine can only reach a shadow database through the adapter factory in
      // diagnoseMigrationHistory/diff; createMigration insists on a connection-string shadow database, which
      // adapters cannot give it. But both commands share the engine's per-history schema cache: once this
      // call has built the schema of the (fully applied) history in a shadow database, createMigration
      // finds it there. Same engine code, same output as the native CLI.
      await session.engine.diagnoseMigrationHistory({
        migrationsList: list,
        optInToShadowDatabase: true,
        filters: NO_FILTERS,
      });
      const output = await session.engine
        .createMigration({
          draft: false,
          migrationName,
          migrationsList: list,
          schema: { files: [{ path: schemaFile[0], content: schemaFile[1] }] },
          filters: NO_FILTERS,
        })
        .catch((error: unknown) => {
          if (error instanceof SchemaEngineError && /shadow DB must be provided/.test(error.message)) {
            throw new Error(
              "This @prisma/schema-engine-wasm no longer serves createMigration from the history cache " +
                "(see the comment in tools/db/create-migration.ts). Pin the engine version in package.json, " +
                "or generate the SQL with the Prisma CLI where its engines can be downloaded.",
              { cause: error },
            );
          }
          throw error;
        });
      if (output.migrationScript === null) return { kind: "unchanged" };

      const scriptPath = await writeMigration({
        baseDir: options.migrationsDir,
        directoryName: output.generatedMigrationName,
        script: output.migrationScript,
        connectorType: output.connectorType,
      });
      return {
        kind: "created",
        directoryName: output.generatedMigrationName,
        scriptPath,
        script: output.migrationScript,
      };
    } finally {
      session.close();
    }
  } finally {
    await scratch.close();
  }
}

async function replayHistory(engine: SchemaEngineSession, list: MigrationList): Promise<void> {
  if (list.migrationDirectories.length === 0) return;
  try {
    await engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The existing migrations do not apply cleanly to an empty database, so no new migration can be ` +
        `computed from them:\n  ${message.replace(/^external connector error\n/, "").replaceAll("\n", "\n  ")}\n` +
        "Fix the migration named above (only if it has not been applied anywhere else) and try again.",
      { cause: error },
    );
  }
}

function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
}
