/**
 * The theme embed's click beacon (POST /apps/affable/click, through the app proxy). Authenticated by Shopify's
 * signature like every proxy request; then whatever happens the answer is 204 with no body: a beacon is
 * fire-and-forget and nothing here may ever surface to a shopper (see app/services/codes-links/record-click.server.ts).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { MAX_BEACON_BYTES } from "../domain/clicks";
import { env } from "../env.server";
import { deriveKey } from "../security/derive-key.server";
import { processClickRateLimiter, readClientIp, recordClick } from "../services/codes-links/record-click.server";
import { authenticateAppProxy } from "../shopify/authenticate-app-proxy.server";

const NO_CONTENT = () => new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });

export const loader = () => new Response("Send the click beacon with POST.", { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticateAppProxy(request);
  if (request.method !== "POST") return new Response("Send the click beacon with POST.", { status: 405, headers: { Allow: "POST" } });
  const shop = new URL(request.url).searchParams.get("shop") ?? "";
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BEACON_BYTES) return NO_CONTENT();
  try {
    await recordClick(
      { db, hashKey: deriveKey("ip-hash", env().SHOPIFY_API_SECRET), limiter: processClickRateLimiter },
      {
        shop,
        body: await request.text(),
        userAgent: request.headers.get("User-Agent"),
        acceptLanguage: request.headers.get("Accept-Language"),
        ip: readClientIp(request.headers),
        now: new Date(),
      },
    );
  } catch (error) {
    // Logged for the merchant; the shopper's page never hears about it.
    console.error(`Click beacon for ${shop} could not be recorded:`, error);
  }
  return NO_CONTENT();
};
