// Vitest globalSetup for the integration project: one real PostgreSQL cluster per test run, shared by all
// integration test files through `inject("postgresUrl")`. Each test creates its own database in it.
// Without PostgreSQL binaries the URL is null and Postgres-backed tests skip, after one line saying why.
import type { TestProject } from "vitest/node";
import { PostgresBinariesMissingError, startPostgres } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Superuser URL of the run's throwaway cluster, or null when PostgreSQL is not installed. */
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const cluster = await startPostgres();
    project.provide("postgresUrl", cluster.url);
    return () => cluster.stop();
  } catch (error) {
    if (!(error instanceof PostgresBinariesMissingError)) throw error;
    console.warn(error.message);
    project.provide("postgresUrl", null);
    return async () => undefined;
  }
}
