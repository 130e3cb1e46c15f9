import { COMPLIANCE_TOPICS } from "../../webhooks/payload-schemas";
import { scrubEmails } from "./redact-customer-identity.server";

/** Fields of Shopify's order, refund and customer payloads that describe a person rather than a sale. */
const PERSONAL_FIELDS = [
  "email",
  "contact_email",
  "phone",
  "billing_address",
  "shipping_address",
  "browser_ip",
  "client_details",
  "note",
  "first_name",
  "last_name",
  "default_address",
  "addresses",
] as const;

/**
 * A stored webhook payload with the person taken out and the sale left in, so a redacted event still parses
 * against its topic's schema (a replay then records the order without a customer, never a 400 or a crash).
 * Compliance payloads keep their required `customer` object, emptied; order payloads lose it (it is optional).
 */
export function scrubWebhookPayload(topic: string, payload: unknown): unknown {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return scrubEmails(payload);
  const scrubbed: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of PERSONAL_FIELDS) if (field in scrubbed) scrubbed[field] = null;
  if ("customer" in scrubbed) scrubbed.customer = COMPLIANCE_TOPICS.has(topic) ? { id: null, email: null, phone: null } : null;
  return scrubEmails(scrubbed);
}
