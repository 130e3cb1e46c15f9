/**
 * Starts the devstore: loads (or seeds) the state, serves the admin origin on 127.0.0.1, mounts the admin shell
 * and starts the tunnel to the app when those modules are present.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { ThrottleSettings } from "./admin-api/leaky-bucket.ts";
import path from "node:path";
import { API_VERSION, PROJECT_ROOT, SHOP_DOMAIN } from "./config.ts";
import type { DevstoreApp, DevstoreContext } from "./context.ts";
import { createAdminApp, type AdminApp } from "./create-admin-app.ts";
import { importIfPresent } from "./import-if-present.ts";
import { startSmtpCatcher, type SmtpCatcher } from "./mail/start-smtp-catcher.ts";
import { grantableScopes, syncInstallationScopes } from "./oauth/install-app.ts";
import { openStateStore } from "./state/state-store.ts";
import { toGid } from "./state/shopify-gid.ts";
import { createWebhookDeliverer, type WebhookDeliverer } from "./webhooks/create-webhook-deliverer.ts";
import { readAppConfig } from "./webhooks/read-app-config.ts";
import { createLocalPaypal, type LocalPaypal } from "./paypal/create-local-paypal.ts";
import { openPaypalStateStore } from "./paypal/paypal-state.ts";
import { STOREFRONT_HOST, createStorefront, type Storefront } from "./storefront/storefront-routes.ts";

export interface StartDevstoreOptions {
  app: DevstoreApp;
  /** SHOPIFY_APP_URL: the app's public origin. */
  appUrl: string;
  /** Admin port (0 picks a free one), tunnel port, and the port the app itself listens on. */
  ports: { admin: number; tunnel: number; app: number };
  stateFile: string;
  shop?: string;
  apiVersion?: string;
  /** The host name in adminOrigin; "localhost" by default (it resolves to the 127.0.0.1 we bind). */
  adminHost?: string;
  now?: () => Date;
  throttle?: ThrottleSettings;
  seedEpoch?: string;
  /** Mount devstore/shell/routes.ts when present (default true). */
  shell?: boolean;
  /** Start devstore/tunnel.ts when present (default true). */
  tunnel?: boolean;
  /** Start the SMTP mail catcher on this 127.0.0.1 port (0 picks a free one); omitted, no catcher starts. */
  smtpPort?: number;
  /** Serve the online store on http://127.0.0.1:{admin port}/ (default true); see devstore/storefront. */
  storefront?: boolean;
  /** Where the storefront finds theme app extensions; the repo's extensions/ by default. */
  extensionsDir?: string;
  /** The local PayPal on PayPal's API hosts (default true); its state is paypal-state.json beside stateFile. */
  paypal?: boolean;
  /** Webhook delivery from shopify.app.toml's subscriptions (on by default); false turns it off. */
  webhooks?: false | StartWebhooksOptions;
  log?: (line: string) => void;
}

export interface StartWebhooksOptions {
  /** The app configuration to read subscriptions from; the repo's shopify.app.toml by default. */
  configFile?: string;
  /** Multiplies Shopify's retry schedule (8 tries over ~4 h); 1 by default. */
  retryScale?: number;
  /** How long the app has to answer; Shopify's 5 s by default. */
  timeoutMs?: number;
  /** Where webhooks go; SHOPIFY_APP_URL (appUrl) by default. */
  appUrl?: string;
}

export const DEFAULT_APP_CONFIG_FILE = path.join(PROJECT_ROOT, "shopify.app.toml");

export interface RunningDevstore {
  adminUrl: string;
  /** The online store, e.g. http://127.0.0.1:4000 (the admin's port, the storefront's host); null when off. */
  storefrontUrl: string | null;
  /** The tunnel's public URL; null when the tunnel is off or devstore/tunnel.ts does not exist yet. */
  tunnelUrl: string | null;
  /** The mail catcher's port; null when it was not started. */
  smtpPort: number | null;
  context: DevstoreContext;
  admin: AdminApp;
  /** The local PayPal; null when started with paypal: false. */
  paypal: LocalPaypal | null;
  close(): Promise<void>;
}

export async function startDevstore(options: StartDevstoreOptions): Promise<RunningDevstore> {
  const log = options.log ?? ((line: string) => console.log(line));
  const shop = options.shop ?? SHOP_DOMAIN;
  const state = openStateStore({ file: options.stateFile, shopDomain: shop, seedEpoch: options.seedEpoch });

  // Listen first (the origin depends on the port when it is 0), then build the app that answers.
  let handler: Hono | null = null;
  // The node-server bindings (env) carry the client's socket: the storefront's app proxy forwards its address.
  const { server, port } = await listen(options.ports.admin, (request, env) =>
    handler ? handler.fetch(request, env) : new Response("The devstore is starting.", { status: 503 }),
  );
  const adminOrigin = `http://${options.adminHost ?? "localhost"}:${port}`;

  const context: DevstoreContext = {
    shop,
    adminOrigin,
    appUrl: options.appUrl,
    apiVersion: options.apiVersion ?? API_VERSION,
    app: options.app,
    state,
    now: options.now ?? (() => new Date()),
  };

  let smtp: SmtpCatcher | null = null;
  let webhooks: WebhookDeliverer | null = null;
  let paypal: LocalPaypal | null = null;
  try {
    if (options.paypal !== false) {
      paypal = createLocalPaypal({ store: openPaypalStateStore(path.join(path.dirname(options.stateFile), "paypal-state.json")), log });
      paypal.process();
    }
    if (options.webhooks !== false) {
      webhooks = startWebhooks(context, options.webhooks ?? {}, log);
      context.webhooks = webhooks;
    }
    syncDeclaredScopes(context, log);
    if (options.smtpPort !== undefined) smtp = await startSmtpCatcher({ port: options.smtpPort, state, now: context.now, log });
    const shell = options.shell === false ? null : await loadShellRoutes(context, log);
    const storefront = options.storefront === false ? null : startStorefront(context, options, log);
    const admin = createAdminApp(context, { throttle: options.throttle, shell, storefront, paypal });
    handler = admin.app;

    const tunnel = options.tunnel === false ? null : await startTunnelIfPresent(context, options.ports, log);
    if (tunnel && new URL(tunnel.url).origin !== new URL(options.appUrl).origin) {
      log(`[devstore] Warning: SHOPIFY_APP_URL is ${options.appUrl} but the tunnel is at ${tunnel.url}; set SHOPIFY_APP_URL=${tunnel.url} for the app and the devstore, or the admin will frame the wrong origin.`);
    }

    return {
      adminUrl: adminOrigin,
      storefrontUrl: storefront ? `http://${STOREFRONT_HOST}:${port}` : null,
      tunnelUrl: tunnel?.url ?? null,
      smtpPort: smtp?.port ?? null,
      context,
      admin,
      paypal,
      async close() {
        await tunnel?.close();
        await paypal?.close();
        await webhooks?.close();
        await smtp?.close();
        await closeServer(server);
      },
    };
  } catch (error) {
    // Do not leave the ports taken (or retries waiting) when a later step (mail, shell, tunnel) fails.
    await paypal?.close();
    await webhooks?.close();
    await smtp?.close();
    await closeServer(server);
    throw error;
  }
}

/** Declared scopes changed since the app was installed: grant them, as a managed install does on deploy. */
function syncDeclaredScopes(context: DevstoreContext, log: (line: string) => void): void {
  const installed = context.state.read().installations.find((installation) => installation.apiKey === context.app.apiKey);
  const granted = grantableScopes(context.app);
  if (!installed || installed.scopes.join(",") === granted.join(",")) return;
  const previous = context.state.update((draft) => syncInstallationScopes(draft, context.app.apiKey, granted, context.now()));
  if (!previous) return;
  log(`[devstore] Access scopes changed from "${previous.join(",")}" to "${granted.join(",")}"; granted.`);
  const current = context.state.read().installations.find((installation) => installation.apiKey === context.app.apiKey);
  if (!current) return;
  // Shopify's app/scopes_update payload: the installation's GID, the scopes before and after, when.
  context.webhooks?.deliver({
    topic: "app/scopes_update",
    payload: { id: toGid("AppInstallation", current.id), previous, current: current.scopes, updated_at: current.updatedAt },
  });
}

function startStorefront(context: DevstoreContext, options: StartDevstoreOptions, log: (line: string) => void): Storefront {
  if ((options.adminHost ?? "localhost") === STOREFRONT_HOST) {
    throw new Error(`The admin and the storefront cannot share the host ${STOREFRONT_HOST}: use adminHost "localhost".`);
  }
  const configFile = (options.webhooks === false ? undefined : options.webhooks?.configFile) ?? DEFAULT_APP_CONFIG_FILE;
  const appProxy = readAppConfig(configFile).appProxy;
  if (!appProxy) log(`[devstore] ${configFile} declares no [app_proxy]: the storefront answers 404 under /apps/*.`);
  return createStorefront(context, { appProxy, extensionsDir: options.extensionsDir });
}

function startWebhooks(context: DevstoreContext, options: StartWebhooksOptions, log: (line: string) => void): WebhookDeliverer {
  const config = readAppConfig(options.configFile ?? DEFAULT_APP_CONFIG_FILE);
  for (const skipped of config.skipped) log(`[devstore] Webhook subscription not delivered locally: ${skipped}`);
  if (config.scopes !== null && config.scopes.join(",") !== context.app.scopes.join(",")) {
    log(`[devstore] Warning: SCOPES ("${context.app.scopes.join(",")}") differ from ${config.file} ("${config.scopes.join(",")}"); the devstore grants SCOPES. Keep them in step.`);
  }
  return createWebhookDeliverer({
    state: context.state,
    shop: context.shop,
    appUrl: options.appUrl ?? context.appUrl,
    apiSecret: context.app.apiSecret,
    config: { ...config, apiVersion: config.apiVersion || context.apiVersion },
    now: context.now,
    retryScale: options.retryScale,
    timeoutMs: options.timeoutMs,
    log,
  });
}

async function loadShellRoutes(context: DevstoreContext, log: (line: string) => void): Promise<Hono | null> {
  const module = await importIfPresent("./shell/routes.ts", import.meta.url);
  if (!module) {
    log("[devstore] devstore/shell/routes.ts not found: serving the API without the admin shell.");
    return null;
  }
  const shellRoutes = module.shellRoutes;
  if (typeof shellRoutes !== "function") throw new Error("devstore/shell/routes.ts must export shellRoutes(ctx: DevstoreContext): Hono.");
  const routes: unknown = shellRoutes(context);
  if (!(routes instanceof Hono)) throw new Error("shellRoutes(ctx) in devstore/shell/routes.ts must return a Hono app.");
  return routes;
}

interface Tunnel {
  url: string;
  close(): Promise<void>;
}

async function startTunnelIfPresent(context: DevstoreContext, ports: StartDevstoreOptions["ports"], log: (line: string) => void): Promise<Tunnel | null> {
  const module = await importIfPresent("./tunnel.ts", import.meta.url);
  if (!module) {
    log("[devstore] devstore/tunnel.ts not found: no tunnel started; open the app at its own port.");
    return null;
  }
  const startTunnel = module.startTunnel;
  if (typeof startTunnel !== "function") throw new Error("devstore/tunnel.ts must export startTunnel({ port, appOrigin, adminOrigin }).");
  const started: unknown = await startTunnel({ port: ports.tunnel, appOrigin: `http://127.0.0.1:${ports.app}`, adminOrigin: context.adminOrigin });
  if (typeof started !== "object" || started === null || !("url" in started) || !("close" in started)) {
    throw new Error("startTunnel() in devstore/tunnel.ts must resolve to { url, close() }.");
  }
  const { url, close } = started;
  if (typeof url !== "string" || typeof close !== "function") throw new Error("startTunnel() must resolve to { url: string, close(): Promise<void> }.");
  return { url, close: async () => void (await close.call(started)) };
}

function listen(port: number, fetch: (request: Request, env: unknown) => Response | Promise<Response>): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    // overrideGlobalObjects: false keeps Node's own Request/Response, so code sharing the process is unaffected.
    const server = serve({ fetch, port, hostname: "127.0.0.1", overrideGlobalObjects: false }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on 127.0.0.1 is in use: stop the other devstore, or set DEVSTORE_PORT to a free port.`)
          : error,
      );
    });
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would hold close() open; the devstore has nothing in flight worth waiting for.
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
