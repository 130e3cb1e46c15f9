import { createHmac, randomBytes } from "node:crypto";

/** "whsec_" + base64 of 24 random bytes: the Standard Webhooks secret format, shown to the merchant. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): base64 HMAC-SHA256, keyed with the
 * base64-decoded part of the secret after "whsec_", over `${webhook-id}.${webhook-timestamp}.${body}`, sent as
 * "v1,<signature>" in the webhook-signature header.
 */
export function signOutboundWebhook(input: { id: string; timestamp: number; body: string; secret: string }): string {
  const key = Buffer.from(input.secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${input.id}.${input.timestamp}.${input.body}`, "utf8").digest("base64");
  return `v1,${signature}`;
}
