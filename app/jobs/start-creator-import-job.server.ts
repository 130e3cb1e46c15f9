/**
 * Runs creator CSV imports in the background jobs' process (see start-background-jobs.server.ts): every
 * `intervalMs` it takes the running imports whose lease is free and imports their stored rows
 * (processCreatorImports). An import cut off by a restart is taken up again by the first run after its lease, and
 * continues after the last batch that committed. One run at a time per process; several processes are safe together
 * because claiming skips locked rows. The timer does not keep the process alive.
 */
import type { Database } from "../db.server";
import { processCreatorImports } from "../services/creators/import-creators.server";

declare global {
  // One job per process, also across Vite's hot reloads in development.
  var affableCreatorImportJob: { stop: () => Promise<void> } | undefined;
}

export interface CreatorImportJobOptions {
  /** How often to look for imports; an upload waits at most this long before its import starts. */
  intervalMs?: number;
}

/** Starts the job; the function returned stops it and resolves once the run under way has released its import. */
export function startCreatorImportJob(db: Database, { intervalMs = 1_000 }: CreatorImportJobOptions = {}): () => Promise<void> {
  if (globalThis.affableCreatorImportJob) return globalThis.affableCreatorImportJob.stop;
  let stopping = false;
  let current: Promise<void> | null = null;

  const run = () => {
    if (stopping || current) return;
    current = (async () => {
      try {
        await processCreatorImports(db, new Date(), { shouldStop: () => stopping });
      } catch (error) {
        // The import stays running with what committed so far; the first run after its lease continues it.
        console.error("A creator import run failed; the import continues where it stopped after its lease.", error);
      } finally {
        current = null;
      }
    })();
  };

  const timer = setInterval(run, intervalMs);
  timer.unref();
  const stop = async () => {
    stopping = true;
    clearInterval(timer);
    globalThis.affableCreatorImportJob = undefined;
    await current;
  };
  globalThis.affableCreatorImportJob = { stop };
  return stop;
}
