/**
 * `/__devstore/paypal/*`: controls for the local PayPal (tests, demo). Loopback host names only, like the devstore's
 * other controls; the app reaches the local PayPal only as https://api-m[.sandbox].paypal.com, never these.
 *
 *   GET  /__devstore/paypal/state                       everything (accounts with credentials, batches, items, chaos)
 *   POST /__devstore/paypal/reset                       back to the seed
 *   POST /__devstore/paypal/accounts                    {environment, clientId, clientSecret, balances?, unknownReceiver?} add or replace
 *   POST /__devstore/paypal/balances                    {environment, clientId, currency, value: "123.45"} set a balance
 *   POST /__devstore/paypal/receivers                   {environment, receiver, behaviour: success|unclaimed|failed|blocked|onhold|pending}
 *   POST /__devstore/paypal/chaos                       {environment, hang?, serverError?, rateLimit?, webhookDelayMs?, duplicateWebhooks?, reverseWebhookOrder?}
 *                                                       hang: {count, when: before|after, ms, method?: GET|POST, path?: "/v1/…" prefix}
 *   POST /__devstore/paypal/advance                     {days?, ms?} move the simulated clock, then process
 *   POST /__devstore/paypal/process                     process pending batches now
 *   POST /__devstore/paypal/items/:id/status            {environment, status} e.g. RETURNED / REVERSED / REFUNDED, with its webhook
 *   GET  /__devstore/paypal/webhook-deliveries          the last 500 webhook attempts
 */
import { Hono } from "hono";
import { z } from "zod";
import type { LocalPaypal } from "./create-local-paypal.ts";
import { DAY_MS } from "./create-local-paypal.ts";
import { PAYPAL_CURRENCY_DECIMALS, parsePaypalValue } from "./paypal-money.ts";
import { ITEM_STATUSES, PAYPAL_ENVIRONMENTS, RECEIVER_BEHAVIOURS, chaosSchema, createSeedPaypalState } from "./paypal-state.ts";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const environment = z.enum(PAYPAL_ENVIRONMENTS).default("sandbox");
const currency = z.string().refine((code) => PAYPAL_CURRENCY_DECIMALS[code] !== undefined, "a currency PayPal pays out in");
const money = z.object({ currency, value: z.string() }).transform((input, context) => {
  const parsed = parsePaypalValue(input.value, input.currency);
  if (!parsed.ok && input.value !== "0" && input.value !== "0.00") {
    context.addIssue({ code: "custom", message: parsed.issue });
    return z.NEVER;
  }
  return { currency: input.currency, minor: parsed.ok ? parsed.minor : 0n };
});

const accountInput = z.object({
  environment,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  payerId: z.string().regex(/^[A-Z0-9]{13}$/).optional(),
  balances: z.record(z.string(), z.string()).optional(),
  unknownReceiver: z.enum(RECEIVER_BEHAVIOURS).optional(),
});
const balanceInput = z.object({ environment, clientId: z.string().min(1) }).and(money);
const receiverInput = z.object({ environment, receiver: z.string().min(1), behaviour: z.enum(RECEIVER_BEHAVIOURS) });
// Only the settings sent change. Not chaosSchema.partial(): zod still fills an absent field with its default there,
// so turning one switch would silently turn every other one off.
const chaosInput = z.object({
  environment,
  hang: chaosSchema.shape.hang.unwrap().optional(),
  serverError: chaosSchema.shape.serverError.unwrap().optional(),
  rateLimit: chaosSchema.shape.rateLimit.unwrap().optional(),
  webhookDelayMs: chaosSchema.shape.webhookDelayMs.unwrap().optional(),
  duplicateWebhooks: chaosSchema.shape.duplicateWebhooks.unwrap().optional(),
  reverseWebhookOrder: chaosSchema.shape.reverseWebhookOrder.unwrap().optional(),
});
const advanceInput = z.object({ days: z.number().nonnegative().optional(), ms: z.number().int().nonnegative().optional() });
const statusInput = z.object({ environment, status: z.enum(ITEM_STATUSES) });

export function paypalControlRoutes(paypal: LocalPaypal): Hono {
  const route = new Hono();
  route.use("/__devstore/paypal/*", async (c, next) => {
    if (!LOOPBACK_HOSTS.has(new URL(c.req.url).hostname)) return c.json({ errors: "Not Found" }, 404);
    await next();
  });
  const parse = async <T>(schema: z.ZodType<T>, request: Request): Promise<{ ok: true; data: T } | { ok: false; error: string }> => {
    const result = schema.safeParse(await request.json().catch(() => null));
    if (result.success) return { ok: true, data: result.data };
    return { ok: false, error: result.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ") };
  };

  route.get("/__devstore/paypal/state", (c) => c.json(paypal.store.read()));
  route.post("/__devstore/paypal/reset", (c) => {
    paypal.store.reset();
    return c.json({ reset: true, accounts: createSeedPaypalState().sandbox.accounts.map(({ clientId }) => clientId) });
  });

  route.post("/__devstore/paypal/accounts", async (c) => {
    const input = await parse(accountInput, c.req.raw);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const { environment: name, clientId, clientSecret, payerId, balances, unknownReceiver } = input.data;
    const minorBalances: Record<string, string> = {};
    for (const [code, value] of Object.entries(balances ?? { USD: "10000.00" })) {
      const parsed = parsePaypalValue(value, code);
      if (!parsed.ok && Number(value) !== 0) return c.json({ error: `balances.${code}: ${parsed.issue}` }, 400);
      minorBalances[code] = parsed.ok ? parsed.minor.toString() : "0";
    }
    paypal.store.update((draft) => {
      const accounts = draft[name].accounts.filter((account) => account.clientId !== clientId);
      accounts.push({ clientId, clientSecret, payerId: payerId ?? "MERCHANT" + clientId.replace(/[^A-Z0-9]/gi, "").toUpperCase().padEnd(5, "X").slice(0, 5), balances: minorBalances, unknownReceiver: unknownReceiver ?? "success", webhooks: draft[name].accounts.find((account) => account.clientId === clientId)?.webhooks ?? [] });
      draft[name].accounts = accounts;
    });
    return c.json({ environment: name, clientId, balances: minorBalances }, 201);
  });

  route.post("/__devstore/paypal/balances", async (c) => {
    const input = await parse(balanceInput, c.req.raw);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const { environment: name, clientId, currency: code, minor } = input.data;
    const found = paypal.store.update((draft) => {
      const account = draft[name].accounts.find((candidate) => candidate.clientId === clientId);
      if (account) account.balances[code] = minor.toString();
      return Boolean(account);
    });
    return found ? c.json({ environment: name, clientId, currency: code, minor: minor.toString() }) : c.json({ error: `No ${name} account with client id ${clientId}.` }, 404);
  });

  route.post("/__devstore/paypal/receivers", async (c) => {
    const input = await parse(receiverInput, c.req.raw);
    if (!input.ok) return c.json({ error: input.error }, 400);
    paypal.store.update((draft) => void (draft[input.data.environment].receivers[input.data.receiver.toLowerCase()] = input.data.behaviour));
    return c.json(input.data);
  });

  route.post("/__devstore/paypal/chaos", async (c) => {
    const input = await parse(chaosInput, c.req.raw);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const { environment: name, ...changes } = input.data;
    const chaos = paypal.store.update((draft) => {
      draft[name].chaos = { ...draft[name].chaos, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
      return draft[name].chaos;
    });
    return c.json({ environment: name, chaos });
  });

  route.post("/__devstore/paypal/advance", async (c) => {
    const input = await parse(advanceInput, c.req.raw);
    if (!input.ok) return c.json({ error: input.error }, 400);
    paypal.advance((input.data.days ?? 0) * DAY_MS + (input.data.ms ?? 0));
    return c.json({ now: paypal.now().toISOString() });
  });

  route.post("/__devstore/paypal/process", (c) => {
    paypal.process();
    return c.json({ processed: true });
  });

  route.post("/__devstore/paypal/items/:id/status", async (c) => {
    const input = await parse(statusInput, c.req.raw);
    if (!input.ok) return c.json({ error: input.error }, 400);
    try {
      return c.json(paypal.setItemStatus(input.data.environment, c.req.param("id"), input.data.status));
    } catch (error) {
      return c.json({ error: error instanceof Error ? error.message : String(error) }, 404);
    }
  });

  route.get("/__devstore/paypal/webhook-deliveries", (c) => c.json({ deliveries: paypal.deliveries() }));
  return route;
}
