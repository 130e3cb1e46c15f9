// Offline stand-in for the Prisma CLI's migrate commands (its native engine cannot be downloaded here).
// Same files (prisma/migrations), same _prisma_migrations table: where the Prisma CLI works, it can take over.
//
//   migrate                       apply pending migrations               (prisma migrate deploy)
//   migration <name>              write a migration for schema changes   (prisma migrate dev --create-only)
//   status                        applied / pending / failed migrations  (prisma migrate status)
//   resolve --rolled-back <name>  after a failure: it did not take effect (prisma migrate resolve)
//   resolve --applied <name>      after a failure: it was completed by hand
//
// DATABASE_URL picks the database (default pglite:./.data/affable); see adapter.ts for the accepted forms.
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DatabaseMissingError, parseDatabaseUrl, type DatabaseTarget } from "../../app/db/database-target.ts";
import { openDatabaseAdapter, type OpenedDatabase } from "./adapter.ts";
import {
  applyPendingMigrations,
  MIGRATE_COMMAND,
  RESOLVE_COMMAND,
  type ApplyMigrationsEvent,
} from "./apply-migrations.ts";
import { createMigration } from "./create-migration.ts";
import { createPostgresAdmin, replaceDatabaseInUrl } from "./postgres-admin.ts";
import { readMigrationStatus } from "./read-migration-status.ts";
import { readMigrationsDirectory } from "./read-migrations-directory.ts";
import { resolveMigration } from "./resolve-migration.ts";
import { summarizeMigrationStatus, type MigrationStatus } from "./summarize-migration-status.ts";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const USAGE = `Usage: node --import tsx tools/db/cli.ts <command> [options]

Commands:
  migrate                       apply pending migrations (like prisma migrate deploy)
  migration <name>              write prisma/migrations/<timestamp>_<name>/migration.sql for the changes
                                in prisma/schema.prisma (like prisma migrate dev --create-only)
  status                        show applied, pending and failed migrations (exit 1 unless up to date)
  resolve --rolled-back <name>  record that a failed migration did not take effect (apply it again later)
  resolve --applied <name>      record that a failed migration was completed by hand

Options:
  --schema <file>       Prisma schema (default prisma/schema.prisma)
  --migrations <dir>    migrations directory (default prisma/migrations)

Environment:
  DATABASE_URL          postgres://user:pass@host:5432/db, pglite:<dir> or pglite:memory:
                        (default pglite:./.data/affable, relative to the project root)
  AFFABLE_DB_DEBUG=1    print the schema engine's log and full error traces`;

class UsageError extends Error {}

async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv);
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined) {
    console.log(USAGE);
    return command === undefined && values.help !== true ? 2 : 0;
  }

  const target = parseDatabaseUrl(process.env.DATABASE_URL, PROJECT_ROOT);
  const migrationsDir = resolve(PROJECT_ROOT, values.migrations);
  const schemaPath = resolve(PROJECT_ROOT, values.schema);

  switch (command) {
    case "migrate":
      return runMigrate(target, migrationsDir);
    case "migration": {
      const name = rest.join(" ").trim();
      if (name === "") throw new UsageError("Name the migration: migration <name>, e.g. migration add_creator_codes");
      return runMigration(target, schemaPath, migrationsDir, name);
    }
    case "status":
      return runStatus(target, migrationsDir);
    case "resolve":
      return runResolve(target, migrationsDir, values.applied, values["rolled-back"]);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function runMigrate(target: DatabaseTarget, migrationsDir: string): Promise<number> {
  console.log(`Database: ${target.label}`);
  const database = await openExistingOrCreatedDatabase(target);
  try {
    const result = await applyPendingMigrations({ database, migrationsDir, onEvent: printApplyEvent(migrationsDir) });
    if (result.found > 0) {
      console.log(
        result.applied.length === 0
          ? "Already up to date: nothing to apply."
          : `${plural(result.applied.length, "migration")} applied.`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

async function runMigration(
  target: DatabaseTarget,
  schemaPath: string,
  migrationsDir: string,
  name: string,
): Promise<number> {
  // The developer's own database is not used, but for PostgreSQL the server is (for throwaway databases),
  // so check it answers before doing anything else. PGlite needs nothing: it all happens in memory.
  if (target.kind === "postgres") await (await openExistingOrCreatedDatabase(target)).close();

  const result = await createMigration({ target, schemaPath, migrationsDir, name });
  if (result.kind === "unchanged") {
    console.log(`No changes: ${display(schemaPath)} matches ${display(migrationsDir)}. Nothing written.`);
    return 0;
  }
  console.log(`Created ${display(result.scriptPath)}`);
  if (result.script.startsWith("/*\n  Warnings:")) {
    console.log("It comes with warnings about data loss: read the comment at the top of the file.");
  }
  console.log(`Review it, then apply it with ${MIGRATE_COMMAND}.`);
  return 0;
}

async function runStatus(target: DatabaseTarget, migrationsDir: string): Promise<number> {
  console.log(`Database: ${target.label}`);
  let status: MigrationStatus;
  if (target.kind === "pglite" && target.dataDir !== undefined && !existsSync(join(target.dataDir, "PG_VERSION"))) {
    // Opening would create the database (several seconds of initdb) just to report that it is empty.
    console.log("The database does not exist yet: the migrate command creates it.");
    status = summarizeMigrationStatus(await readMigrationsDirectory(migrationsDir), []);
  } else {
    const database = await openDatabaseAdapter(target, { poolSize: 1 });
    try {
      status = await readMigrationStatus(database, migrationsDir);
    } finally {
      await database.close();
    }
  }
  console.log(`${plural(status.migrations.length, "migration")} found in ${display(migrationsDir)}`);
  const width = Math.max(0, ...status.migrations.map((entry) => entry.name.length));
  for (const entry of status.migrations) {
    const when = entry.record?.finishedAt ?? entry.record?.startedAt;
    const detail = entry.state === "pending" || when === undefined ? "" : `  ${when.toISOString()}`;
    console.log(`  ${entry.state.padEnd(7)}  ${entry.name.padEnd(width)}${detail}`.trimEnd());
  }
  for (const name of status.missingFromDirectory) {
    console.log(`  missing  ${name}  (applied to the database, not in ${display(migrationsDir)})`);
  }

  if (status.upToDate) {
    console.log("Database schema is up to date.");
    return 0;
  }
  const count = (state: string) => status.migrations.filter((entry) => entry.state === state).length;
  const advice: string[] = [];
  if (count("failed") > 0) advice.push(`resolve the failed migration (${RESOLVE_COMMAND} --rolled-back <name>)`);
  if (count("edited") > 0) advice.push("restore edited migrations (git checkout) and put changes in a new one");
  if (status.missingFromDirectory.length > 0) advice.push("pull the branch with the missing migrations");
  if (count("pending") > 0) advice.push(`apply ${plural(count("pending"), "pending migration")} with ${MIGRATE_COMMAND}`);
  console.log(`Not up to date: ${advice.join("; ")}.`);
  return 1;
}

async function runResolve(
  target: DatabaseTarget,
  migrationsDir: string,
  applied: string | undefined,
  rolledBack: string | undefined,
): Promise<number> {
  if ((applied === undefined) === (rolledBack === undefined)) {
    throw new UsageError("Give exactly one of: resolve --rolled-back <name> | resolve --applied <name>");
  }
  const [name, resolution] = applied !== undefined ? [applied, "applied" as const] : [rolledBack ?? "", "rolled-back" as const];
  console.log(`Database: ${target.label}`);
  const database = await openDatabaseAdapter(target, { poolSize: 1 });
  try {
    await resolveMigration(database, migrationsDir, name, resolution);
  } finally {
    await database.close();
  }
  console.log(`Recorded ${name} as ${resolution}. Run ${MIGRATE_COMMAND} to continue.`);
  return 0;
}

/** Like `prisma migrate deploy`, create the PostgreSQL database when it does not exist yet. */
async function openExistingOrCreatedDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  try {
    return await openDatabaseAdapter(target, { poolSize: 1 });
  } catch (error) {
    if (!(error instanceof DatabaseMissingError)) throw error;
    const server = `${target.kind === "postgres" ? `${target.host}:${target.port}` : ""}`;
    const maintenanceUrl = replaceDatabaseInUrl(error.target.url, "postgres");
    await createPostgresAdmin(maintenanceUrl, server).createDatabase(error.target.database);
    console.log(`Created database "${error.target.database}" on ${server}.`);
    return openDatabaseAdapter(target, { poolSize: 1 });
  }
}

function printApplyEvent(migrationsDir: string): (event: ApplyMigrationsEvent) => void {
  return (event) => {
    switch (event.kind) {
      case "found":
        console.log(
          event.count === 0
            ? `No migrations found in ${display(migrationsDir)}: nothing to apply.`
            : `${plural(event.count, "migration")} found in ${display(migrationsDir)}`,
        );
        break;
      case "warning":
        console.warn(`warning: ${event.message}`);
        break;
      case "applying":
        process.stdout.write(`applying ${event.name} … `);
        break;
      case "applied":
        process.stdout.write(`done in ${event.durationMs} ms\n`);
        break;
      case "failed":
        process.stdout.write("FAILED\n");
        break;
    }
  };
}

function parseCliArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        schema: { type: "string", default: "prisma/schema.prisma" },
        migrations: { type: "string", default: "prisma/migrations" },
        applied: { type: "string" },
        "rolled-back": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function display(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath === "" || relativePath.startsWith("..") ? path : relativePath;
}

// Exit explicitly once everything is closed: the Wasm engine arms a 10-second timer around its advisory lock
// and never clears it, which would otherwise hold the process (and `npm run db:migrate`) open for 10 s.
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    // Schema validation errors from the engine already start with "error: ".
    console.error(message.startsWith("error: ") ? message : `error: ${message}`);
    if (process.env.AFFABLE_DB_DEBUG && error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
