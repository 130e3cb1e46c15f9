// A throwaway PostgreSQL cluster for tests: initdb into a fresh temp dir, start it on a free loopback port,
// hand out databases, and remove everything on stop(). Production runs PostgreSQL, so the tests that matter
// run against the real server, not only against PGlite.
import { execFile, execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const execFileAsync = promisify(execFile);

/** Where Debian's postgresql-15 and our image put the server binaries; POSTGRES_BIN_DIR wins. */
const CANDIDATE_BIN_DIRS = ["/usr/local/bin", "/usr/lib/postgresql/15/bin"];

/** The OS account that runs the server when we are root (PostgreSQL refuses to run as root). */
const SERVER_ACCOUNT = "postgres";

export interface PostgresCluster {
  /** Superuser URL of the cluster's `postgres` database, e.g. postgres://postgres@127.0.0.1:54123/postgres */
  readonly url: string;
  /** Creates an empty database and returns its URL. Names are plain identifiers: [a-z_][a-z0-9_]*. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Directory holding initdb and pg_ctl. Default: $POSTGRES_BIN_DIR, else the usual places. */
  binDir?: string;
}

/** Thrown when no PostgreSQL server binaries are installed, so callers can print one line and move on. */
export class PostgresBinariesMissingError extends Error {
  constructor(searched: string[]) {
    super(
      `PostgreSQL 15 server binaries not found (looked for initdb in ${searched.join(", ")}): ` +
        "apt-get install postgresql-15, or set POSTGRES_BIN_DIR to the directory holding initdb and pg_ctl.",
    );
    this.name = "PostgresBinariesMissingError";
  }
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const binDir = findBinDir(options.binDir);
  const runAsServerAccount = process.getuid?.() === 0;
  const run = (binary: string, args: string[]) =>
    runServerBinary(join(binDir, binary), args, runAsServerAccount);

  // A fresh directory per cluster: nothing leaks between runs, and deleting it is the whole cleanup.
  const baseDir = await mkdtemp(join(tmpdir(), "affable-pg-"));
  if (runAsServerAccount) await chownToServerAccount(baseDir);
  const dataDir = join(baseDir, "data");
  const logFile = join(baseDir, "server.log");

  try {
    // --no-sync and trust auth: a throwaway cluster on loopback only, where speed matters more than durability.
    await run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${describeError(error)}`, { cause: error });
  }

  // The free port can be taken between probing and binding; a couple of retries makes that race harmless.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await findFreePort();
    const serverOptions = [
      "-c listen_addresses=127.0.0.1",
      `-c port=${port}`,
      `-c unix_socket_directories=${baseDir}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
    ].join(" ");
    try {
      await run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "30", "-o", serverOptions, "start"]);
      break;
    } catch (error) {
      if (attempt < 3) continue;
      const log = await readFile(logFile, "utf8").catch(() => "(no server log)");
      await rm(baseDir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${describeError(error)}\n${tail(log)}`, {
        cause: error,
      });
    }
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;

  // If the test process dies without calling stop(), don't leave a server running in the background.
  const stopOnExit = () => {
    if (stopped) return;
    try {
      const args = ["-D", dataDir, "-m", "immediate", "stop"];
      const pgCtl = join(binDir, "pg_ctl");
      if (runAsServerAccount) execFileSync("runuser", ["-u", SERVER_ACCOUNT, "--", pgCtl, ...args], { stdio: "ignore" });
      else execFileSync(pgCtl, args, { stdio: "ignore" });
    } catch {
      // Best effort only: the process is exiting and has nowhere to report to.
    }
  };
  process.once("exit", stopOnExit);

  await waitUntilAcceptingConnections(url);

  return {
    url,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
        throw new Error(`Invalid database name "${name}": use lower-case letters, digits and underscores.`);
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", stopOnExit);
      // Immediate shutdown: the data is thrown away anyway, so there is nothing to flush.
      await run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(baseDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a fresh, uniquely named database on a running cluster (e.g. `inject("postgresUrl")` in an
 * integration test) and returns its URL. One database per test file keeps tests independent.
 */
export async function createTestDatabase(serverUrl: string, prefix = "test"): Promise<string> {
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`.toLowerCase();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function findBinDir(explicit: string | undefined): string {
  // A directory someone named is the only one tried: silently using another PostgreSQL would mislead.
  const named = explicit ?? (process.env.POSTGRES_BIN_DIR || undefined);
  const candidates = named === undefined ? CANDIDATE_BIN_DIRS : [named];
  const found = candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
  if (found === undefined) throw new PostgresBinariesMissingError(candidates);
  return found;
}

async function runServerBinary(binary: string, args: string[], asServerAccount: boolean): Promise<string> {
  const [command, commandArgs] = asServerAccount
    ? ["runuser", ["-u", SERVER_ACCOUNT, "--", binary, ...args]]
    : [binary, args];
  // cwd under /tmp: the server account may not be allowed into the caller's working directory.
  const { stdout } = await execFileAsync(command, commandArgs, { cwd: tmpdir(), timeout: 60_000 });
  return stdout;
}

async function chownToServerAccount(dir: string): Promise<void> {
  const { stdout: uid } = await execFileAsync("id", ["-u", SERVER_ACCOUNT]);
  const { stdout: gid } = await execFileAsync("id", ["-g", SERVER_ACCOUNT]);
  await chown(dir, Number(uid.trim()), Number(gid.trim()));
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("Could not find a free port."))));
    });
  });
}

async function waitUntilAcceptingConnections(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} never accepted connections: ${describeError(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stderr = "stderr" in error && typeof error.stderr === "string" ? error.stderr.trim() : "";
    return stderr === "" ? error.message : `${error.message.split("\n")[0]}\n${stderr}`;
  }
  return String(error);
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
