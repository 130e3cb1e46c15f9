/**
 * The merchant's outbound webhook endpoints (Developers page): create with a fresh signing secret, enable or
 * disable, list with recent deliveries, and replay a message. Every query scoped by shop; every change audited.
 */
import { z } from "zod";
import type { Database } from "../db.server";
import { recordAuditEvent } from "../repositories/audit-event-repository.server";
import { checkEndpointUrl, endpointPolicyForEnvironment, type EndpointAddressPolicy } from "./endpoint-address-policy";
import { OUTBOUND_EVENT_TYPES } from "./outbound-event-types";
import { forgetCachedOutboundEndpoints } from "./enqueue-outbound-event.server";
import { EndpointRefusedError, resolveWithSystemDns, vetEndpointUrl, type ResolveHostname } from "./post-to-endpoint.server";
import { generateWebhookSecret } from "./sign-outbound-webhook";

/** The form's shape under an address policy; the URL's name is resolved and checked later by createWebhookEndpoint. */
export function buildWebhookEndpointFormSchema(policy: EndpointAddressPolicy) {
  return z.object({
    url: z
      .string()
      .trim()
      .pipe(z.url({ error: "Enter the full URL of your endpoint, like https://example.com/webhooks/affable." }))
      .superRefine((value, context) => {
        const verdict = checkEndpointUrl(value, policy);
        if (!verdict.allowed) context.addIssue({ code: "custom", message: `Use a public https:// URL: ${verdict.reason}.` });
      }),
    description: z.string().trim().max(200, "Keep the description under 200 characters.").optional(),
    events: z.array(z.enum(OUTBOUND_EVENT_TYPES)).min(1, "Pick at least one event to send."),
  });
}

export const webhookEndpointFormSchema = buildWebhookEndpointFormSchema(endpointPolicyForEnvironment(process.env.NODE_ENV));

export type CreateWebhookEndpointResult =
  | { ok: true; endpoint: Awaited<ReturnType<Database["webhookEndpoint"]["create"]>> }
  | { ok: false; errors: { url: string } };

/**
 * Saves an endpoint after checking its URL and every address its name resolves to (the delivery checks again:
 * DNS can change). `transport` defaults to this process's policy and the system resolver.
 */
export async function createWebhookEndpoint(
  db: Database,
  input: { shop: string; actor: string; now: Date; transport?: { policy: EndpointAddressPolicy; resolve: ResolveHostname } } & z.output<ReturnType<typeof buildWebhookEndpointFormSchema>>,
): Promise<CreateWebhookEndpointResult> {
  const transport = input.transport ?? { policy: endpointPolicyForEnvironment(process.env.NODE_ENV), resolve: resolveWithSystemDns };
  try {
    await vetEndpointUrl(input.url, transport);
  } catch (error) {
    if (error instanceof EndpointRefusedError) return { ok: false, errors: { url: error.message } };
    const code = (error as { code?: unknown }).code;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") {
      return { ok: false, errors: { url: `The name in ${input.url} could not be resolved (${String(code)}). Check the URL.` } };
    }
    throw error;
  }
  const endpoint = await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: { shop: input.shop, url: input.url, description: input.description || null, events: input.events, secret: generateWebhookSecret(), createdAt: input.now },
    });
    await recordAuditEvent(tx, { shop: input.shop, actor: input.actor, action: "webhook_endpoint.created", subjectType: "webhook_endpoint", subjectId: endpoint.id, details: { url: input.url, events: input.events } });
    return endpoint;
  });
  forgetCachedOutboundEndpoints(input.shop);
  return { ok: true, endpoint };
}

export async function setWebhookEndpointEnabled(db: Database, input: { shop: string; actor: string; endpointId: string; enabled: boolean }): Promise<boolean> {
  const changed = await db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.updateMany({ where: { shop: input.shop, id: input.endpointId }, data: { enabled: input.enabled } });
    if (updated.count === 0) return false;
    await recordAuditEvent(tx, { shop: input.shop, actor: input.actor, action: input.enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled", subjectType: "webhook_endpoint", subjectId: input.endpointId });
    return true;
  });
  forgetCachedOutboundEndpoints(input.shop);
  return changed;
}

export function listWebhookEndpoints(db: Database, shop: string) {
  return db.webhookEndpoint.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
}

/** The latest messages of the shop with every attempt's response code, newest first. */
export async function listOutboundDeliveries(db: Database, shop: string, take = 50) {
  const messages = await db.outboundWebhookMessage.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take });
  const attempts = await db.outboundWebhookAttempt.findMany({
    where: { shop, messageId: { in: messages.map((message) => message.id) } },
    orderBy: { attemptedAt: "asc" },
  });
  return messages.map((message) => ({ ...message, attemptLog: attempts.filter((attempt) => attempt.messageId === message.id) }));
}

/**
 * Sends a message again (same webhook-id, so a receiver that already processed it can tell): back to pending,
 * due now, with a fresh set of attempts. False when the message is not this shop's or is being sent right now.
 */
export async function replayOutboundMessage(db: Database, input: { shop: string; actor: string; messageId: string; now: Date }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.outboundWebhookMessage.updateMany({
      where: { shop: input.shop, id: input.messageId, status: { in: ["delivered", "failed"] } },
      data: { status: "pending", attempts: 0, nextAttemptAt: input.now, lastError: null },
    });
    if (updated.count === 0) return false;
    await recordAuditEvent(tx, { shop: input.shop, actor: input.actor, action: "webhook_message.replayed", subjectType: "webhook_message", subjectId: input.messageId });
    return true;
  });
}
