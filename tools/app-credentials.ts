/**
 * The local app's credentials for the demo and tests: the Client ID from shopify.app.toml and a secret made
 * once per machine (kept in .devstore/, never committed). The local Shopify and the app share them, exactly as
 * Shopify and a real app share the Partner Dashboard's credentials.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

const appTomlSchema = z.object({
  client_id: z.string().min(1),
  access_scopes: z.object({ scopes: z.string().min(1) }),
});

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
  scopes: string;
  /** SECRETS_ENCRYPTION_KEY for the local app: 32 random bytes (base64), made once beside the app secret. */
  secretsEncryptionKey: string;
}

export function readAppToml(projectRoot: string) {
  const file = path.join(projectRoot, "shopify.app.toml");
  const parsed = appTomlSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`${file} needs client_id and [access_scopes] scopes: ${parsed.error.message}`);
  }
  return parsed.data;
}

export function loadAppCredentials(projectRoot: string, secretFile: string): AppCredentials {
  const toml = readAppToml(projectRoot);
  if (!existsSync(secretFile)) {
    mkdirSync(path.dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  }
  const apiSecret = readFileSync(secretFile, "utf8").trim();
  const keyFile = path.join(path.dirname(secretFile), "secrets-encryption-key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  const secretsEncryptionKey = readFileSync(keyFile, "utf8").trim();
  return { apiKey: toml.client_id, apiSecret, scopes: toml.access_scopes.scopes, secretsEncryptionKey };
}
