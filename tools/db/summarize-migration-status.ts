// Pure comparison of prisma/migrations with _prisma_migrations, with the schema engine's rules:
//  - a migration is applied when it has a row that is not rolled back; it is *failed* while that row has no
//    finished_at (apply_migrations.rs refuses to go on until it is resolved);
//  - rows marked rolled back don't count, so a rolled-back migration is pending again;
//  - an applied migration whose file no longer matches the recorded checksum is *edited*.
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { matchesMigrationChecksum } from "./migration-checksum.ts";
import type { MigrationRecord } from "./read-migration-records.ts";

export type MigrationState = "applied" | "edited" | "failed" | "pending";

export interface MigrationStatusEntry {
  readonly name: string;
  readonly state: MigrationState;
  /** The row that decided the state; undefined for pending migrations never tried. */
  readonly record: MigrationRecord | undefined;
}

export interface MigrationStatus {
  /** Every migration directory, in the order they apply. */
  readonly migrations: MigrationStatusEntry[];
  /** Applied to the database but absent from prisma/migrations (someone else's branch?). */
  readonly missingFromDirectory: string[];
  readonly upToDate: boolean;
}

export function summarizeMigrationStatus(list: MigrationList, records: MigrationRecord[]): MigrationStatus {
  const live = records.filter((record) => record.rolledBackAt === null);

  const migrations = list.migrationDirectories.map((directory): MigrationStatusEntry => {
    const name = directory.path;
    // Later rows win: after a resolve + re-apply, the newest attempt is the one that counts.
    const record = live.filter((candidate) => candidate.migrationName === name).at(-1);
    if (record === undefined) {
      const rolledBack = records.filter((candidate) => candidate.migrationName === name).at(-1);
      return { name, state: "pending", record: rolledBack };
    }
    if (record.finishedAt === null) return { name, state: "failed", record };
    const script = directory.migrationFile.content;
    const edited = script.tag === "ok" && !matchesMigrationChecksum(script.value, record.checksum);
    return { name, state: edited ? "edited" : "applied", record };
  });

  const onDisk = new Set(list.migrationDirectories.map((directory) => directory.path));
  const missingFromDirectory = [
    ...new Set(live.map((record) => record.migrationName).filter((name) => !onDisk.has(name))),
  ];

  return {
    migrations,
    missingFromDirectory,
    upToDate: migrations.every((entry) => entry.state === "applied") && missingFromDirectory.length === 0,
  };
}
