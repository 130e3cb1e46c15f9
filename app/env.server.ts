/**
 * The process environment, validated once at boot. A missing or malformed variable stops the app with one
 * message that names every problem and how to fix it (see .env.example).
 */
import { z } from "zod";

const DATABASE_URL_SCHEMES = ["postgres:", "postgresql:", "pglite:"];

const scopesSchema = z
  .string({ error: "is missing: set it to the comma-separated access scopes from shopify.app.toml" })
  .trim()
  .min(1, "is empty: set it to the comma-separated access scopes from shopify.app.toml")
  .transform((value) => value.split(",").map((scope) => scope.trim()).filter(Boolean));

export const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  SHOPIFY_API_KEY: z
    .string({ error: "is missing: set it to the app's Client ID (Partner Dashboard › App › Client credentials)" })
    .min(1, "is empty: set it to the app's Client ID"),
  SHOPIFY_API_SECRET: z
    .string({ error: "is missing: set it to the app's Client secret (Partner Dashboard › App › Client credentials)" })
    .min(1, "is empty: set it to the app's Client secret"),
  SHOPIFY_APP_URL: z.url({
    error: "must be the app's public https URL (the tunnel URL in development), e.g. https://affable.example.com",
  }),
  SCOPES: scopesSchema,
  DATABASE_URL: z
    .string()
    .default("pglite:./.data/affable")
    .refine((value) => DATABASE_URL_SCHEMES.some((scheme) => value.startsWith(scheme)), {
      error: "must start with postgres:// (production) or pglite: (embedded), e.g. pglite:./.data/affable",
    }),
  /** Where the App Bridge script is loaded from. Shopify's CDN unless a local Shopify serves a stand-in. */
  APP_BRIDGE_URL: z.url({ error: "must be a URL to app-bridge.js" }).optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /** Keys customer email hashes (HKDF → HMAC-SHA256). Optional: without it the app secret is used, and rotating the
   * app secret then makes old and new hashes of one email differ. At least 32 random characters. */
  EMAIL_HASH_KEY: z
    .string()
    .min(32, { error: "must be at least 32 random characters (e.g. openssl rand -base64 32), or left unset to use the app secret" })
    .optional(),
  /** Seals secrets held for merchants and creators (payout credentials, tax ids, IBANs, gift card codes): 32 random
   * bytes in base64 (openssl rand -base64 32). Optional at boot; saving such a secret without it is refused. */
  SECRETS_ENCRYPTION_KEY: z.string().optional(),
  /** Earlier SECRETS_ENCRYPTION_KEY values, comma-separated, kept after a rotation so stored secrets still open. */
  SECRETS_ENCRYPTION_OLD_KEYS: z.string().optional(),
  /** Outgoing mail (creator invitations and approvals), e.g. smtp://user:pass@smtp.example.com:587. */
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\//.test(value), { error: "must be an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().default("Affable <no-reply@affable.local>"),
  /** How often the approval job runs, in milliseconds: hourly by default; 0 turns it off (e.g. on a second web process). */
  APPROVAL_JOB_INTERVAL_MS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole number of milliseconds between 0 (off) and 604800000 (a week), e.g. 3600000" })
      .int({ error: "must be a whole number of milliseconds between 0 (off) and 604800000 (a week), e.g. 3600000" })
      .min(0, { error: "must be a whole number of milliseconds between 0 (off) and 604800000 (a week), e.g. 3600000" })
      .max(7 * 86_400_000, { error: "must be a whole number of milliseconds between 0 (off) and 604800000 (a week), e.g. 3600000" })
      .default(3_600_000),
  ),
  /** How often the payout job looks for payout runs to send or check, in milliseconds: 10 s by default; 0 turns it off
   * (e.g. on a second web process). A status sync of a submitted run happens every 5 minutes whatever this is. */
  PAYOUT_JOB_INTERVAL_MS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole number of milliseconds between 0 (off) and 3600000 (an hour), e.g. 10000" })
      .int({ error: "must be a whole number of milliseconds between 0 (off) and 3600000 (an hour), e.g. 10000" })
      .min(0, { error: "must be a whole number of milliseconds between 0 (off) and 3600000 (an hour), e.g. 10000" })
      .max(3_600_000, { error: "must be a whole number of milliseconds between 0 (off) and 3600000 (an hour), e.g. 10000" })
      .default(10_000),
  ),
  /** How often the payout schedule job looks for due payout runs, in milliseconds: 5 minutes by default; 0 turns it off. */
  PAYOUT_SCHEDULE_JOB_INTERVAL_MS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 300000" })
      .int({ error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 300000" })
      .min(0, { error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 300000" })
      .max(86_400_000, { error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 300000" })
      .default(300_000),
  ),
  /** How often the risk scan job looks for shops whose nightly risk scan is due, in milliseconds: 15 minutes by
   * default; 0 turns it off (e.g. on a second web process). Each shop is scanned once per shop-local day. */
  RISK_SCAN_JOB_INTERVAL_MS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 900000" })
      .int({ error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 900000" })
      .min(0, { error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 900000" })
      .max(86_400_000, { error: "must be a whole number of milliseconds between 0 (off) and 86400000 (a day), e.g. 900000" })
      .default(900_000),
  ),
  /** The shop-local hour (0–23) from which a shop's nightly risk scan of that day runs: 3 (03:00 shop time) by default. */
  RISK_SCAN_LOCAL_HOUR: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole hour between 0 and 23 (shop time), e.g. 3" })
      .int({ error: "must be a whole hour between 0 and 23 (shop time), e.g. 3" })
      .min(0, { error: "must be a whole hour between 0 and 23 (shop time), e.g. 3" })
      .max(23, { error: "must be a whole hour between 0 and 23 (shop time), e.g. 3" })
      .default(3),
  ),
  /** How long boot waits for PostgreSQL to answer before it stops with a message: 5 s; more on a busy test machine. */
  DATABASE_CONNECT_TIMEOUT_MS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole number of milliseconds between 1000 and 300000, e.g. 5000" })
      .int({ error: "must be a whole number of milliseconds between 1000 and 300000, e.g. 5000" })
      .min(1_000, { error: "must be a whole number of milliseconds between 1000 and 300000, e.g. 5000" })
      .max(300_000, { error: "must be a whole number of milliseconds between 1000 and 300000, e.g. 5000" })
      .default(5_000),
  ),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Formats every issue as one line: `NAME is missing: …`. */
export function describeEnvironmentIssues(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  - ${issue.path.join(".") || "environment"} ${issue.message}`);
  return [
    `Affable cannot start: ${error.issues.length} environment problem(s).`,
    ...lines,
    "Copy .env.example to .env and fill it in, or run `npm run demo` for a local shop with everything set.",
  ].join("\n");
}

export function parseEnvironment(source: Record<string, string | undefined>): Environment {
  const result = environmentSchema.safeParse(source);
  if (!result.success) throw new Error(describeEnvironmentIssues(result.error));
  return result.data;
}

let cached: Environment | undefined;

/** The validated environment; parsed on first use, which is boot (shopify.server imports it). */
export function env(): Environment {
  cached ??= parseEnvironment(process.env);
  return cached;
}
