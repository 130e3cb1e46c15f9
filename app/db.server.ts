/**
 * The Prisma client. The driver adapter follows DATABASE_URL: `postgres://…` in production (node-postgres pool),
 * `pglite:<dir>` (or `pglite:memory:`) for the embedded PostgreSQL-in-WebAssembly default that needs no server.
 * One schema, one migration history, one SQL dialect for both. The URL rules (app/db/database-target.ts) are
 * shared with the migration tool, so the app and `npm run db:migrate` always open the same database.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  assertPostgresReachable,
  lockPgliteDirectory,
  parseDatabaseUrl,
  type DatabaseTarget,
} from "./db/database-target";
import { env } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";

export type Database = InstanceType<typeof PrismaClient>;

/**
 * Plain SQL over the same connections as `db`, for the one statement where Prisma's per-query CPU cost would be
 * most of the work: storing a webhook delivery (app/services/sync/receive-webhook.server.ts). Everything else uses `db`.
 */
export interface SqlClient {
  /** `name` prepares the statement once per connection on PostgreSQL (PGlite has one connection and ignores it). */
  query<Row>(statement: { name?: string; text: string; values: unknown[] }): Promise<Row[]>;
}

interface AppDatabase {
  db: Database;
  sql: SqlClient;
}

function createClient(target: DatabaseTarget): AppDatabase {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url });
    // An idle connection dropped by the server must not crash the process: the pool replaces it on the next query.
    pool.on("error", (error) => console.error("PostgreSQL closed an idle connection; the pool opens a new one when needed.", error));
    return {
      db: new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }),
      sql: {
        async query<Row>(statement: { name?: string; text: string; values: unknown[] }) {
          return (await pool.query(statement)).rows as Row[];
        },
      },
    };
  }
  const pglite = new PGlite(target.dataDir);
  return {
    db: new PrismaClient({ adapter: new PrismaPGlite(pglite) }),
    sql: {
      async query<Row>(statement: { text: string; values: unknown[] }) {
        return (await pglite.query<Row>(statement.text, statement.values)).rows;
      },
    },
  };
}

export function createDatabase(databaseUrl: string): Database {
  return createClient(parseDatabaseUrl(databaseUrl, process.cwd())).db;
}

/**
 * Fails fast at boot with a message that says what to do: PostgreSQL unreachable, or an embedded database
 * directory already held by another process (PGlite allows one process per directory).
 */
async function openAppDatabase(): Promise<AppDatabase> {
  const target = parseDatabaseUrl(env().DATABASE_URL, process.cwd());
  if (target.kind === "postgres") await assertPostgresReachable(target, env().DATABASE_CONNECT_TIMEOUT_MS);
  else if (target.dataDir !== undefined) {
    const release = await lockPgliteDirectory(target.dataDir, target.label);
    process.once("exit", () => void release());
  }
  return createClient(target);
}

declare global {
  // Reused across Vite's hot reloads in development so connections are not leaked.
  var affableDatabase: AppDatabase | undefined;
}

const opened: AppDatabase = (globalThis.affableDatabase ??= await openAppDatabase());

export const sql: SqlClient = opened.sql;
const db: Database = opened.db;
export default db;
