// The offline migration tool against both databases Affable runs on: a real PostgreSQL 15 (the cluster from
// tests/support/global-setup.ts) and embedded PGlite persisted in a directory. Each backend works on its own
// copy of prisma/, so the project's schema and migrations are never touched.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../../tests/support/postgres.ts";
import { parseDatabaseUrl, PGLITE_LOCK_FILE, type DatabaseTarget } from "../../app/db/database-target.ts";
import { openDatabaseAdapter, type OpenedDatabase } from "./adapter.ts";
import {
  applyPendingMigrations,
  FailedMigrationsPresentError,
  MigrationFailedError,
  type ApplyMigrationsEvent,
} from "./apply-migrations.ts";
import { createMigration } from "./create-migration.ts";
import { readMigrationStatus } from "./read-migration-status.ts";
import { resolveMigration } from "./resolve-migration.ts";

const PROJECT_ROOT = join(import.meta.dirname, "../..");
const postgresUrl = inject("postgresUrl");

interface Backend {
  name: string;
  /** Why the backend is skipped, or undefined when it runs. */
  skipReason: string | undefined;
  createDatabaseUrl(workDir: string): Promise<string>;
}

const backends: Backend[] = [
  {
    name: "PostgreSQL",
    skipReason: postgresUrl === null ? "PostgreSQL server binaries are not installed" : undefined,
    createDatabaseUrl: () => createTestDatabase(postgresUrl ?? "", "migrate"),
  },
  {
    name: "PGlite",
    skipReason: undefined,
    createDatabaseUrl: async (workDir) => `pglite:${join(workDir, "pglite-data")}`,
  },
];

// A model of the tool's own, so these tests keep working whatever the project's schema grows into, and
// Prisma's exact output for adding it, then for a destructive change to it.
const PROBE_MODEL = `
model MigrationToolProbe {
  id        String   @id
  shop      String
  code      String
  legacy    String?
  createdAt DateTime @default(now())

  @@unique([shop, code])
}
`;

const EXPECTED_PROBE_MIGRATION = `-- CreateTable
CREATE TABLE "MigrationToolProbe" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "legacy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MigrationToolProbe_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MigrationToolProbe_shop_code_key" ON "MigrationToolProbe"("shop", "code");
`;

const EXPECTED_DESTRUCTIVE_MIGRATION = `/*
  Warnings:

  - You are about to drop the column \`legacy\` on the \`MigrationToolProbe\` table. All the data in the column will be lost.
  - Added the required column \`label\` to the \`MigrationToolProbe\` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "MigrationToolProbe" DROP COLUMN "legacy",
ADD COLUMN     "label" TEXT NOT NULL;
`;

describe.each(backends)("offline migrations on $name", (backend) => {
  let workDir = "";
  let migrationsDir = "";
  let schemaPath = "";
  let databaseUrl = "";
  let target: DatabaseTarget;
  /** The project's migrations, in order; the first one is the init migration. */
  let projectMigrations: string[] = [];
  let initName = "";

  beforeAll(async () => {
    if (backend.skipReason !== undefined) return;
    workDir = await mkdtemp(join(tmpdir(), "affable-migrate-test-"));
    await cp(join(PROJECT_ROOT, "prisma"), join(workDir, "prisma"), { recursive: true });
    migrationsDir = join(workDir, "prisma", "migrations");
    schemaPath = join(workDir, "prisma", "schema.prisma");
    const entries = await readdir(migrationsDir, { withFileTypes: true });
    projectMigrations = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    initName = projectMigrations[0] ?? "";
    databaseUrl = await backend.createDatabaseUrl(workDir);
    target = parseDatabaseUrl(databaseUrl, workDir);
  });

  afterAll(async () => {
    if (workDir !== "") await rm(workDir, { recursive: true, force: true });
  });

  /** Each step opens and closes the database, so the PGlite case also proves the data persists. */
  async function withDatabase<T>(run: (database: OpenedDatabase) => Promise<T>): Promise<T> {
    const database = await openDatabaseAdapter(target, { poolSize: 1 });
    try {
      return await run(database);
    } finally {
      await database.close();
    }
  }

  async function applyMigrations(events: ApplyMigrationsEvent[] = []) {
    return withDatabase((database) =>
      applyPendingMigrations({ database, migrationsDir, onEvent: (event) => events.push(event) }),
    );
  }

  async function queryRows(sql: string): Promise<Record<string, unknown>[]> {
    return withDatabase(async (database) => {
      const adapter = await database.factory.connect();
      try {
        const result = await adapter.queryRaw({ sql, args: [], argTypes: [] });
        return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
      } finally {
        await adapter.dispose();
      }
    });
  }

  async function listTables(): Promise<string[]> {
    const rows = await queryRows(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return rows.map((row) => String(row.table_name));
  }

  async function expectNoTemporaryDatabasesLeft() {
    if (target.kind !== "postgres") return;
    const leftovers = await queryRows(
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%' " +
        "OR datname LIKE 'affable_migration_scratch_%'",
    );
    expect(leftovers).toEqual([]);
  }

  async function runCli(...args: string[]) {
    const cli = join(PROJECT_ROOT, "tools/db/cli.ts");
    return promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args, "--migrations", migrationsDir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );
  }

  it.skipIf(backend.skipReason !== undefined)("reports every migration as pending before anything ran", async () => {
    expect(initName).toMatch(/^\d{14}_init$/);

    const status = await runCli("status");

    expect(status.code).toBe(1);
    for (const name of projectMigrations) expect(status.stdout).toContain(`pending  ${name}`);
    expect(status.stdout).toContain(`apply ${plural(projectMigrations.length, "pending migration")} with npm run db:migrate.`);
  });

  it.skipIf(backend.skipReason !== undefined)("applies the migrations from the command line, one line per migration", async () => {
    const run = await runCli("migrate");

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const progress = run.stdout.split("\n").filter((line) => line.startsWith("applying "));
    expect(progress).toHaveLength(projectMigrations.length);
    projectMigrations.forEach((name, index) => {
      expect(progress[index]).toMatch(new RegExp(`^applying ${name} … done in \\d+ ms$`));
    });
    expect(run.stdout).toContain(`${plural(projectMigrations.length, "migration")} applied.`);
    expect(await listTables()).toEqual(expect.arrayContaining(["Session", "Shop", "_prisma_migrations"]));
  });

  it.skipIf(backend.skipReason !== undefined)("records the migration in _prisma_migrations exactly as Prisma does", async () => {
    const columns = await queryRows(
      "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default " +
        "FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position",
    );
    // The table Prisma's schema engine creates (sql-schema-connector, postgres flavour).
    expect(columns.map((column) => [column.column_name, column.data_type, column.is_nullable])).toEqual([
      ["id", "character varying", "NO"],
      ["checksum", "character varying", "NO"],
      ["finished_at", "timestamp with time zone", "YES"],
      ["migration_name", "character varying", "NO"],
      ["logs", "text", "YES"],
      ["rolled_back_at", "timestamp with time zone", "YES"],
      ["started_at", "timestamp with time zone", "NO"],
      ["applied_steps_count", "integer", "NO"],
    ]);

    const rows = await queryRows("SELECT * FROM _prisma_migrations ORDER BY started_at");
    expect(rows.map((row) => row.migration_name)).toEqual(projectMigrations);
    for (const row of rows) {
      const file = await readFile(join(migrationsDir, String(row.migration_name), "migration.sql"));
      expect(row).toMatchObject({
        checksum: createHash("sha256").update(file).digest("hex"),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(String(row.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Date.parse(String(row.finished_at))).toBeGreaterThanOrEqual(Date.parse(String(row.started_at)));
    }
  });

  it.skipIf(backend.skipReason !== undefined)("applies nothing on a second run", async () => {
    const before = await queryRows("SELECT id, finished_at FROM _prisma_migrations");
    const events: ApplyMigrationsEvent[] = [];

    const result = await applyMigrations(events);

    expect(result).toEqual({ applied: [], found: projectMigrations.length });
    expect(events).toEqual([{ kind: "found", count: projectMigrations.length }]);
    expect(await queryRows("SELECT id, finished_at FROM _prisma_migrations")).toEqual(before);
    const status = await withDatabase((database) => readMigrationStatus(database, migrationsDir));
    expect(status.upToDate).toBe(true);
  });

  it.skipIf(backend.skipReason !== undefined)("writes Prisma's migration for a new model, without touching the database", async () => {
    await appendFile(schemaPath, PROBE_MODEL);

    const result = await createMigration({ target, schemaPath, migrationsDir, name: "Add migration tool probe" });

    expect(result.kind).toBe("created");
    if (result.kind !== "created") return;
    expect(result.directoryName).toMatch(/^\d{14}_add_migration_tool_probe$/);
    expect(await readFile(join(migrationsDir, result.directoryName, "migration.sql"), "utf8")).toBe(
      EXPECTED_PROBE_MIGRATION,
    );
    expect(await readFile(join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    expect(await queryRows("SELECT migration_name FROM _prisma_migrations")).toHaveLength(projectMigrations.length);
    expect(await listTables()).not.toContain("MigrationToolProbe");
    await expectNoTemporaryDatabasesLeft();

    const events: ApplyMigrationsEvent[] = [];
    expect((await applyMigrations(events)).applied).toEqual([result.directoryName]);
    expect(events.map((event) => event.kind)).toEqual(["found", "applying", "applied"]);
    expect(await listTables()).toContain("MigrationToolProbe");
  });

  it.skipIf(backend.skipReason !== undefined)("puts Prisma's data-loss warnings on top of a destructive migration", async () => {
    const schema = await readFile(schemaPath, "utf8");
    await writeFile(schemaPath, schema.replace("  legacy    String?\n", "  label     String\n"));

    const result = await createMigration({ target, schemaPath, migrationsDir, name: "probe label" });

    expect(result).toMatchObject({ kind: "created", script: EXPECTED_DESTRUCTIVE_MIGRATION });
    expect((await applyMigrations()).applied).toHaveLength(1);
  });

  it.skipIf(backend.skipReason !== undefined)("says so and writes nothing when the schema has not changed", async () => {
    const before = await readdir(migrationsDir);

    const result = await createMigration({ target, schemaPath, migrationsDir, name: "nothing" });

    expect(result).toEqual({ kind: "unchanged" });
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it.skipIf(backend.skipReason !== undefined)("names the failing file, line and SQL error, and blocks later runs until resolved", async () => {
    const broken = "29991231000000_broken";
    const brokenFile = join(migrationsDir, broken, "migration.sql");
    await mkdir(join(migrationsDir, broken));
    await writeFile(brokenFile, '-- CreateTable\nCREATE TABLE "Broken" (id INTEGER);\n\nINSERT INTO "Shop" ("nope") VALUES (1);\n');

    const failure = await applyMigrations().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect(failure).toMatchObject({ migrationName: broken, line: 4, scriptPath: brokenFile });
    expect(String(failure)).toContain('ERROR: column "nope" of relation "Shop" does not exist');
    expect(String(failure)).toContain(`npm run db:resolve -- --rolled-back ${broken}`);
    // One transaction: the statement before the failing one was not kept either.
    expect(await listTables()).not.toContain("Broken");
    const [record] = await queryRows(`SELECT * FROM _prisma_migrations WHERE migration_name = '${broken}'`);
    expect(record).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    // The engine words the error its own way in the logs column (as the Prisma CLI would).
    expect(String(record?.logs)).toContain("nope");

    await expect(applyMigrations()).rejects.toThrow(FailedMigrationsPresentError);

    await writeFile(brokenFile, '-- CreateTable\nCREATE TABLE "Broken" (id INTEGER);\n');
    await withDatabase((database) => resolveMigration(database, migrationsDir, broken, "rolled-back"));
    expect((await applyMigrations()).applied).toEqual([broken]);
    expect(await listTables()).toContain("Broken");
    expect((await withDatabase((database) => readMigrationStatus(database, migrationsDir))).upToDate).toBe(true);
  });

  it.skipIf(backend.skipReason !== undefined)("reports an applied migration whose file was edited afterwards", async () => {
    const initFile = join(migrationsDir, initName, "migration.sql");
    const original = await readFile(initFile, "utf8");
    await appendFile(initFile, "-- an innocent-looking edit\n");
    try {
      const events: ApplyMigrationsEvent[] = [];
      await applyMigrations(events);
      const warning = events.find((event) => event.kind === "warning");
      expect(warning).toMatchObject({ kind: "warning", message: expect.stringContaining(`${initName} was modified`) });

      const status = await withDatabase((database) => readMigrationStatus(database, migrationsDir));
      expect(status.migrations.find((entry) => entry.name === initName)?.state).toBe("edited");
      expect(status.upToDate).toBe(false);
      expect((await runCli("status")).stdout).toContain(`edited   ${initName}`);
    } finally {
      await writeFile(initFile, original);
    }
  });
});

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

describe("the PGlite directory lock", () => {
  it("takes over a lock left by a process that is gone, and releases it on close", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "affable-pglite-lock-"));
    const lockPath = join(dataDir, PGLITE_LOCK_FILE);
    try {
      await writeFile(lockPath, "999999999\n");

      const database = await openDatabaseAdapter(parseDatabaseUrl(`pglite:${dataDir}`, PROJECT_ROOT));
      expect(await readFile(lockPath, "utf8")).toBe(`${process.pid}\n`);
      await database.close();

      await expect(readFile(lockPath, "utf8")).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
