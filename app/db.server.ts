/**
 * The Prisma client. The driver adapter follows DATABASE_URL: `postgres://…` in production (node-postgres pool),
 * `pglite:<dir>` (or `pglite:memory:`) for the embedded PostgreSQL-in-WebAssembly default that needs no server.
 * One schema, one migration history, one SQL dialect for both.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";
import { parseDatabaseUrl } from "./database-url.server";

export type Database = InstanceType<typeof PrismaClient>;

export function createDatabase(databaseUrl: string): Database {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === "postgres") {
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
  }
  return new PrismaClient({ adapter: new PrismaPGlite(new PGlite(target.dataDir ?? undefined)) });
}

declare global {
  // Reused across Vite's hot reloads in development so connections are not leaked.
  var affableDatabase: Database | undefined;
}

const db: Database = (globalThis.affableDatabase ??= createDatabase(env().DATABASE_URL));

export default db;
