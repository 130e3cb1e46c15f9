/**
 * What each subscribed webhook topic's payload must look like, keyed by the normalised topic (ORDERS_PAID).
 * Field names are Shopify's REST webhook names. The schemas are permissive (unknown fields pass through, fields
 * Affable does not read yet are optional) but type what the money loop will read, so a payload that would break
 * it is caught at the door and stored as `invalid` with the reason, instead of failing deep inside processing.
 */
import { z } from "zod";
import { parseDecimalAmount } from "../domain/money";

/** Shopify's own normalisation (the library's topicForStorage): "orders/paid" → "ORDERS_PAID". */
export function normalizeWebhookTopic(topic: string): string {
  return topic.toUpperCase().replace(/\/|\./g, "_");
}

// Shopify sends money as decimal strings ("24.00"); they are parsed exactly once, by the money domain, later.
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal string like \"24.00\"");
// Numeric REST ids may exceed 2^53 (Shopify's own example payloads do), and the library's JSON.parse has already
// rounded them by the time we see them: accept them, but key anything that matters on the exact string
// `admin_graphql_api_id` (for a refunded line: refund_line_items[].line_item.admin_graphql_api_id).
const shopifyId = z.number().positive().refine(Number.isInteger, "must be a whole-number id");

// An amount must be exact in its own currency (at most 2 decimals for USD, 0 for JPY, 3 for KWD, trailing zeros
// aside) and the currency must be one Affable knows; otherwise the payload is refused naming the field.
const money = z.looseObject({ amount: decimalString, currency_code: z.string().length(3) }).superRefine((value, context) => {
  try {
    parseDecimalAmount(value.amount, value.currency_code);
  } catch (error) {
    context.addIssue({ code: "custom", path: ["amount"], message: error instanceof Error ? error.message : String(error) });
  }
});
const moneySet = z.looseObject({ shop_money: money, presentment_money: money });

const lineItem = z.looseObject({
  id: shopifyId,
  admin_graphql_api_id: z.string().optional(),
  quantity: z.number().int().nonnegative(),
  /** Units still on the order: quantity minus units refunded and units removed by order edits (API 2024-01+). */
  current_quantity: z.number().int().nonnegative().optional(),
  price: decimalString,
  price_set: moneySet.optional(),
  product_id: shopifyId.nullable().optional(),
  variant_id: shopifyId.nullable().optional(),
  sku: z.string().nullable().optional(),
  title: z.string().optional(),
  total_discount: decimalString.optional(),
  gift_card: z.boolean().optional(),
  discount_allocations: z
    .array(z.looseObject({ amount: decimalString, amount_set: moneySet.optional(), discount_application_index: z.number().int().nonnegative() }))
    .optional(),
  tax_lines: z.array(z.looseObject({ price: decimalString, price_set: moneySet.optional() })).optional(),
});

const refundLineItem = z.looseObject({
  id: shopifyId,
  line_item_id: shopifyId,
  quantity: z.number().int().nonnegative(),
  restock_type: z.string().nullable().optional(),
  subtotal: z.union([decimalString, z.number()]).optional(),
  subtotal_set: moneySet.optional(),
  line_item: z.looseObject({ id: shopifyId, admin_graphql_api_id: z.string().optional() }).optional(),
});

const refund = z.looseObject({
  id: shopifyId,
  order_id: shopifyId,
  admin_graphql_api_id: z.string().optional(),
  created_at: z.string(),
  note: z.string().nullable().optional(),
  refund_line_items: z.array(refundLineItem),
  transactions: z.array(z.looseObject({ id: shopifyId, amount: decimalString, kind: z.string(), status: z.string() })).optional(),
  order_adjustments: z
    .array(z.looseObject({ amount: z.union([decimalString, z.number()]), amount_set: moneySet.optional(), kind: z.string().optional() }))
    .optional(),
});

const customer = z.looseObject({
  id: shopifyId,
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional().catch(null),
  admin_graphql_api_id: z.string().optional(),
});

// Risk signals (Part 8). All optional and nullable: Shopify leaves them out or null for orders made in the admin, by
// the API, or on a POS. A malformed one reads as null (`catch`) instead of refusing the payload: a risk signal must
// never stop an order's commission from being recorded.
const optionalText = z.string().nullable().optional().catch(null);
const address = z.looseObject({
  address1: optionalText,
  address2: optionalText,
  city: optionalText,
  province: optionalText,
  province_code: optionalText,
  zip: optionalText,
  country: optionalText,
  country_code: optionalText,
  phone: optionalText,
});
const clientDetails = z.looseObject({
  browser_ip: optionalText,
  user_agent: optionalText,
  accept_language: optionalText,
});

export const orderPayload = z.looseObject({
  id: shopifyId,
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Order/"),
  name: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  cancelled_at: z.string().nullable().optional(),
  cancel_reason: z.string().nullable().optional(),
  taxes_included: z.boolean().optional(),
  currency: z.string().length(3),
  presentment_currency: z.string().length(3),
  test: z.boolean(),
  financial_status: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  line_items: z.array(lineItem),
  refunds: z.array(refund).optional(),
  note_attributes: z.array(z.looseObject({ name: z.string(), value: z.string().nullable() })).optional(),
  discount_codes: z.array(z.looseObject({ code: z.string(), amount: decimalString, type: z.string() })).optional(),
  landing_site: z.string().nullable().optional(),
  referring_site: z.string().nullable().optional(),
  customer: customer.nullable().optional(),
  phone: optionalText,
  browser_ip: optionalText,
  client_details: clientDetails.nullable().optional().catch(null),
  shipping_address: address.nullable().optional().catch(null),
  billing_address: address.nullable().optional().catch(null),
  total_price: decimalString.optional(),
  total_price_set: moneySet.optional(),
  subtotal_price_set: moneySet.optional(),
  total_discounts_set: moneySet.optional(),
  shipping_lines: z
    .array(z.looseObject({ discount_allocations: z.array(z.looseObject({ amount: decimalString, amount_set: moneySet.optional() })).optional() }))
    .optional(),
});

/** orders/edited sends the edit, not the order; the money loop re-reads the order through Admin GraphQL. */
export const orderEditedPayload = z.looseObject({
  order_edit: z.looseObject({ id: shopifyId, order_id: shopifyId, created_at: z.string().optional() }),
});

export const refundPayload = refund;

export const appUninstalledPayload = z.looseObject({
  id: shopifyId,
  name: z.string().optional(),
  myshopify_domain: z.string().optional(),
});

export const appScopesUpdatePayload = z.looseObject({
  id: shopifyId.optional(),
  previous: z.array(z.string()).optional(),
  current: z.array(z.string()),
  updated_at: z.string().optional(),
});

const complianceCustomer = z.looseObject({
  id: shopifyId.nullable().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});

export const customersDataRequestPayload = z.looseObject({
  shop_id: shopifyId,
  shop_domain: z.string(),
  orders_requested: z.array(shopifyId).optional(),
  customer: complianceCustomer,
  data_request: z.looseObject({ id: shopifyId }).optional(),
});

export const customersRedactPayload = z.looseObject({
  shop_id: shopifyId,
  shop_domain: z.string(),
  customer: complianceCustomer,
  orders_to_redact: z.array(shopifyId).optional(),
});

export const shopRedactPayload = z.looseObject({ shop_id: shopifyId, shop_domain: z.string() });

/** Every topic Affable subscribes to in shopify.app.toml, and the shape of its payload. */
export const webhookPayloadSchemas = {
  ORDERS_CREATE: orderPayload,
  ORDERS_PAID: orderPayload,
  ORDERS_UPDATED: orderPayload,
  ORDERS_CANCELLED: orderPayload,
  ORDERS_EDITED: orderEditedPayload,
  REFUNDS_CREATE: refundPayload,
  APP_UNINSTALLED: appUninstalledPayload,
  APP_SCOPES_UPDATE: appScopesUpdatePayload,
  CUSTOMERS_DATA_REQUEST: customersDataRequestPayload,
  CUSTOMERS_REDACT: customersRedactPayload,
  SHOP_REDACT: shopRedactPayload,
} as const;

export type WebhookTopic = keyof typeof webhookPayloadSchemas;
export type WebhookPayload<T extends WebhookTopic> = z.infer<(typeof webhookPayloadSchemas)[T]>;

/**
 * Compliance topics arrive after uninstall (shop/redact 48 hours later) and must be honoured then, so they are never
 * `ignored` for an uninstalled shop.
 */
export const COMPLIANCE_TOPICS: ReadonlySet<string> = new Set(["CUSTOMERS_DATA_REQUEST", "CUSTOMERS_REDACT", "SHOP_REDACT"]);

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return Object.hasOwn(webhookPayloadSchemas, topic);
}

export type PayloadCheck = { ok: true } | { ok: false; reason: string };

/** Checks a payload against its topic's schema; the reason names each failing field, e.g. `line_items.0.price: …`. */
export function checkWebhookPayload(topic: WebhookTopic, payload: unknown): PayloadCheck {
  const result = webhookPayloadSchemas[topic].safeParse(payload);
  if (result.success) return { ok: true };
  return { ok: false, reason: describePayloadIssues(topic, result.error) };
}

export function describePayloadIssues(topic: string, error: z.ZodError): string {
  const issues = error.issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  const more = error.issues.length > 10 ? ` (and ${error.issues.length - 10} more)` : "";
  return `${topic} payload does not match Shopify's documented shape: ${issues.join("; ")}${more}`;
}
