/**
 * Settings › PayPal: connect the merchant's PayPal REST app (client id + secret, sandbox or live).
 *
 * 1. The form is checked (zod); 2. PayPal is asked for a token with those credentials, so a wrong secret is a field
 * error now rather than a failed payout run later; 3. Affable subscribes its webhook
 * (`<SHOPIFY_APP_URL>/webhooks/paypal?shop=<shop>`, POST /v1/notifications/webhooks; an existing subscription for
 * that URL is reused) and keeps PayPal's webhook id, against which every webhook's signature is checked;
 * 4. the secret is sealed (AES-256-GCM, SECRETS_ENCRYPTION_KEY, bound to this shop) and saved. The secret is never
 * returned to the page and never written to a log; the page shows only that one is saved.
 */
import { z } from "zod";
import type { Database } from "../../../db.server";
import { env } from "../../../env.server";
import { SecretBoxError, sealSecret } from "../../../security/secret-box.server";
import { ProviderRetryableError } from "../providers/payout-provider";
import { PaypalApiError, createPaypalClient, type PaypalEnvironmentName } from "./paypal-client.server";
import { paypalSecretContext, toPaypalEnvironment } from "./load-paypal-credentials.server";

/** The events Affable needs: every payout batch and payout item change. */
export const PAYPAL_WEBHOOK_EVENTS = [
  "PAYMENT.PAYOUTSBATCH.DENIED",
  "PAYMENT.PAYOUTSBATCH.PROCESSING",
  "PAYMENT.PAYOUTSBATCH.SUCCESS",
  "PAYMENT.PAYOUTS-ITEM.BLOCKED",
  "PAYMENT.PAYOUTS-ITEM.CANCELED",
  "PAYMENT.PAYOUTS-ITEM.DENIED",
  "PAYMENT.PAYOUTS-ITEM.FAILED",
  "PAYMENT.PAYOUTS-ITEM.HELD",
  "PAYMENT.PAYOUTS-ITEM.REFUNDED",
  "PAYMENT.PAYOUTS-ITEM.RETURNED",
  "PAYMENT.PAYOUTS-ITEM.REVERSED",
  "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
  "PAYMENT.PAYOUTS-ITEM.UNCLAIMED",
] as const;

const connectFormSchema = z.object({
  environment: z.enum(["sandbox", "live"], { error: "Choose Sandbox (test money) or Live (real money)." }),
  clientId: z
    .string({ error: "Enter your PayPal app's client ID." })
    .trim()
    .min(1, "Enter your PayPal app's client ID (PayPal Developer Dashboard › Apps & Credentials).")
    .max(200, "A PayPal client ID is at most 200 characters.")
    .regex(/^[A-Za-z0-9_-]+$/, "A PayPal client ID has only letters, digits, - and _: copy it again from PayPal."),
  clientSecret: z
    .string({ error: "Enter your PayPal app's secret." })
    .trim()
    .min(1, "Enter your PayPal app's secret (PayPal Developer Dashboard › Apps & Credentials › Secret key).")
    .max(200, "A PayPal secret is at most 200 characters.")
    .regex(/^\S+$/, "A PayPal secret has no spaces: copy it again from PayPal."),
});

export type PaypalConnectionView = {
  connected: boolean;
  environment: PaypalEnvironmentName;
  clientId: string | null;
  /** Only whether a secret is saved; never any part of it. */
  secretSaved: boolean;
  webhookSubscribed: boolean;
  connectedAt: string | null;
  connectedBy: string | null;
};

export type ConnectPaypalResult = { ok: true; connection: PaypalConnectionView } | { ok: false; errors: Partial<Record<"environment" | "clientId" | "clientSecret" | "form", string>> };

export async function loadPaypalConnection(db: Database, shop: string): Promise<PaypalConnectionView> {
  const settings = await db.payoutSettings.findUnique({
    where: { shop },
    select: { paypalEnvironment: true, paypalClientId: true, paypalClientSecretSealed: true, paypalWebhookId: true, paypalConnectedAt: true, paypalConnectedBy: true },
  });
  return {
    connected: Boolean(settings?.paypalClientId && settings.paypalClientSecretSealed),
    environment: toPaypalEnvironment(settings?.paypalEnvironment ?? "sandbox"),
    clientId: settings?.paypalClientId ?? null,
    secretSaved: Boolean(settings?.paypalClientSecretSealed),
    webhookSubscribed: Boolean(settings?.paypalWebhookId),
    connectedAt: settings?.paypalConnectedAt?.toISOString() ?? null,
    connectedBy: settings?.paypalConnectedBy ?? null,
  };
}

export function paypalWebhookUrl(shop: string, appUrl = env().SHOPIFY_APP_URL): string {
  return `${appUrl.replace(/\/+$/, "")}/webhooks/paypal?shop=${encodeURIComponent(shop)}`;
}

export async function connectPaypal(
  db: Database,
  input: { shop: string; actor: string; form: Record<string, unknown>; now: Date },
  options: { appUrl?: string } = {},
): Promise<ConnectPaypalResult> {
  const parsed = connectFormSchema.safeParse(input.form);
  if (!parsed.success) {
    const errors: Partial<Record<"environment" | "clientId" | "clientSecret" | "form", string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "environment" || field === "clientId" || field === "clientSecret") && !errors[field]) errors[field] = issue.message;
    }
    return { ok: false, errors };
  }
  const { environment, clientId, clientSecret } = parsed.data;
  const label = environment === "live" ? "Live" : "Sandbox";
  const client = createPaypalClient({ shop: input.shop, environment, clientId, clientSecret }, { timeoutMs: 15_000 });

  try {
    await client.fetchToken();
  } catch (error) {
    if (error instanceof PaypalApiError && (error.status === 401 || error.paypalName === "invalid_client")) {
      return {
        ok: false,
        errors: {
          clientSecret: `PayPal refused this client ID and secret for ${label} (invalid_client). Check that both come from the same ${label} app in the PayPal Developer Dashboard, and that you chose ${label}.`,
        },
      };
    }
    return { ok: false, errors: { form: describeFailure(error, "check the credentials") } };
  }

  let webhookId: string;
  const url = paypalWebhookUrl(input.shop, options.appUrl);
  try {
    webhookId = await subscribeWebhook(client, url);
  } catch (error) {
    return { ok: false, errors: { form: describeFailure(error, `subscribe Affable's webhook (${url})`) } };
  }

  let sealed: string;
  try {
    sealed = sealSecret(clientSecret, paypalSecretContext(input.shop));
  } catch (error) {
    if (error instanceof SecretBoxError) return { ok: false, errors: { form: error.message } };
    throw error;
  }
  const data = {
    paypalEnvironment: environment,
    paypalClientId: clientId,
    paypalClientSecretSealed: sealed,
    paypalWebhookId: webhookId,
    paypalConnectedAt: input.now,
    paypalConnectedBy: input.actor,
    updatedBy: input.actor,
  };
  await db.payoutSettings.upsert({ where: { shop: input.shop }, create: { shop: input.shop, ...data }, update: data });
  return { ok: true, connection: await loadPaypalConnection(db, input.shop) };
}

export async function disconnectPaypal(db: Database, input: { shop: string; actor: string }): Promise<void> {
  await db.payoutSettings.updateMany({
    where: { shop: input.shop },
    data: { paypalClientId: null, paypalClientSecretSealed: null, paypalWebhookId: null, paypalConnectedAt: null, paypalConnectedBy: null, updatedBy: input.actor },
  });
}

async function subscribeWebhook(client: ReturnType<typeof createPaypalClient>, url: string): Promise<string> {
  try {
    return (await client.createWebhook(url, PAYPAL_WEBHOOK_EVENTS)).id;
  } catch (error) {
    if (!(error instanceof PaypalApiError) || error.paypalName !== "WEBHOOK_URL_ALREADY_EXISTS") throw error;
    // Connected before (or the same app serves another Affable install of this shop): reuse that subscription.
    const existing = (await client.listWebhooks()).find((webhook) => webhook.url === url);
    if (!existing) throw error;
    return existing.id;
  }
}

function describeFailure(error: unknown, what: string): string {
  if (error instanceof ProviderRetryableError) return `PayPal did not answer when Affable tried to ${what}: ${error.message} Try again in a minute.`;
  if (error instanceof PaypalApiError) return `PayPal refused when Affable tried to ${what}: ${error.paypalMessage} (${error.paypalName}). Check that the app has Payouts enabled in the PayPal Developer Dashboard.`;
  throw error;
}
