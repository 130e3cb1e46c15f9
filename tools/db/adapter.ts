// DATABASE_URL → Prisma driver adapter, for the migration tool and tests. The URL rules live in
// app/db/database-target.ts, shared with the app.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  assertPostgresReachable,
  DatabaseConfigError,
  lockPgliteDirectory,
  type DatabaseTarget,
  type PgliteTarget,
  type PostgresTarget,
} from "../../app/db/database-target.ts";
import { reportCatalogTypesAsText } from "./report-catalog-types-as-text.ts";

export interface OpenedDatabase {
  readonly target: DatabaseTarget;
  /** Hand this to `new PrismaClient({ adapter })` or to the schema engine. */
  readonly factory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Runs a multi-statement SQL script in one round trip, as one implicit transaction, the way Prisma's own
   * engine runs a migration.sql. (The adapters' executeScript cannot be trusted for this; see
   * script-safe-adapter-factory.ts.)
   */
  executeScript(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * Size of the pg pool. Migration tooling uses 1: the schema engine takes a session-level advisory lock,
   * which only protects anything if every statement of the run uses that same session.
   */
  poolSize?: number;
  /** How long to wait for a PostgreSQL server before giving up. */
  connectTimeoutMs?: number;
  /**
   * PGlite only: start from this dump of a freshly initialized cluster (PGlite#dumpDataDir) instead of
   * running initdb. About 4× faster, which matters for throwaway databases.
   */
  pgliteDataDirDump?: Blob;
}

export async function openDatabaseAdapter(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  return target.kind === "postgres" ? openPostgres(target, options) : openPglite(target, options.pgliteDataDirDump);
}

async function openPostgres(target: PostgresTarget, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  await assertPostgresReachable(target, options.connectTimeoutMs ?? 5_000);
  const pool = reportCatalogTypesAsText(
    new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    }),
  );
  // An idle client can die (server restart); without a listener pg would crash the process.
  pool.on("error", () => undefined);
  return {
    target,
    factory: new PrismaPg(pool),
    async executeScript(script) {
      // No parameters → simple query protocol → the whole script is one implicit transaction.
      await pool.query(script);
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(target: PgliteTarget, dataDirDump: Blob | undefined): Promise<OpenedDatabase> {
  let unlock: () => Promise<void> = async () => undefined;
  if (target.dataDir !== undefined) {
    await mkdir(target.dataDir, { recursive: true });
    unlock = await lockPgliteDirectory(target.dataDir, target.label);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: target.dataDir ?? "memory://", loadDataDir: dataDirDump });
  } catch (error) {
    await unlock();
    throw new DatabaseConfigError(`Could not open ${target.label}: ${errorMessage(error)}.`, { cause: error });
  }
  return {
    target,
    factory: new PrismaPGlite(db),
    async executeScript(script) {
      await db.exec(script);
    },
    async close() {
      if (!db.closed) await db.close();
      await unlock();
    },
  };
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}
