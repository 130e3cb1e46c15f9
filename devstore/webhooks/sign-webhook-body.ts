/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the exact body bytes, keyed with the app's client secret. */
import { createHmac } from "node:crypto";

export function signWebhookBody(body: string, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(Buffer.from(body, "utf8")).digest("base64");
}
