/**
 * `/__devstore/*`: test and demo controls (inspect state, reset, drain the rate-limit bucket, inject failures).
 * Not part of Shopify. Reachable only through a loopback host name (localhost, 127.0.0.1): the app reaches the
 * devstore only as https://{shop}.myshopify.com through the intercept, so its code path can never hit these.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { LeakyBuckets } from "../admin-api/leaky-bucket.ts";
import type { DevstoreContext } from "../context.ts";
import { faultSchema, type FaultInjector } from "./fault-injector.ts";

export interface ControlDependencies {
  buckets: LeakyBuckets;
  faults: FaultInjector;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const throttleSchema = z.object({ available: z.number().nonnegative(), apiKey: z.string().optional() });

export function controlRoutes(ctx: DevstoreContext, dependencies: ControlDependencies): Hono {
  const route = new Hono();
  route.use("/__devstore/*", async (c, next) => {
    if (!LOOPBACK_HOSTS.has(new URL(c.req.url).hostname)) return c.json({ errors: "Not Found" }, 404);
    await next();
  });

  route.get("/__devstore/state", (c) => c.json(ctx.state.read()));

  route.post("/__devstore/reset", (c) => {
    const state = ctx.state.reset();
    dependencies.buckets.clear();
    dependencies.faults.clear();
    return c.json({
      reset: true,
      file: ctx.state.file,
      products: state.products.length,
      collections: state.collections.length,
      customers: state.customers.length,
    });
  });

  route.post("/__devstore/throttle", async (c) => {
    const body = throttleSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'Send JSON {"available": <points>, "apiKey"?: "<app api key>"}.' }, 400);
    const key = body.data.apiKey ? `${body.data.apiKey}:${ctx.shop}` : undefined;
    dependencies.buckets.setAvailable(body.data.available, key);
    return c.json({ throttleStatus: dependencies.buckets.status(key ?? `${ctx.app.apiKey}:${ctx.shop}`) });
  });

  route.post("/__devstore/faults", async (c) => {
    const body = faultSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) {
      return c.json({ error: 'Send JSON {"target": "graphql"|"oauth", "status": 429|500|502|503, "count"?: n, "retryAfter"?: seconds}.' }, 400);
    }
    dependencies.faults.add(body.data);
    return c.json({ queued: body.data });
  });
  route.delete("/__devstore/faults", (c) => {
    dependencies.faults.clear();
    return c.json({ cleared: true });
  });
  return route;
}
