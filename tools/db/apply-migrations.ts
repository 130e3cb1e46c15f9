// `prisma migrate deploy`, offline: apply every pending prisma/migrations/*/migration.sql in order. The
// schema engine does the applying and writes _prisma_migrations exactly as the Prisma CLI would; this module
// adds per-migration progress and errors that say which file failed, where, and what to do next.
import { join, relative } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import type { OpenedDatabase } from "./adapter.ts";
import { computeMigrationChecksum } from "./migration-checksum.ts";
import { openMigrationSession } from "./open-migration-session.ts";
import { MIGRATION_SCRIPT_FILE, readMigrationsDirectory } from "./read-migrations-directory.ts";
import { summarizeMigrationStatus, type MigrationStatusEntry } from "./summarize-migration-status.ts";

export type ApplyMigrationsEvent =
  | { kind: "found"; count: number }
  | { kind: "warning"; message: string }
  | { kind: "applying"; name: string }
  | { kind: "applied"; name: string; durationMs: number }
  | { kind: "failed"; name: string };

export interface ApplyMigrationsOptions {
  database: OpenedDatabase;
  /** Absolute path of prisma/migrations. */
  migrationsDir: string;
  onEvent?: (event: ApplyMigrationsEvent) => void;
}

export interface ApplyMigrationsResult {
  readonly applied: string[];
  readonly found: number;
}

/** The npm scripts that run this tool (package.json); error messages tell people to run them. */
export const MIGRATE_COMMAND = "npm run db:migrate";
export const RESOLVE_COMMAND = "npm run db:resolve --";

/** A migration.sql failed to apply. The database recorded the attempt as failed. */
export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string,
    readonly scriptPath: string,
    readonly sqlError: string,
    readonly line: number | undefined,
  ) {
    super(
      `Migration ${migrationName} failed:\n` +
        `  ${sqlError}\n` +
        `  at ${displayPath(scriptPath)}${line === undefined ? "" : `:${line}`}\n\n` +
        "PostgreSQL ran the file as one transaction, so none of its statements were kept (unless the file\n" +
        "has its own COMMIT). The attempt is recorded as failed in _prisma_migrations, and no later migration\n" +
        "runs until it is resolved:\n" +
        "  1. Fix the cause: the migration's SQL (only if it has not been applied to any other database),\n" +
        "     or the state of this database.\n" +
        `  2. ${RESOLVE_COMMAND} --rolled-back ${migrationName}\n` +
        `  3. ${MIGRATE_COMMAND}`,
    );
    this.name = "MigrationFailedError";
  }
}

/** The database holds a failed migration from an earlier run; nothing is applied until it is resolved. */
export class FailedMigrationsPresentError extends Error {
  constructor(readonly failed: MigrationStatusEntry[]) {
    const details = failed
      .map((entry) => {
        // The first line is the engine's "external connector error"; the database's message follows.
        const logs = entry.record?.logs?.split("\n").find((line) => line !== "" && !/connector error/.test(line)) ?? "";
        return `  - ${entry.name} (started ${entry.record?.startedAt.toISOString() ?? "?"})${logs ? `: ${logs.trim()}` : ""}`;
      })
      .join("\n");
    const first = failed[0]?.name ?? "<name>";
    super(
      `The database has failed migrations, so no new migration will be applied:\n${details}\n\n` +
        "Find out whether the failed migration left anything behind, fix it, then either\n" +
        `  ${RESOLVE_COMMAND} --rolled-back ${first}   (it did not take effect: apply it again)\n` +
        `  ${RESOLVE_COMMAND} --applied ${first}       (you completed it by hand)\n` +
        `and run ${MIGRATE_COMMAND} again.`,
    );
    this.name = "FailedMigrationsPresentError";
  }
}

export async function applyPendingMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const emit = options.onEvent ?? (() => undefined);
  const list = await readMigrationsDirectory(options.migrationsDir);
  assertScriptsReadable(list);
  emit({ kind: "found", count: list.migrationDirectories.length });
  if (list.migrationDirectories.length === 0) return { applied: [], found: 0 };

  const session = await openMigrationSession(options.database);
  try {
    const status = summarizeMigrationStatus(list, await session.readMigrationRecords());
    const failed = status.migrations.filter((entry) => entry.state === "failed");
    if (failed.length > 0) throw new FailedMigrationsPresentError(failed);

    for (const entry of status.migrations.filter((candidate) => candidate.state === "edited")) {
      const script = readScript(list, entry.name);
      emit({
        kind: "warning",
        message:
          `${entry.name} was modified after it was applied (file sha256 ${computeMigrationChecksum(script).slice(0, 12)}…, ` +
          `recorded ${entry.record?.checksum.slice(0, 12) ?? "?"}…). The database keeps the old version: put the ` +
          "file back (git checkout) and make the change in a new migration.",
      });
    }
    if (status.missingFromDirectory.length > 0) {
      emit({
        kind: "warning",
        message:
          `applied to the database but missing from ${displayPath(options.migrationsDir)}: ` +
          `${status.missingFromDirectory.join(", ")}. Pull the branch that has them before changing the schema.`,
      });
    }

    const applied: string[] = [];
    const pending = status.migrations.filter((entry) => entry.state === "pending");
    for (const entry of pending) {
      emit({ kind: "applying", name: entry.name });
      // Hand the engine the history up to and including this migration only: it applies exactly this one
      // (earlier ones are applied by now), which gives progress per file and names the file that fails.
      const index = list.migrationDirectories.findIndex((directory) => directory.path === entry.name);
      const prefix: MigrationList = { ...list, migrationDirectories: list.migrationDirectories.slice(0, index + 1) };
      const started = performance.now();
      try {
        applied.push(...(await session.engine.applyMigrations({ migrationsList: prefix, filters: NO_FILTERS })));
      } catch (error) {
        emit({ kind: "failed", name: entry.name });
        throw describeMigrationFailure(entry.name, list, session.factory.lastScriptFailure, error);
      }
      emit({ kind: "applied", name: entry.name, durationMs: Math.round(performance.now() - started) });
    }
    return { applied, found: list.migrationDirectories.length };
  } finally {
    session.close();
  }
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

function assertScriptsReadable(list: MigrationList): void {
  const unreadable = list.migrationDirectories.filter((directory) => directory.migrationFile.content.tag === "error");
  if (unreadable.length === 0) return;
  const names = unreadable.map((directory) => `  - ${displayPath(join(list.baseDir, directory.path))}`).join("\n");
  throw new Error(
    `These migration directories have no readable ${MIGRATION_SCRIPT_FILE}:\n${names}\n` +
      "Every directory in prisma/migrations is a migration: restore the file or remove the directory.",
  );
}

function readScript(list: MigrationList, name: string): string {
  const content = list.migrationDirectories.find((directory) => directory.path === name)?.migrationFile.content;
  return content?.tag === "ok" ? content.value : "";
}

function describeMigrationFailure(
  name: string,
  list: MigrationList,
  scriptFailure: { script: string; error: unknown } | undefined,
  engineError: unknown,
): Error {
  const script = readScript(list, name);
  const scriptPath = join(list.baseDir, name, MIGRATION_SCRIPT_FILE);
  // The raw driver error is better than the engine's rendering of it: it has the position in the file.
  if (scriptFailure !== undefined && scriptFailure.script === script && scriptFailure.error instanceof Error) {
    const error = scriptFailure.error;
    const field = (key: string) => {
      const value: unknown = Reflect.get(error, key);
      return typeof value === "string" && value !== "" ? value : undefined;
    };
    const position = Number(field("position"));
    const line = Number.isInteger(position) && position > 0 ? lineAt(script, position - 1) : undefined;
    const extra = [field("detail"), field("hint") && `Hint: ${field("hint")}`].filter(Boolean).join(" ");
    return new MigrationFailedError(name, scriptPath, `ERROR: ${error.message}${extra ? ` (${extra})` : ""}`, line);
  }
  const message = engineError instanceof Error ? engineError.message : String(engineError);
  return new MigrationFailedError(name, scriptPath, message.replace(/^external connector error\n/, ""), undefined);
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
}
