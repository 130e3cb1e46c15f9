// CREATE/DROP DATABASE on a PostgreSQL server: for temporary (shadow) databases, and for `migrate`, which,
// like `prisma migrate deploy`, creates the target database when it does not exist yet.
import pg from "pg";

export interface PostgresAdmin {
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
}

/**
 * `connectUrl` must name a database that exists: the target itself for temporary databases, or the
 * `postgres` maintenance database when the target is the one being created.
 */
export function createPostgresAdmin(connectUrl: string, serverLabel: string): PostgresAdmin {
  return {
    async createDatabase(name) {
      await runStatement(connectUrl, `CREATE DATABASE ${quoteIdentifier(name)}`, (error) =>
        new Error(
          `Could not create database "${name}" on ${serverLabel}: ${messageOf(error)}. ` +
            "The role in DATABASE_URL needs the CREATEDB privilege (ALTER ROLE … CREATEDB), or create it by hand.",
          { cause: error },
        ),
      );
    },
    async dropDatabase(name) {
      const describeFailure = (error: unknown) =>
        new Error(`Could not drop database "${name}" on ${serverLabel}: ${messageOf(error)}. Drop it by hand.`, {
          cause: error,
        });
      const drop = `DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`;
      // WITH (FORCE) (PostgreSQL 13+): a connection someone forgot to close must not keep the database alive.
      // Older servers reject the syntax (42601); plain DROP is the best they offer.
      await runStatement(connectUrl, `${drop} WITH (FORCE)`, rethrowAsIs).catch(async (error: unknown) => {
        if (codeOf(error) !== "42601") throw describeFailure(error);
        await runStatement(connectUrl, drop, describeFailure);
      });
    },
  };
}

/** The same URL (credentials, options) pointing at another database on the same server. */
export function replaceDatabaseInUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function runStatement(url: string, statement: string, describeFailure: (error: unknown) => Error) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query(statement);
  } catch (error) {
    throw describeFailure(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function rethrowAsIs(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
