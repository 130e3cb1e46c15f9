/**
 * The devstore's one source of truth: the state in memory, persisted to one JSON file after every change.
 *
 * Reads are plain property access on a read-only view. Writes go through `update(change)`: the change runs on a
 * copy, the copy is written to disk atomically, and only then does it become the live state. So a failed write
 * leaves memory and disk as they were, and a crash never leaves a torn file.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createSeedState } from "./seed-state.ts";
import { devstoreStateSchema, type DevstoreState, type DevstoreStateView } from "./state-schema.ts";
import { writeFileAtomically } from "./write-file-atomically.ts";

export interface StateStore {
  /** The JSON file the state lives in. */
  readonly file: string;
  /** The live state. Read-only: change it with `update`. */
  read(): DevstoreStateView;
  /** Applies a synchronous change to a copy, persists it, then makes it live; returns what `change` returns. */
  update<Result>(change: (draft: DevstoreState) => Result): Result;
  /** Throws everything away (products, customers, installed apps, tokens) and re-seeds. */
  reset(): DevstoreStateView;
}

export interface OpenStateStoreOptions {
  file: string;
  shopDomain: string;
  /** The seed's fixed epoch (ISO); defaults to DEFAULT_SEED_EPOCH. */
  seedEpoch?: string;
}

export function openStateStore(options: OpenStateStoreOptions): StateStore {
  const seed = (): DevstoreState => createSeedState({ shopDomain: options.shopDomain, epoch: options.seedEpoch });
  let state: DevstoreState = existsSync(options.file) ? loadStateFile(options.file, options.shopDomain) : persist(options.file, seed());

  return {
    file: options.file,
    read: () => state,
    update<Result>(change: (draft: DevstoreState) => Result): Result {
      const draft = structuredClone(state);
      const result = change(draft);
      if (result instanceof Promise) {
        throw new Error("StateStore.update takes a synchronous change; await your I/O first, then update.");
      }
      state = persist(options.file, draft);
      return result;
    },
    reset() {
      rmSync(options.file, { force: true });
      state = persist(options.file, seed());
      return state;
    },
  };
}

function persist(file: string, next: DevstoreState): DevstoreState {
  writeFileAtomically(file, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

function loadStateFile(file: string, shopDomain: string): DevstoreState {
  const resetHint = "Run `npm run devstore:reset` to start from a fresh seed (this drops installed apps and tokens).";
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`The devstore state file ${file} is not readable JSON (${describe(error)}). ${resetHint}`);
  }
  const parsed = devstoreStateSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`The devstore state file ${file} does not match this devstore's schema (${problems.join("; ")}). ${resetHint}`);
  }
  if (parsed.data.shop.myshopifyDomain !== shopDomain) {
    throw new Error(
      `The devstore state file ${file} belongs to ${parsed.data.shop.myshopifyDomain}, not ${shopDomain}. ${resetHint}`,
    );
  }
  return parsed.data;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
