// Throwaway databases for the schema engine's shadow database and for replaying the migration history:
// a fresh in-memory PGlite, or a new database on the same PostgreSQL server that is dropped on close.
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import type { DatabaseTarget } from "../../app/db/database-target.ts";
import { openDatabaseAdapter, type OpenedDatabase } from "./adapter.ts";
import { createPostgresAdmin, replaceDatabaseInUrl } from "./postgres-admin.ts";

/** Prisma's own prefix, so whoever finds a leftover knows what it is and that it is safe to drop. */
export const SHADOW_DATABASE_PREFIX = "prisma_migrate_shadow_db";

export async function openTemporaryDatabase(
  like: DatabaseTarget,
  prefix: string = SHADOW_DATABASE_PREFIX,
): Promise<OpenedDatabase> {
  if (like.kind === "pglite") {
    return openDatabaseAdapter(
      { kind: "pglite", dataDir: undefined, label: "PGlite (temporary, in memory)" },
      { pgliteDataDirDump: await readFreshPgliteCluster() },
    );
  }

  // The target database exists (we are connected to it), so it is a safe place to run CREATE DATABASE from.
  const admin = createPostgresAdmin(like.url, `${like.host}:${like.port}`);
  const name = `${prefix}_${randomUUID().replaceAll("-", "_")}`;
  await admin.createDatabase(name);
  let opened: OpenedDatabase;
  try {
    opened = await openDatabaseAdapter(
      { ...like, url: replaceDatabaseInUrl(like.url, name), database: name, label: `${like.host}:${like.port}/${name}` },
      { poolSize: 1 },
    );
  } catch (error) {
    await admin.dropDatabase(name);
    throw error;
  }
  return {
    ...opened,
    async close() {
      await opened.close();
      await admin.dropDatabase(name);
    },
  };
}

let freshPgliteCluster: Promise<Blob> | undefined;

/**
 * initdb is most of the cost of a new PGlite (about 2 s here); loading a dump of a fresh cluster takes about
 * 0.5 s. A `migration` run needs two throwaway databases and the tests many more, so make the dump once.
 */
function readFreshPgliteCluster(): Promise<Blob> {
  freshPgliteCluster ??= (async () => {
    const template = await PGlite.create();
    try {
      return await template.dumpDataDir("none");
    } finally {
      await template.close();
    }
  })().catch((error: unknown) => {
    freshPgliteCluster = undefined; // don't cache a failure: the next caller tries again
    throw error;
  });
  return freshPgliteCluster;
}
