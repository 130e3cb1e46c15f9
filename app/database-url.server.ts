/**
 * Which database a DATABASE_URL names. Shared by the app and the offline migration tool (tools/db),
 * so both always open the same database.
 */
import path from "node:path";

export type DatabaseTarget =
  | { kind: "postgres"; url: string; host: string; port: number; database: string }
  | { kind: "pglite"; /** null means in memory */ dataDir: string | null };

export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

export function parseDatabaseUrl(value: string, cwd: string = process.cwd()): DatabaseTarget {
  if (value.startsWith("pglite:")) {
    const location = value.slice("pglite:".length).replace(/^\/\//, "");
    if (location === "" ) {
      throw new DatabaseUrlError("DATABASE_URL 'pglite:' needs a directory, e.g. pglite:./.data/affable, or pglite:memory:");
    }
    if (location === "memory:") return { kind: "pglite", dataDir: null };
    return { kind: "pglite", dataDir: path.resolve(cwd, location) };
  }
  if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new DatabaseUrlError(
        "DATABASE_URL is not a valid URL: expected postgres://user:password@host:5432/database",
      );
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
    if (!url.hostname || !database) {
      throw new DatabaseUrlError(
        "DATABASE_URL needs a host and a database name: postgres://user:password@host:5432/database",
      );
    }
    return { kind: "postgres", url: value, host: url.hostname, port: Number(url.port || 5432), database };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL scheme '${value.split(":")[0]}' is not supported: use postgres://… or pglite:<directory>`,
  );
}
