/**
 * The lifecycle every benchmark shares: run `main`, then the cleanups (newest first, each once, a failing one logged
 * and skipped), also on SIGINT / SIGTERM and when the deadline passes, so a benchmark always stops by itself and never
 * leaves a PostgreSQL cluster, a server or a browser behind.
 */
export type BenchCleanup = () => Promise<unknown>;

export function runBench(input: { name: string; deadlineMs: number; cleanups: BenchCleanup[]; main: () => Promise<void> }): void {
  const { name, deadlineMs, cleanups, main } = input;
  const cleanUp = async () => {
    // Taken from the list at once: a signal's cleanup and main()'s own (its queries fail once the cluster stops) never
    // run the same step twice.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error("Cleanup failed:", error));
  };
  const deadline = setTimeout(() => {
    console.error(`The ${name} benchmark did not finish within ${deadlineMs / 60_000} minutes; stopping.`);
    void cleanUp().finally(() => process.exit(1));
  }, deadlineMs);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

  main()
    .then(async () => {
      await cleanUp();
      clearTimeout(deadline);
    })
    .catch(async (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      await cleanUp();
      clearTimeout(deadline);
      process.exitCode = 1;
    });
}
