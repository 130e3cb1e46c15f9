/**
 * The lifecycle every benchmark shares: run `main`, then the cleanups (newest first, each once, a failing one logged
 * and skipped), also on SIGINT / SIGTERM and when the deadline passes, so a benchmark always stops by itself and never
 * leaves a PostgreSQL cluster, a server or a browser behind.
 */
import { createHash, randomBytes } from "node:crypto";

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

/**
 * The environment the app's modules read when first imported (a fresh app secret, an encryption key derived from it,
 * the benchmark's database): set it before importing them. Returns the app secret (a local Shopify needs it too).
 */
export function setBenchAppEnvironment(databaseUrl: string): string {
  const secret = randomBytes(32).toString("hex");
  Object.assign(process.env, {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: secret,
    SECRETS_ENCRYPTION_KEY: createHash("sha256").update(`secrets:${secret}`).digest("base64"),
    SHOPIFY_APP_URL: "https://affable.bench",
    SCOPES: "read_orders",
    DATABASE_URL: databaseUrl,
  });
  return secret;
}
