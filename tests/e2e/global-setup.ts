/**
 * Starts a real PostgreSQL, migrates a fresh database, and runs the local Shopify and the built app on the
 * test ports. Tests read the stack's URLs and credentials from process.env (E2E_*).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { E2E_PORTS } from "../../playwright.config";
import { loadAppCredentials } from "../../tools/app-credentials";
import { startStack } from "../../tools/stack";
import { startPostgres } from "../support/postgres";

export default async function globalSetup() {
  const projectRoot = path.resolve(import.meta.dirname, "../..");
  const scratch = mkdtempSync(path.join(tmpdir(), "affable-e2e-"));
  const postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase("affable_e2e");
  const credentials = loadAppCredentials(projectRoot, path.join(scratch, "app-secret"));
  const stack = await startStack({
    projectRoot,
    credentials,
    databaseUrl,
    devstoreStateFile: path.join(scratch, "devstore-state.json"),
    ports: E2E_PORTS,
    logDirectory: path.join(projectRoot, "test-results/e2e-logs"),
    // The payout specs wait for an approved run to be paid: the job looks every second, not every 10 s.
    payoutJobIntervalMs: 1_000,
    log: (line) => console.log(`[e2e] ${line}`),
  });
  process.env.E2E_APP_SHELL_URL = stack.appShellUrl;
  process.env.E2E_TUNNEL_ORIGIN = stack.tunnelOrigin;
  process.env.E2E_ADMIN_ORIGIN = stack.adminOrigin;
  process.env.E2E_API_KEY = credentials.apiKey;
  process.env.E2E_API_SECRET = credentials.apiSecret;
  process.env.E2E_DATABASE_URL = databaseUrl;

  return async () => {
    await stack.stop();
    await postgres.stop();
  };
}
