/**
 * What the devstore needs from `shopify.app.toml`: the webhook subscriptions (topics and compliance topics, each with
 * its uri), their API version and the declared access scopes. Shopify keeps TOML subscriptions on its side and
 * delivers them itself (the app's library never reads this file), so the local Shopify must read it to do the same.
 */
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { z } from "zod";

export interface WebhookSubscription {
  topic: string;
  /** As written in the TOML: a path relative to the app URL ("/webhooks/orders/create") or an absolute https URL. */
  uri: string;
  /** A mandatory compliance topic (customers/data_request, customers/redact, shop/redact). */
  compliance: boolean;
}

export interface AppConfig {
  file: string;
  apiVersion: string;
  /** [access_scopes].scopes, split; null when the file declares none. */
  scopes: string[] | null;
  subscriptions: WebhookSubscription[];
  /** Subscriptions the devstore cannot deliver (Pub/Sub, EventBridge): a reason for each, for the start-up log. */
  skipped: string[];
  /** [app_proxy]: where the storefront forwards /{prefix}/{subpath}/*; null when the app declares no proxy. */
  appProxy: AppProxyConfig | null;
}

export interface AppProxyConfig {
  /** The app's proxy URL, e.g. https://affable.example.com/proxy (the storefront forwards to its path on the app URL). */
  url: string;
  /** "apps", "a", "community" or "tools": the first segment of the storefront path. */
  prefix: string;
  subpath: string;
}

const subscriptionSchema = z.object({
  topics: z.array(z.string().min(1)).optional(),
  compliance_topics: z.array(z.string().min(1)).optional(),
  uri: z.string().min(1),
});

const appProxySchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "an http(s) URL such as https://my-app.example.com/proxy" }),
  // Shopify lets merchants pick among these four prefixes; the subpath is one URL segment.
  prefix: z.enum(["apps", "a", "community", "tools"]),
  subpath: z.string().regex(/^[A-Za-z0-9_-]{1,30}$/, "one path segment of letters, digits, - or _"),
});

const appTomlSchema = z.object({
  app_proxy: appProxySchema.optional(),
  access_scopes: z.object({ scopes: z.string().optional() }).optional(),
  webhooks: z
    .object({
      api_version: z.string().regex(/^\d{4}-\d{2}$|^unstable$/, "a version such as 2026-10"),
      subscriptions: z.array(subscriptionSchema).default([]),
    })
    .optional(),
});

export function readAppConfig(file: string): AppConfig {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the app configuration ${file} (${describe(error)}); pass another path or create it with \`shopify app config link\`.`);
  }
  return parseAppConfig(source, file);
}

export function parseAppConfig(source: string, file = "shopify.app.toml"): AppConfig {
  let toml: unknown;
  try {
    toml = parse(source);
  } catch (error) {
    throw new Error(`${file} is not valid TOML: ${describe(error)}`);
  }
  const parsed = appTomlSchema.safeParse(toml);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`${file} does not look like a Shopify app configuration (${problems.join("; ")}).`);
  }
  const webhooks = parsed.data.webhooks;
  const subscriptions: WebhookSubscription[] = [];
  const skipped: string[] = [];
  for (const entry of webhooks?.subscriptions ?? []) {
    const topics = [
      ...(entry.topics ?? []).map((topic) => ({ topic, compliance: false })),
      ...(entry.compliance_topics ?? []).map((topic) => ({ topic, compliance: true })),
    ];
    if (!isHttpUri(entry.uri)) {
      skipped.push(`${topics.map((item) => item.topic).join(", ")} → ${entry.uri} (only HTTPS endpoints and app-relative paths are delivered locally)`);
      continue;
    }
    for (const item of topics) subscriptions.push({ ...item, uri: entry.uri });
  }
  const scopes = parsed.data.access_scopes?.scopes;
  return {
    file,
    apiVersion: webhooks?.api_version ?? "",
    scopes: scopes === undefined ? null : scopes.split(",").map((scope) => scope.trim()).filter((scope) => scope.length > 0),
    subscriptions,
    skipped,
    appProxy: parsed.data.app_proxy ?? null,
  };
}

/** `{appUrl}{uri}` for a relative uri, the uri itself when it is absolute. */
export function resolveSubscriptionUrl(appUrl: string, uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri;
  return `${appUrl.replace(/\/$/, "")}${uri.startsWith("/") ? uri : `/${uri}`}`;
}

function isHttpUri(uri: string): boolean {
  return uri.startsWith("/") || /^https?:\/\//i.test(uri);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
