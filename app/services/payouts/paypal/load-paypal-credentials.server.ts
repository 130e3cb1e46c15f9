/**
 * The shop's PayPal connection from PayoutSettings, with the client secret opened for the one call that needs it.
 * Not connected → ProviderSetupError (the run waits with the message; nothing is sent).
 */
import type { Database } from "../../../db.server";
import { SecretBoxError, openSecret } from "../../../security/secret-box.server";
import { ProviderSetupError } from "../providers/payout-provider";
import type { PaypalCredentials, PaypalEnvironmentName } from "./paypal-client.server";

export function paypalSecretContext(shop: string): string {
  return `paypal-client-secret:${shop}`;
}

export function toPaypalEnvironment(value: string): PaypalEnvironmentName {
  return value === "live" ? "live" : "sandbox";
}

export async function loadPaypalCredentials(db: Database, shop: string): Promise<PaypalCredentials & { webhookId: string | null }> {
  const settings = await db.payoutSettings.findUnique({
    where: { shop },
    select: { paypalEnvironment: true, paypalClientId: true, paypalClientSecretSealed: true, paypalWebhookId: true },
  });
  if (!settings?.paypalClientId || !settings.paypalClientSecretSealed) {
    throw new ProviderSetupError("PayPal is not connected: open Settings › PayPal and enter your PayPal app's client id and secret.");
  }
  let clientSecret: string;
  try {
    clientSecret = openSecret(settings.paypalClientSecretSealed, paypalSecretContext(shop));
  } catch (error) {
    if (error instanceof SecretBoxError) throw new ProviderSetupError(`The saved PayPal client secret cannot be opened: ${error.message} Or enter the secret again in Settings › PayPal.`);
    throw error;
  }
  return {
    shop,
    environment: toPaypalEnvironment(settings.paypalEnvironment),
    clientId: settings.paypalClientId,
    clientSecret,
    webhookId: settings.paypalWebhookId,
  };
}
