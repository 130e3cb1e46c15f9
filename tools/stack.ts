/**
 * Starts the whole local stack — database migrations, the local Shopify (admin, API, tunnel) and the Affable
 * app — as child processes wired only through environment variables and the network, the way production is.
 * Used by `npm run demo` and by the Playwright tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { AppCredentials } from "./app-credentials.ts";

export interface StackOptions {
  projectRoot: string;
  credentials: AppCredentials;
  databaseUrl: string;
  devstoreStateFile: string;
  ports: { admin: number; tunnel: number; app: number; smtp: number };
  /** Where child output goes: the console with a prefix, or a log directory (tests). */
  logDirectory?: string;
  nodeEnv?: "production" | "development" | "test";
  log?: (line: string) => void;
  /**
   * How often the app's payout job looks for runs to send or check (PAYOUT_JOB_INTERVAL_MS). Unset keeps the app's
   * production default (10 s); browser tests use 1 s so an approved run is paid while the page waits.
   */
  payoutJobIntervalMs?: number;
  /** Runs once the database is migrated and before the app opens it (the demo seeds its program here). */
  afterMigrate?: () => Promise<void>;
}

export interface RunningStack {
  adminOrigin: string;
  tunnelOrigin: string;
  appShellUrl: string;
  environment: Record<string, string>;
  stop(): Promise<void>;
}

export const SHOP_HANDLE = "affable-demo";

export function buildStackEnvironment(options: StackOptions): Record<string, string> {
  const adminOrigin = `http://localhost:${options.ports.admin}`;
  return {
    NODE_ENV: options.nodeEnv ?? "production",
    SHOPIFY_API_KEY: options.credentials.apiKey,
    SHOPIFY_API_SECRET: options.credentials.apiSecret,
    SCOPES: options.credentials.scopes,
    SECRETS_ENCRYPTION_KEY: options.credentials.secretsEncryptionKey,
    SHOPIFY_APP_URL: `http://127.0.0.1:${options.ports.tunnel}`,
    APP_BRIDGE_URL: `${adminOrigin}/cdn/shopifycloud/app-bridge.js`,
    DATABASE_URL: options.databaseUrl,
    // Other test runs share the machine: PostgreSQL may take longer than production's 5 s to answer at boot.
    DATABASE_CONNECT_TIMEOUT_MS: "60000",
    DEVSTORE_PORT: String(options.ports.admin),
    DEVSTORE_TUNNEL_PORT: String(options.ports.tunnel),
    DEVSTORE_STATE: options.devstoreStateFile,
    PORT: String(options.ports.app),
    DEVSTORE_SMTP_PORT: String(options.ports.smtp),
    SMTP_URL: `smtp://127.0.0.1:${options.ports.smtp}`,
    HOST: "127.0.0.1",
    ...(options.payoutJobIntervalMs === undefined ? {} : { PAYOUT_JOB_INTERVAL_MS: String(options.payoutJobIntervalMs) }),
  };
}

function startChild(name: string, args: string[], environment: Record<string, string>, options: StackOptions) {
  const child = spawn(process.execPath, args, {
    cwd: options.projectRoot,
    env: { ...process.env, ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (options.logDirectory) {
    mkdirSync(options.logDirectory, { recursive: true });
    const file = createWriteStream(path.join(options.logDirectory, `${name}.log`), { flags: "a" });
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  } else {
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split("\n")
        .filter(Boolean)
        .map((line) => `[${name}] ${line}\n`)
        .join("");
    child.stdout.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  }
  return child;
}

function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code ?? 1));
  });
}

/** Polls a URL until it answers (any HTTP status) or the child exits; bounded by `timeoutMs`. */
async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await delay(150);
    }
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  const exited = await Promise.race([waitForExit(child).then(() => true), delay(5_000).then(() => false)]);
  if (!exited) child.kill("SIGKILL");
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const environment = buildStackEnvironment(options);
  const serverBuild = path.join(options.projectRoot, "build/server/index.js");
  if (!existsSync(serverBuild)) throw new Error("The app is not built: run `npm run build` first.");

  log("Applying database migrations…");
  const migrate = startChild("migrate", ["--import", "tsx", "tools/db/cli.ts", "migrate"], environment, options);
  const migrateCode = await waitForExit(migrate);
  if (migrateCode !== 0) throw new Error(`Database migrations failed (exit ${migrateCode}); see the output above.`);
  await options.afterMigrate?.();

  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(stopChild));
  };
  try {
    log("Starting the local Shopify (admin, Admin API, tunnel) and the local PayPal…");
    const devstore = startChild("devstore", ["--import", "tsx", "devstore/main.ts"], environment, options);
    children.push(devstore);
    await waitForHttp(`http://127.0.0.1:${options.ports.admin}/`, devstore, "The local Shopify");

    log("Starting Affable…");
    const app = startChild(
      "app",
      [
        "--import",
        "./devstore/intercept.mjs",
        "server.ts",
        "build/server/index.js",
      ],
      environment,
      options,
    );
    children.push(app);
    await waitForHttp(`http://127.0.0.1:${options.ports.app}/`, app, "Affable");
  } catch (error) {
    await stop();
    throw error;
  }

  const adminOrigin = `http://localhost:${options.ports.admin}`;
  return {
    adminOrigin,
    tunnelOrigin: environment.SHOPIFY_APP_URL!,
    appShellUrl: `${adminOrigin}/store/${SHOP_HANDLE}/apps/affable`,
    environment,
    stop,
  };
}
