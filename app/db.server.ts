/**
 * The Prisma client. The driver adapter follows DATABASE_URL: `postgres://…` in production (node-postgres pool),
 * `pglite:<dir>` (or `pglite:memory:`) for the embedded PostgreSQL-in-WebAssembly default that needs no server.
 * One schema, one migration history, one SQL dialect for both. The URL rules are the migration tool's
 * (tools/db/adapter.ts), so the app and `npm run db:migrate` always open the same database.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  assertPostgresReachable,
  lockPgliteDirectory,
  parseDatabaseUrl,
  type DatabaseTarget,
} from "../tools/db/adapter";
import { env } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";

export type Database = InstanceType<typeof PrismaClient>;

function createClient(target: DatabaseTarget): Database {
  if (target.kind === "postgres") {
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
  }
  return new PrismaClient({ adapter: new PrismaPGlite(new PGlite(target.dataDir)) });
}

export function createDatabase(databaseUrl: string): Database {
  return createClient(parseDatabaseUrl(databaseUrl, process.cwd()));
}

/**
 * Fails fast at boot with a message that says what to do: PostgreSQL unreachable, or an embedded database
 * directory already held by another process (PGlite allows one process per directory).
 */
async function openAppDatabase(): Promise<Database> {
  const target = parseDatabaseUrl(env().DATABASE_URL, process.cwd());
  if (target.kind === "postgres") await assertPostgresReachable(target, 5_000);
  else if (target.dataDir !== undefined) {
    const release = await lockPgliteDirectory(target.dataDir, target.label);
    process.once("exit", () => void release());
  }
  return createClient(target);
}

declare global {
  // Reused across Vite's hot reloads in development so connections are not leaked.
  var affableDatabase: Database | undefined;
}

const db: Database = (globalThis.affableDatabase ??= await openAppDatabase());

export default db;
