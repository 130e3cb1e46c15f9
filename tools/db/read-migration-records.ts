// Reads Prisma's _prisma_migrations table through a driver adapter. The schema engine writes it; we only
// read it, to show progress per migration and to explain failures in the user's terms.
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

export interface MigrationRecord {
  readonly id: string;
  readonly migrationName: string;
  readonly checksum: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly rolledBackAt: Date | null;
  readonly logs: string | null;
  readonly appliedStepsCount: number;
}

/** Rows in the order they were started; an empty list when the table does not exist yet. */
export async function readMigrationRecords(adapter: SqlDriverAdapter): Promise<MigrationRecord[]> {
  const exists = await adapter.queryRaw({
    sql: "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present",
    args: [],
    argTypes: [],
  });
  if (exists.rows[0]?.[0] !== true) return [];

  const result = await adapter.queryRaw({
    sql:
      "SELECT id, migration_name, checksum, started_at, finished_at, rolled_back_at, logs, applied_steps_count " +
      "FROM _prisma_migrations ORDER BY started_at, migration_name",
    args: [],
    argTypes: [],
  });
  return result.rows.map((row) => ({
    id: String(row[0]),
    migrationName: String(row[1]),
    checksum: String(row[2]),
    startedAt: toDate(row[3]) ?? new Date(0),
    finishedAt: toDate(row[4]),
    rolledBackAt: toDate(row[5]),
    logs: typeof row[6] === "string" ? row[6] : null,
    appliedStepsCount: Number(row[7]),
  }));
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  // The adapters return timestamptz as text; a value without a zone is UTC (Prisma writes UTC).
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? text : `${text}Z`);
}
