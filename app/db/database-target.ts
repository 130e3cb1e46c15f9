// DATABASE_URL → which database to open. The app (app/db.server.ts) and the migration tool (tools/db) both read
// DATABASE_URL through this module, so they always open the same database:
//   postgres://user:pass@host:5432/db  (or postgresql://)  a real PostgreSQL server, through @prisma/adapter-pg
//   pglite:./.data/affable                                  embedded PGlite persisted in a directory; relative
//                                                           paths are resolved against the project root
//   pglite:/absolute/dir                                    the same, absolute
//   pglite:memory:                                          embedded PGlite in memory (tests, throwaway)
// Unset or empty means DEFAULT_DATABASE_URL. Anything else fails at once with a message saying what to write.
import { readFile, rm, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import pg from "pg";

export const DEFAULT_DATABASE_URL = "pglite:./.data/affable";

export type DatabaseTarget = PostgresTarget | PgliteTarget;

export interface PostgresTarget {
  readonly kind: "postgres";
  /** The URL exactly as given (it may hold a password: never print it, print `label`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** Safe to print: no password. */
  readonly label: string;
}

export interface PgliteTarget {
  readonly kind: "pglite";
  /** Absolute data directory, or undefined for an in-memory database. */
  readonly dataDir: string | undefined;
  readonly label: string;
}

/** A bad DATABASE_URL, or a database we cannot reach. The message says what to do next. */
export class DatabaseConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseConfigError";
  }
}

/** The database in a postgres:// URL does not exist yet; `migrate` may create it, like Prisma does. */
export class DatabaseMissingError extends DatabaseConfigError {
  constructor(readonly target: PostgresTarget) {
    super(
      `Database "${target.database}" does not exist on ${target.host}:${target.port}. ` +
        `Create it (psql -h ${target.host} -p ${target.port} -c 'CREATE DATABASE "${target.database}"') ` +
        "or run the migrate command, which creates it.",
    );
    this.name = "DatabaseMissingError";
  }
}

const POSTGRES_EXAMPLE = "postgres://user:password@127.0.0.1:5432/affable";

export function parseDatabaseUrl(raw: string | undefined, projectRoot: string): DatabaseTarget {
  const value = raw === undefined || raw.trim() === "" ? DEFAULT_DATABASE_URL : raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();

  if (scheme === "pglite") return parsePgliteUrl(value, projectRoot);
  if (scheme === "postgres" || scheme === "postgresql") return parsePostgresUrl(value);

  const hint =
    scheme === "file" || scheme === "sqlite"
      ? " SQLite is not supported: Affable keeps one PostgreSQL schema for development and production."
      : "";
  throw new DatabaseConfigError(
    `Unsupported DATABASE_URL scheme ${scheme === undefined ? `in "${value}"` : `"${scheme}:"`}.${hint} ` +
      `Use ${POSTGRES_EXAMPLE}, ${DEFAULT_DATABASE_URL} (embedded, on disk) or pglite:memory:.`,
  );
}

function parsePgliteUrl(value: string, projectRoot: string): PgliteTarget {
  // "pglite://x" is read as "pglite:x", the way app/database-url.server.ts reads it.
  const location = value.slice("pglite:".length).replace(/^\/\//, "");
  if (location === "memory:") {
    return { kind: "pglite", dataDir: undefined, label: "PGlite (in memory)" };
  }
  if (location === "") {
    throw new DatabaseConfigError(
      `Malformed DATABASE_URL "${value}": after "pglite:" put a directory, e.g. ${DEFAULT_DATABASE_URL}, ` +
        "or memory: for an in-memory database.",
    );
  }
  const dataDir = isAbsolute(location) ? location : resolve(projectRoot, location);
  return { kind: "pglite", dataDir, label: `PGlite at ${dataDir}` };
}

function parsePostgresUrl(value: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseConfigError(
      `Malformed DATABASE_URL: not a valid URL (check special characters in the password are %-encoded). ` +
        `Expected something like ${POSTGRES_EXAMPLE}.`,
    );
  }
  if (url.hostname === "") {
    throw new DatabaseConfigError(`Malformed DATABASE_URL: no host. Expected something like ${POSTGRES_EXAMPLE}.`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) {
    throw new DatabaseConfigError(
      `Malformed DATABASE_URL: put the database name after the host, e.g. ${POSTGRES_EXAMPLE}.`,
    );
  }
  // Prisma's ?schema= picks a PostgreSQL schema; the driver adapters ignore it, and migrations would land in
  // "public" while the app looked elsewhere. Refuse rather than surprise.
  const schema = url.searchParams.get("schema");
  if (schema !== null && schema !== "public") {
    throw new DatabaseConfigError(
      `DATABASE_URL asks for schema "${schema}", which is not supported: Affable uses the "public" schema. ` +
        "Use a separate database instead, or remove ?schema=.",
    );
  }
  const port = url.port === "" ? 5432 : Number(url.port);
  const user = url.username === "" ? "" : `${decodeURIComponent(url.username)}@`;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    kind: "postgres",
    url: value,
    host,
    port,
    database,
    label: `postgres://${user}${url.host}/${database}`,
  };
}

export const PGLITE_LOCK_FILE = "affable.lock";

/**
 * PGlite has no lock of its own, and two processes on one data directory (the dev server and a migration,
 * say) corrupt it. So whoever opens it writes its pid into a lock file first; a lock whose process is gone
 * is stale and taken over. Returns the release function.
 */
export async function lockPgliteDirectory(dataDir: string, label: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, PGLITE_LOCK_FILE);
  for (;;) {
    try {
      await writeFile(lockPath, `${process.pid}\n`, { flag: "wx" });
      return async () => {
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    }
    const holder = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
      throw new DatabaseConfigError(
        `${label} is in use by process ${holder} (the dev server?). PGlite allows one process per directory: ` +
          `stop that process and try again. If there is no such process, delete ${lockPath}.`,
      );
    }
    await rm(lockPath, { force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

export async function assertPostgresReachable(target: PostgresTarget, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectError(target, error, timeoutMs);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describeConnectError(target: PostgresTarget, error: unknown, timeoutMs: number): DatabaseConfigError {
  const where = `${target.host}:${target.port}`;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = errorMessage(error);
  const fallback = `Or use the embedded database: DATABASE_URL=${DEFAULT_DATABASE_URL}.`;

  if (code === "3D000") return new DatabaseMissingError(target);
  if (code === "28P01" || code === "28000") {
    return new DatabaseConfigError(
      `PostgreSQL at ${where} refused the login (${message}). Check the user and password in DATABASE_URL.`,
      { cause: error },
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new DatabaseConfigError(
      `Host "${target.host}" in DATABASE_URL could not be resolved. Check the host name. ${fallback}`,
      { cause: error },
    );
  }
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EHOSTUNREACH" || /timeout/i.test(message)) {
    const reason = code === "ECONNREFUSED" ? "connection refused" : code || `no answer within ${timeoutMs} ms`;
    return new DatabaseConfigError(
      `Cannot connect to ${target.label} (${reason}). Is PostgreSQL running at ${where}? ` +
        `Start it, or fix the host and port in DATABASE_URL. ${fallback}`,
      { cause: error },
    );
  }
  return new DatabaseConfigError(`Cannot connect to ${target.label}: ${message}. ${fallback}`, { cause: error });
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}
