/**
 * A PayPal webhook (POST /webhooks/paypal?shop=<shop>), in this order:
 * 1. which shop: the `shop` in the URL Affable subscribed with (Settings › PayPal);
 * 2. the signature, against that shop's PayPal webhook id, before anything is read or stored: a bad one → 401;
 * 3. stored once in ProviderWebhookEvent (unique per provider, shop and PayPal event id): a repeat of an event
 *    already applied answers 200 and changes nothing;
 * 4. a PAYMENT.PAYOUTS-ITEM.* event becomes the item's report (SUCCEEDED → succeeded, RETURNED → failed with the
 *    reason, …) applied through the payout job's applyItemReport; batch events are stored for the record (the job's
 *    status sync reads the batch).
 * A failure to apply answers 500 so PayPal sends it again (it retries for 3 days); the stored row keeps the error.
 */
import { z } from "zod";
import type { Database } from "../../../db.server";
import { Prisma } from "../../../generated/prisma/client";
import { isUniqueViolation } from "../../../repositories/is-unique-violation.server";
import { PayoutTransitionError } from "../../../domain/payouts/payout-run-transitions";
import { applyItemReport as defaultApplyItemReport } from "../execute/apply-item-report.server";
import type { ProviderItemReport } from "../providers/payout-provider";
import { toPaypalEnvironment } from "./load-paypal-credentials.server";
import { toProviderItemReport } from "./paypal-item-report";
import { verifyPaypalWebhook } from "./verify-paypal-webhook.server";

const MAX_BODY_BYTES = 512 * 1024;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  event_type: z.string().min(1).max(200),
  resource_type: z.string().optional(),
  resource: z
    .object({
      payout_item_id: z.string().optional(),
      payout_batch_id: z.string().optional(),
      transaction_status: z.string().optional(),
      payout_item: z.object({ receiver: z.string().optional(), sender_item_id: z.string().optional() }).passthrough().optional(),
      errors: z.object({ name: z.string().optional(), message: z.string().optional() }).passthrough().optional(),
      batch_header: z.object({ payout_batch_id: z.string().optional() }).passthrough().optional(),
    })
    .passthrough(),
});

export type ApplyItemReport = (db: Database, shop: string, report: ProviderItemReport, now: Date, actor: string) => Promise<void>;

export interface ReceivePaypalWebhookOptions {
  now?: Date;
  applyItemReport?: ApplyItemReport;
  log?: (line: string) => void;
}

export async function receivePaypalWebhook(db: Database, request: Request, options: ReceivePaypalWebhookOptions = {}): Promise<Response> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.warn(line));
  const apply = options.applyItemReport ?? defaultApplyItemReport;
  if (request.method !== "POST") return text(405, "PayPal webhooks are POSTed.");

  const shop = new URL(request.url).searchParams.get("shop") ?? "";
  if (!SHOP_DOMAIN.test(shop)) return text(401, "Unknown webhook address: subscribe again from Settings › PayPal.");

  const rawBody = Buffer.from(await request.arrayBuffer());
  if (rawBody.length > MAX_BODY_BYTES) return text(413, "Webhook body too large.");

  const settings = await db.payoutSettings.findUnique({ where: { shop }, select: { paypalWebhookId: true, paypalEnvironment: true } });
  if (!settings?.paypalWebhookId) return text(401, "PayPal is not connected for this shop.");
  const verification = await verifyPaypalWebhook({
    headers: request.headers,
    rawBody,
    webhookId: settings.paypalWebhookId,
    environment: toPaypalEnvironment(settings.paypalEnvironment),
    now,
  });
  if (!verification.ok) {
    // The body is not logged: it was not sent by PayPal, or not for this shop.
    log(`[paypal-webhook] ${shop}: refused a webhook with a bad signature (${verification.reason}).`);
    return text(401, "Invalid PayPal webhook signature.");
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return text(400, "The webhook body is not JSON.");
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return text(400, `The webhook is not a PayPal event: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  const event = parsed.data;
  const resourceId = event.resource.payout_item_id ?? event.resource.batch_header?.payout_batch_id ?? event.resource.payout_batch_id ?? null;

  const stored = await storeOnce(db, { shop, eventId: event.id, eventType: event.event_type, resourceId, payload: json as Prisma.InputJsonValue, receivedAt: now });
  if (stored.processedAt) return text(200, "Already received.");

  try {
    const outcome = await applyEvent(db, shop, event, now, apply);
    await db.providerWebhookEvent.updateMany({ where: { id: stored.id, shop }, data: { processedAt: now, error: outcome } });
    return text(200, "OK");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.providerWebhookEvent.updateMany({ where: { id: stored.id, shop }, data: { error: message.slice(0, 2000) } });
    log(`[paypal-webhook] ${shop}: ${event.event_type} ${event.id} could not be applied (${message}); PayPal will send it again.`);
    return text(500, "Could not apply the event; PayPal will retry.");
  }
}

async function storeOnce(
  db: Database,
  row: { shop: string; eventId: string; eventType: string; resourceId: string | null; payload: Prisma.InputJsonValue; receivedAt: Date },
): Promise<{ id: string; processedAt: Date | null }> {
  try {
    return await db.providerWebhookEvent.create({ data: { provider: "paypal", ...row }, select: { id: true, processedAt: true } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.providerWebhookEvent.findUniqueOrThrow({
      where: { provider_shop_eventId: { provider: "paypal", shop: row.shop, eventId: row.eventId } },
      select: { id: true, processedAt: true },
    });
  }
}

/** Returns a note kept on the event (why nothing changed), or null when the report was applied. */
async function applyEvent(db: Database, shop: string, event: z.infer<typeof eventSchema>, now: Date, apply: ApplyItemReport): Promise<string | null> {
  if (!event.event_type.startsWith("PAYMENT.PAYOUTS-ITEM.")) return null;
  const senderItemId = event.resource.payout_item?.sender_item_id;
  if (!senderItemId) return "The item event names no sender_item_id: not one of Affable's payouts.";
  const item = await db.payoutRunItem.findUnique({ where: { shop_senderItemId: { shop, senderItemId } }, select: { id: true } });
  if (!item) return `No payout item ${senderItemId} in this shop: nothing to change.`;
  const report = toProviderItemReport(item.id, event.resource);
  try {
    await apply(db, shop, report, now, "system:paypal");
    return null;
  } catch (error) {
    // Late or out-of-order events (UNCLAIMED after RETURNED was applied) are not errors: the newer state stands.
    if (error instanceof PayoutTransitionError) return `Ignored: ${error.message}`;
    throw error;
  }
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
