/**
 * The devstore's environment, checked once at start with zod. The same variables the app reads (the devstore plays
 * Shopify for that app, so it must know the app's credentials, URL and declared scopes) plus the devstore's ports.
 */
import path from "node:path";
import { z } from "zod";
import { PROJECT_ROOT, readPorts, stateFile, type DevstorePorts } from "./config.ts";
import { DEFAULT_SMTP_PORT } from "./mail/start-smtp-catcher.ts";

const port = z.number().int().min(1).max(65535);

const envSchema = z.object({
  SHOPIFY_API_KEY: z.string({ error: "missing: the app's Client ID (Partner Dashboard › Client credentials)" }).min(1, "is empty"),
  SHOPIFY_API_SECRET: z.string({ error: "missing: the app's Client secret" }).min(1, "is empty"),
  SHOPIFY_APP_URL: z.url({ error: "missing or not a URL: the app's public origin, e.g. http://localhost:4001" }),
  SCOPES: z.string({ error: "missing: the app's access scopes, comma-separated, as in shopify.app.toml" }),
});

const portsSchema = z.object({
  admin: port.describe("DEVSTORE_PORT"),
  tunnel: port.describe("DEVSTORE_TUNNEL_PORT"),
  app: port.describe("PORT"),
});

export interface DevstoreEnv {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  /** DEVSTORE_APPROVED_SCOPES: scopes needing Shopify's approval (write_gift_cards) this devstore grants; none by default. */
  approvedScopes: string[];
  ports: DevstorePorts;
  /** DEVSTORE_SMTP_PORT: where the mail catcher listens on 127.0.0.1 (default 4025). */
  smtpPort: number;
  stateFile: string;
  /** DEVSTORE_APP_CONFIG: the app configuration whose webhook subscriptions are delivered (default shopify.app.toml). */
  appConfigFile: string;
  /** DEVSTORE_WEBHOOK_RETRY_SCALE: multiplies Shopify's retry schedule (default 1; 0.001 makes 4 hours 15 seconds). */
  webhookRetryScale: number;
}

export class DevstoreEnvError extends Error {
  override name = "DevstoreEnvError";
}

export function readDevstoreEnv(env: NodeJS.ProcessEnv): DevstoreEnv {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")} ${issue.message}`);
  }
  const ports = portsSchema.safeParse(readPorts(env));
  if (!ports.success) {
    const variable = { admin: "DEVSTORE_PORT", tunnel: "DEVSTORE_TUNNEL_PORT", app: "PORT" } as const;
    for (const issue of ports.error.issues) {
      const key = issue.path[0];
      const name = key === "admin" || key === "tunnel" || key === "app" ? variable[key] : String(key);
      problems.push(`${name} must be a port number (1-65535)`);
    }
  }
  const smtpPort = port.safeParse(Number(env.DEVSTORE_SMTP_PORT ?? DEFAULT_SMTP_PORT));
  if (!smtpPort.success) problems.push("DEVSTORE_SMTP_PORT must be a port number (1-65535)");
  const retryScale = z.number().positive().max(1000).safeParse(Number(env.DEVSTORE_WEBHOOK_RETRY_SCALE ?? 1));
  if (!retryScale.success) problems.push("DEVSTORE_WEBHOOK_RETRY_SCALE must be a positive number (1 = Shopify's 4-hour schedule)");
  if (!parsed.success || !ports.success || !smtpPort.success || !retryScale.success) {
    throw new DevstoreEnvError(
      `The devstore cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSet them in the environment (or .env); see .env.example.`,
    );
  }
  return {
    apiKey: parsed.data.SHOPIFY_API_KEY,
    apiSecret: parsed.data.SHOPIFY_API_SECRET,
    appUrl: parsed.data.SHOPIFY_APP_URL.replace(/\/$/, ""),
    scopes: parsed.data.SCOPES.split(",").map((scope) => scope.trim()).filter((scope) => scope.length > 0),
    approvedScopes: (env.DEVSTORE_APPROVED_SCOPES ?? "").split(",").map((scope) => scope.trim()).filter((scope) => scope.length > 0),
    ports: ports.data,
    smtpPort: smtpPort.data,
    stateFile: stateFile(env),
    appConfigFile: path.resolve(PROJECT_ROOT, env.DEVSTORE_APP_CONFIG ?? "shopify.app.toml"),
    webhookRetryScale: retryScale.data,
  };
}
