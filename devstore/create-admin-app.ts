/**
 * The devstore's admin origin as one Hono app: Shopify's own endpoints (OAuth token, Admin GraphQL), the
 * placeholder images, the test controls, and the admin shell's pages. Tests drive it in-process with
 * `app.request()`; `startDevstore` serves it on a port.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { buildAdminSchema } from "./admin-api/build-admin-schema.ts";
import { adminGraphqlRoute } from "./admin-api/graphql-route.ts";
import { STANDARD_PLAN_THROTTLE, createLeakyBuckets, type LeakyBuckets, type ThrottleSettings } from "./admin-api/leaky-bucket.ts";
import type { DevstoreContext } from "./context.ts";
import { controlRoutes } from "./control/control-routes.ts";
import { createFaultInjector, faultResponse, type FaultInjector } from "./control/fault-injector.ts";
import { accessTokenRoute } from "./oauth/access-token-route.ts";
import type { LocalPaypal } from "./paypal/create-local-paypal.ts";
import { paypalControlRoutes } from "./paypal/paypal-control-routes.ts";
import { placeholderImageRoute } from "./serve-placeholder-image.ts";
import type { Storefront } from "./storefront/storefront-routes.ts";

export interface AdminAppOptions {
  /** The Admin API rate limit; Shopify's standard plan by default. Tests make it tiny. */
  throttle?: ThrottleSettings;
  /** The admin shell's pages (devstore/shell/routes.ts), mounted last at "/". */
  shell?: Hono | null;
  /** The online store (devstore/storefront), answering on its hosts (127.0.0.1, the shop's domain); none by default. */
  storefront?: Storefront | null;
  /** The local PayPal (devstore/paypal), answering on PayPal's API hosts; none by default. */
  paypal?: LocalPaypal | null;
  /** Where unexpected errors are reported; console.error by default. */
  logError?: (message: string, error: unknown) => void;
}

export interface AdminApp {
  app: Hono;
  buckets: LeakyBuckets;
  faults: FaultInjector;
}

export function createAdminApp(ctx: DevstoreContext, options: AdminAppOptions = {}): AdminApp {
  const buckets = createLeakyBuckets(options.throttle ?? STANDARD_PLAN_THROTTLE, () => ctx.now());
  const faults = createFaultInjector();
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const app = new Hono();

  app.use("*", async (c, next) => {
    // Every Shopify response carries a request id; the Shopify library quotes it in its error messages.
    c.header("X-Request-Id", randomUUID());
    const url = new URL(c.req.url);
    const host = url.hostname;
    if (host.endsWith(".myshopify.com") && host !== ctx.shop) {
      return c.json({ errors: `There is no shop at ${host}: this devstore hosts only ${ctx.shop}.` }, 404);
    }
    // The online store shares the port; its host name (not the path) tells it from the admin.
    if (options.storefront?.handles(url)) return options.storefront.fetch(c.req.raw, readClientAddress(c.env));
    // PayPal's hosts reach this port through the intercept too (Host kept): the local PayPal answers them.
    if (options.paypal?.handles(url)) return options.paypal.app.fetch(c.req.raw);
    await next();
  });

  app.use("/admin/oauth/access_token", async (c, next) => {
    const fault = faults.take("oauth");
    if (fault) return faultResponse(fault);
    await next();
  });

  app.route("/", accessTokenRoute(ctx));
  app.route("/", adminGraphqlRoute(ctx, { schema: buildAdminSchema(), buckets, faults }));
  app.route("/", placeholderImageRoute());
  app.route("/", controlRoutes(ctx, { buckets, faults }));
  if (options.paypal) app.route("/", paypalControlRoutes(options.paypal));
  if (options.shell) {
    app.route("/", options.shell);
  } else {
    app.get("/", (c) =>
      c.text(`Devstore for ${ctx.shop} is running. The admin shell (devstore/shell/routes.ts) is not installed, so only the API endpoints answer.\n`),
    );
  }

  app.onError((error, c) => {
    logError(`[devstore] ${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    return c.json({ errors: "Internal Server Error: the devstore hit a bug; its log has the stack trace." }, 500);
  });
  return { app, buckets, faults };
}

/** The client's IP from @hono/node-server's bindings; null in-process (app.request in tests). */
function readClientAddress(env: unknown): string | null {
  if (typeof env !== "object" || env === null || !("incoming" in env)) return null;
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } }).incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
