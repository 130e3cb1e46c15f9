/**
 * `/__devstore/*`: test and demo controls (inspect state, reset, drain the rate-limit bucket, inject failures, and
 * the storefront's app embed: GET|POST /__devstore/storefront/app-embed; orders: POST /__devstore/orders, POST /__devstore/orders/:id/{refunds,cancel,edit}, GET /__devstore/orders; see
 * order-routes.ts for the bodies).
 * Not part of Shopify. Reachable only through a loopback host name (localhost, 127.0.0.1): the app reaches the
 * devstore only as https://{shop}.myshopify.com through the intercept, so its code path can never hit these.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { LeakyBuckets } from "../admin-api/leaky-bucket.ts";
import type { DevstoreContext } from "../context.ts";
import { deriveDiscountStatus } from "../admin-api/discounts/discount-status.ts";
import { findDiscountByCode } from "../admin-api/discounts/list-code-discounts.ts";
import { toGid } from "../state/shopify-gid.ts";
import { chaosRequestSchema } from "../webhooks/webhook-chaos.ts";
import { uninstallApp } from "../webhooks/uninstall-app.ts";
import { faultSchema, operationFaultSchema, type FaultInjector } from "./fault-injector.ts";
import { orderControlRoutes } from "./order-routes.ts";
import { appEmbedInputSchema, setAppEmbed } from "../storefront/app-embed-settings.ts";

export interface ControlDependencies {
  buckets: LeakyBuckets;
  faults: FaultInjector;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const sendWebhookSchema = z.object({ topic: z.string().min(1), payload: z.unknown().optional(), shop: z.string().min(1).optional() });
const WEBHOOKS_OFF = { error: "Webhook delivery is not running in this devstore (started with webhooks: false)." };
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
  /** Make the next call of one mutation fail: {operation: "discountCodeBasicCreate", mode: "userError"|"http500"}. */
  route.post("/__devstore/fail-next", async (c) => {
    const body = operationFaultSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'Send JSON {"operation": "<mutation root field>", "mode": "userError"|"http500"}.' }, 400);
    dependencies.faults.failNext(body.data);
    return c.json({ queued: body.data });
  });

  /** The shop's code discounts as a test asserts on them; `?code=` finds one code, case-insensitively. */
  route.get("/__devstore/discounts", (c) => {
    const discounts = ctx.state.read().discounts;
    const code = c.req.query("code");
    const selected = code === undefined ? discounts : [findDiscountByCode(discounts, code)].filter((discount) => discount !== undefined);
    const now = ctx.now();
    return c.json({
      discounts: selected.map((discount) => ({
        id: toGid("DiscountCodeNode", discount.id),
        code: discount.codes[0]?.code ?? null,
        codes: discount.codes.map((redeemCode) => redeemCode.code),
        title: discount.title,
        status: deriveDiscountStatus(discount, now),
        value: discount.value,
        startsAt: discount.startsAt,
        endsAt: discount.endsAt,
        usageLimit: discount.usageLimit,
        appliesOncePerCustomer: discount.appliesOncePerCustomer,
        combinesWith: discount.combinesWith,
        items: discount.items,
        buyers: discount.buyers,
        asyncUsageCount: discount.asyncUsageCount,
        createdAt: discount.createdAt,
        updatedAt: discount.updatedAt,
      })),
    });
  });

  /** Mail the SMTP catcher received, newest first. */
  route.get("/__devstore/mail", (c) => c.json({ messages: ctx.state.read().mail }));

  /** Webhook deliveries, newest first, with every try; the chaos settings in force. */
  route.get("/__devstore/webhooks", (c) => {
    const webhooks = ctx.webhooks;
    return c.json({
      running: webhooks !== undefined,
      subscriptions: webhooks?.config.subscriptions ?? [],
      chaos: webhooks?.chaos() ?? null,
      deliveries: ctx.state.read().webhookDeliveries,
    });
  });

  /** Test helper: trigger a delivery of any subscribed topic, e.g. {"topic": "orders/paid", "payload": {...}}. */
  route.post("/__devstore/webhooks/send", async (c) => {
    if (!ctx.webhooks) return c.json(WEBHOOKS_OFF, 503);
    const body = sendWebhookSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'Send JSON {"topic": "orders/paid", "payload": {...}, "shop"?: "<domain>"}.' }, 400);
    const delivery = ctx.webhooks.deliver({ topic: body.data.topic, payload: body.data.payload ?? {}, shop: body.data.shop });
    if (!delivery) {
      const topics = ctx.webhooks.config.subscriptions.map((subscription) => subscription.topic).join(", ");
      return c.json({ error: `The app does not subscribe to ${body.data.topic} in ${ctx.webhooks.config.file}. Subscribed: ${topics}.` }, 422);
    }
    return c.json({ delivery }, 202);
  });

  route.post("/__devstore/webhooks/chaos", async (c) => {
    if (!ctx.webhooks) return c.json(WEBHOOKS_OFF, 503);
    const body = chaosRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) {
      return c.json({ error: `Send JSON {"topic"?: "orders/paid", "duplicate"?: 0..1, "delayMs"?: n, "reorderWindow"?: n, "seed"?: n}: ${z.prettifyError(body.error)}` }, 400);
    }
    return c.json({ chaos: ctx.webhooks.setChaos(body.data) });
  });

  route.delete("/__devstore/webhooks/chaos", (c) => {
    if (!ctx.webhooks) return c.json(WEBHOOKS_OFF, 503);
    return c.json({ chaos: ctx.webhooks.clearChaos() });
  });

  route.post("/__devstore/webhooks/:id/redeliver", (c) => {
    if (!ctx.webhooks) return c.json(WEBHOOKS_OFF, 503);
    const id = Number(c.req.param("id"));
    const delivery = Number.isSafeInteger(id) ? ctx.webhooks.redeliver(id) : null;
    if (!delivery) return c.json({ error: `No webhook delivery ${c.req.param("id")} (the devstore keeps the last 200).` }, 404);
    return c.json({ delivery }, 202);
  });

  /** The merchant uninstalls the app: tokens revoked, app/uninstalled sent (the admin's Apps page does the same). */
  route.post("/__devstore/app/uninstall", (c) => c.json(uninstallApp(ctx)));

  route.delete("/__devstore/faults", (c) => {
    dependencies.faults.clear();
    return c.json({ cleared: true });
  });

  /** The theme's app embed (devstore/storefront): GET what is set; POST {"enabled": true, "settings"?: {...}}. */
  route.get("/__devstore/storefront/app-embed", (c) => c.json({ appEmbed: ctx.state.read().storefront.appEmbed }));
  route.post("/__devstore/storefront/app-embed", async (c) => {
    const body = appEmbedInputSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: `Send JSON {"enabled": true|false, "settings"?: {"<setting id>": value}}: ${z.prettifyError(body.error)}` }, 400);
    return c.json({ appEmbed: setAppEmbed(ctx, body.data) });
  });

  /** Orders: create, refund, cancel, edit, list (devstore/control/order-routes.ts documents the bodies). */
  route.route("/", orderControlRoutes(ctx));
  return route;
}
