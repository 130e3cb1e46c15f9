/**
 * `npm run demo`: the app in a local Shopify admin, with an embedded database and a seeded shop.
 * State (database, local Shopify) persists in .data/ and .devstore/; a second run reuses it.
 * `npm run devstore:reset` (local Shopify) and deleting .data/ (app database) start over.
 */
import { createServer } from "node:net";
import path from "node:path";
import { loadAppCredentials } from "./app-credentials.ts";
import { placeDemoOrders, seedDemoDatabase, type DemoCreator } from "./demo-seed.ts";
import { startStack } from "./stack.ts";

const projectRoot = path.resolve(import.meta.dirname, "..");

function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new Error(`Port ${port} is in use. Is another demo running? Stop it, or set ${variable} to a free port.`)),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

async function main() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) throw new Error(`Node ${process.version} is too old: run through npm (npm run demo), which uses Node 22.`);
  const ports = {
    admin: Number(process.env.DEVSTORE_PORT ?? 4000),
    tunnel: Number(process.env.DEVSTORE_TUNNEL_PORT ?? 4001),
    app: Number(process.env.PORT ?? 3000),
    smtp: Number(process.env.DEVSTORE_SMTP_PORT ?? 4025),
  };
  await assertPortFree(ports.admin, "DEVSTORE_PORT");
  await assertPortFree(ports.tunnel, "DEVSTORE_TUNNEL_PORT");
  await assertPortFree(ports.app, "PORT");
  await assertPortFree(ports.smtp, "DEVSTORE_SMTP_PORT");

  const databaseUrl = process.env.DATABASE_URL ?? "pglite:./.data/affable";
  // The seeded orders' commissions older than the holding period are approved by the approval job: every minute in
  // the demo (hourly by default), so a payout run can be planned soon after the orders' webhooks arrive.
  process.env.APPROVAL_JOB_INTERVAL_MS ??= "60000";
  const credentials = loadAppCredentials(projectRoot, path.join(projectRoot, ".devstore/app-secret"));
  const devstoreStateFile = path.resolve(projectRoot, process.env.DEVSTORE_STATE ?? ".devstore/state.json");
  let seeded: DemoCreator[] | null = null;
  const stack = await startStack({
    projectRoot,
    credentials,
    databaseUrl,
    // First run only: a payout-ready program with creators, then a month of their orders once the app is up.
    afterMigrate: async () => {
      seeded = await seedDemoDatabase(databaseUrl, projectRoot, {
        secretsEncryptionKey: credentials.secretsEncryptionKey,
        devstoreStateFile,
        appUrl: `http://127.0.0.1:${ports.tunnel}`,
      });
    },
    devstoreStateFile,
    ports,
    nodeEnv: "production",
  });
  const creators: DemoCreator[] | null = seeded;
  if (creators !== null) {
    await placeDemoOrders(`http://127.0.0.1:${ports.admin}`, creators, new Date(), (line) => console.log(line));
    console.log("Payouts: the local PayPal sandbox is connected (Settings › PayPal); 3 creators are paid by PayPal, 1 by store credit.");
  }

  console.log(
    [
      "",
      "Affable is running against a local Shopify.",
      `  Open the app in the local admin:  ${stack.appShellUrl}`,
      `  Local Shopify home:               ${stack.adminOrigin}/`,
      `  Local PayPal (sandbox) state:     ${stack.adminOrigin}/__devstore/paypal/state`,
      "  Payouts: commissions older than the 14-day hold are approved within a minute; then Payouts › Plan a payout run.",
      "  Press Ctrl+C to stop. State is kept for the next run.",
      "",
    ].join("\n"),
  );

  const shutdown = async () => {
    console.log("Stopping…");
    await stack.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
