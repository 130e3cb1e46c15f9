// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven by a driver adapter.
// It is the same Rust code as the native engine the Prisma CLI downloads (which this network cannot reach),
// so the _prisma_migrations bookkeeping and the generated SQL are Prisma's own, not a re-implementation.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type {
  ApplyMigrationsInput,
  CreateMigrationInput,
  CreateMigrationOutput,
  DiagnoseMigrationHistoryInput,
  DiagnoseMigrationHistoryOutput,
  MarkMigrationAppliedInput,
  MarkMigrationRolledBackInput,
  SchemaEngine,
} from "@prisma/schema-engine-wasm";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";

/** An error reported by the schema engine; `code` is Prisma's (e.g. P3009) when it has one. */
export class SchemaEngineError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "SchemaEngineError";
  }
}

export interface SchemaEngineSession {
  applyMigrations(input: ApplyMigrationsInput): Promise<string[]>;
  createMigration(input: CreateMigrationInput): Promise<CreateMigrationOutput>;
  diagnoseMigrationHistory(input: DiagnoseMigrationHistoryInput): Promise<DiagnoseMigrationHistoryOutput>;
  markMigrationApplied(input: MarkMigrationAppliedInput): Promise<void>;
  markMigrationRolledBack(input: MarkMigrationRolledBackInput): Promise<void>;
  /** Frees the Wasm-side engine. The adapter factory's connections are the caller's to close. */
  close(): void;
}

export interface OpenSchemaEngineOptions {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Prisma schema files as [path, content]; only needed by commands that read the schema. */
  schemaFiles?: [string, string][];
}

let loadedEngineClass: Promise<typeof SchemaEngine> | undefined;
let lastPanicMessage: string | undefined;

export async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<SchemaEngineSession> {
  const Engine = await loadSchemaEngineClass();
  const adapter = bindMigrationAwareSqlAdapterFactory(options.factory);
  const log = (line: string) => {
    if (process.env.AFFABLE_DB_DEBUG) process.stderr.write(`[schema-engine] ${line}\n`);
  };
  const datamodels = options.schemaFiles !== undefined && options.schemaFiles.length > 0 ? options.schemaFiles : undefined;
  const engine = await runEngineCommand(() => Engine.new({ datamodels }, log, adapter));

  return {
    // Each call goes through the engine object itself: a detached method loses its Wasm `this`.
    applyMigrations: async (input) =>
      (await runEngineCommand(() => engine.applyMigrations(input))).appliedMigrationNames,
    createMigration: (input) => runEngineCommand(() => engine.createMigration(input)),
    diagnoseMigrationHistory: (input) => runEngineCommand(() => engine.diagnoseMigrationHistory(input)),
    markMigrationApplied: async (input) => {
      await runEngineCommand(() => engine.markMigrationApplied(input));
    },
    markMigrationRolledBack: async (input) => {
      await runEngineCommand(() => engine.markMigrationRolledBack(input));
    },
    close: () => engine.free(),
  };
}

/** The engine's git revision, for error reports. */
export async function readSchemaEngineVersion(): Promise<string> {
  await loadSchemaEngineClass();
  return runtime.version();
}

function loadSchemaEngineClass(): Promise<typeof SchemaEngine> {
  // Instantiate the Wasm module once per process: wasm-bindgen keeps module-level state, and the package's
  // own entry point uses `import "*.wasm"`, which plain Node cannot load. So we do what Prisma's CLI does:
  // compile the bytes ourselves and hand the instance to the generated bindings.
  loadedEngineClass ??= (async () => {
    // The engine reports Rust panics through this global before the Wasm trap surfaces as "unreachable".
    Object.assign(globalThis, {
      PRISMA_WASM_PANIC_REGISTRY: {
        set_message(message: string) {
          lastPanicMessage = message;
        },
      },
    });
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmModule = new WebAssembly.Module(await readFile(bindingsPath.replace(/\.js$/, ".wasm")));
    // The generated bindings module *is* the import object the Wasm module expects under this name.
    const imports = { "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports };
    const instance = new WebAssembly.Instance(wasmModule, imports);
    runtime.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === "function") start();
    return runtime.SchemaEngine;
  })();
  return loadedEngineClass;
}

async function runEngineCommand<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw toSchemaEngineError(error);
  }
}

function toSchemaEngineError(error: unknown): SchemaEngineError {
  if (error instanceof WebAssembly.RuntimeError) {
    const panic = lastPanicMessage ?? error.message;
    return new SchemaEngineError(
      `The Prisma schema engine crashed: ${panic}. This is a bug in @prisma/schema-engine-wasm ` +
        `(${runtime.version()}); rerun with AFFABLE_DB_DEBUG=1 and report it with the output.`,
      undefined,
    );
  }
  if (error instanceof Error) {
    const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
    return new SchemaEngineError(stripEngineSpanTrace(error.message), code);
  }
  return new SchemaEngineError(String(error), undefined);
}

/**
 * Engine messages end with a Rust span trace ("   0: sql_schema_connector::… at src/….rs:113"), useful to
 * Prisma's developers and noise to ours. AFFABLE_DB_DEBUG=1 keeps it.
 */
export function stripEngineSpanTrace(message: string): string {
  if (process.env.AFFABLE_DB_DEBUG) return message;
  const lines = message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s+\d+: [\w:]+/.test(line));
  return (traceStart === -1 ? lines : lines.slice(0, traceStart)).join("\n").trimEnd();
}
