/**
 * Runs creator CSV imports in the background jobs' process (see start-background-jobs.server.ts): every
 * `intervalMs` it takes the running imports whose lease is free and imports their stored rows
 * (processCreatorImports). An import cut off by a restart is taken up again by the first run after its lease, and
 * continues after the last batch that committed. One run at a time per process; several processes are safe together
 * because claiming skips locked rows. The timer does not keep the process alive.
 */
import type { Database } from "../db.server";
import { processCreatorImports } from "../services/creators/import-creators.server";
import { startIntervalJob } from "./start-interval-job.server";

export interface CreatorImportJobOptions {
  /** How often to look for imports; an upload waits at most this long before its import starts. */
  intervalMs?: number;
}

/** Starts the job; the function returned stops it and resolves once the run under way has released its import. */
export function startCreatorImportJob(db: Database, { intervalMs = 1_000 }: CreatorImportJobOptions = {}): () => Promise<void> {
  return startIntervalJob({
    name: "creator-import",
    intervalMs,
    pass: async (shouldStop) => {
      await processCreatorImports(db, new Date(), { shouldStop });
    },
    // The import stays running with what committed so far; the first run after its lease continues it.
    failureMessage: "A creator import run failed; the import continues where it stopped after its lease.",
  });
}
