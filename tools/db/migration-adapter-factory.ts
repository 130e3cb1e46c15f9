// The driver adapter factory the schema engine gets. It fixes two things the stock adapters get wrong for
// migrations (found by testing, @prisma/adapter-pg 7.10 and pglite-prisma-adapter 0.7):
//  1. executeScript. adapter-pg splits the script on ";" (breaking `$$ … ; … $$` bodies and ';' in strings)
//     and runs the pieces on whatever pooled connection is free, outside any transaction; the PGlite adapter
//     does not await `exec`, so a failing migration is recorded as *applied* and the error surfaces later as
//     an unhandled rejection. Prisma's native engine sends the whole file in one simple-protocol query (one
//     implicit transaction), and so do we.
//  2. connectToShadowDb. adapter-pg builds the shadow pool as { connectionString, database }, and pg lets
//     the connection string win, so the "shadow" would be the main database; the PGlite one never closes
//     its in-memory instance. Ours opens a temporary database and removes it on dispose.
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { OpenedDatabase } from "./adapter.ts";

export interface ScriptFailure {
  readonly script: string;
  readonly error: unknown;
}

export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** The last script that failed on the main database, with the raw driver error (for line numbers). */
  readonly lastScriptFailure: ScriptFailure | undefined;
}

export function createMigrationAdapterFactory(
  database: OpenedDatabase,
  openShadowDatabase: () => Promise<OpenedDatabase>,
): MigrationAdapterFactory {
  let lastScriptFailure: ScriptFailure | undefined;
  const recordFailure = (failure: ScriptFailure) => {
    lastScriptFailure = failure;
  };

  return {
    provider: database.factory.provider,
    adapterName: database.factory.adapterName,
    get lastScriptFailure() {
      return lastScriptFailure;
    },
    async connect() {
      const adapter = await database.factory.connect();
      return withWholeScriptExecution(adapter, database, recordFailure, async () => adapter.dispose());
    },
    async connectToShadowDb() {
      const shadow = await openShadowDatabase();
      try {
        const adapter = await shadow.factory.connect();
        return withWholeScriptExecution(adapter, shadow, () => undefined, async () => {
          await adapter.dispose();
          await shadow.close();
        });
      } catch (error) {
        await shadow.close();
        throw error;
      }
    },
  };
}

function withWholeScriptExecution(
  inner: SqlDriverAdapter,
  database: OpenedDatabase,
  onFailure: (failure: ScriptFailure) => void,
  dispose: () => Promise<void>,
): SqlDriverAdapter {
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    async executeScript(script) {
      try {
        await database.executeScript(script);
      } catch (error) {
        onFailure({ script, error });
        throw toDriverAdapterError(error);
      }
    },
    dispose,
  };
  if (inner.getConnectionInfo !== undefined) {
    const getConnectionInfo = inner.getConnectionInfo.bind(inner);
    adapter.getConnectionInfo = () => getConnectionInfo();
  }
  return adapter;
}

/**
 * PostgreSQL errors (from pg and from PGlite alike) become the adapter error kind the engine renders as
 * "ERROR: <message>", so the SQL error reaches the user and the _prisma_migrations logs column.
 */
function toDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return error;
  const field = (name: string): string | undefined => {
    const value: unknown = Reflect.get(error, name);
    return typeof value === "string" ? value : undefined;
  };
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code,
    severity: field("severity") ?? "ERROR",
    message: error.message,
    detail: field("detail"),
    column: field("column"),
    hint: field("hint"),
  });
}
