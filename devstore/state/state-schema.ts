/**
 * The devstore's whole persisted world, as one zod schema: what `.devstore/state.json` holds.
 *
 * Records are stored in Shopify's own vocabulary (numeric ids, decimal money strings, enum values spelled as the
 * Admin API spells them) so resolvers only reshape, never translate. Every collection defaults to `[]`: a later
 * feature (orders, refunds, discount codes, webhook subscriptions) adds one line here, and state files written
 * before it existed still load.
 */
import { z } from "zod";

export const STATE_VERSION = 1;

const isoTime = z.iso.datetime({ offset: true });
/** Shopify sends money as a decimal string ("24.00"), never a float; we keep it that way end to end. */
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal string such as 24.00");
const numericId = z.number().int().positive();

export const shopSchema = z.object({
  id: numericId,
  name: z.string(),
  email: z.string(),
  contactEmail: z.string(),
  myshopifyDomain: z.string(),
  currencyCode: z.string().length(3),
  ianaTimezone: z.string(),
  timezoneAbbreviation: z.string(),
  weightUnit: z.enum(["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"]),
  primaryDomain: z.object({ id: numericId, host: z.string(), url: z.string(), sslEnabled: z.boolean() }),
  plan: z.object({
    displayName: z.string(),
    publicDisplayName: z.string(),
    partnerDevelopment: z.boolean(),
    shopifyPlus: z.boolean(),
  }),
  billingAddress: z.object({
    address1: z.string(),
    city: z.string(),
    province: z.string(),
    provinceCode: z.string(),
    zip: z.string(),
    country: z.string(),
    countryCodeV2: z.string().length(2),
  }),
  createdAt: isoTime,
});

/** A staff member of the shop: the `sub` of the session tokens the admin mints, and an online token's user. */
export const staffMemberSchema = z.object({
  id: numericId,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  accountOwner: z.boolean(),
  collaborator: z.boolean(),
  emailVerified: z.boolean(),
  locale: z.string(),
});

export const imageSchema = z.object({
  id: numericId,
  /** A path on the devstore's admin origin (a generated placeholder); resolvers make it absolute. */
  path: z.string().startsWith("/"),
  altText: z.string().nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const variantSchema = z.object({
  id: numericId,
  title: z.string(),
  sku: z.string(),
  price: decimalString,
  compareAtPrice: decimalString.nullable(),
  inventoryQuantity: z.number().int(),
  position: z.number().int().positive(),
  taxable: z.boolean(),
  barcode: z.string().nullable(),
  selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const productSchema = z.object({
  id: numericId,
  title: z.string(),
  handle: z.string(),
  descriptionHtml: z.string(),
  vendor: z.string(),
  productType: z.string(),
  status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT"]),
  tags: z.array(z.string()),
  options: z.array(z.object({ id: numericId, name: z.string(), position: z.number().int(), values: z.array(z.string()) })),
  images: z.array(imageSchema),
  variants: z.array(variantSchema).min(1),
  createdAt: isoTime,
  updatedAt: isoTime,
  publishedAt: isoTime.nullable(),
});

export const collectionSchema = z.object({
  id: numericId,
  title: z.string(),
  handle: z.string(),
  descriptionHtml: z.string(),
  sortOrder: z.enum(["ALPHA_ASC", "ALPHA_DESC", "BEST_SELLING", "CREATED", "CREATED_DESC", "MANUAL", "PRICE_ASC", "PRICE_DESC"]),
  productIds: z.array(numericId),
  image: imageSchema.nullable(),
  updatedAt: isoTime,
});

export const customerSchema = z.object({
  id: numericId,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  state: z.enum(["DECLINED", "DISABLED", "ENABLED", "INVITED"]),
  verifiedEmail: z.boolean(),
  tags: z.array(z.string()),
  note: z.string().nullable(),
  locale: z.string(),
  numberOfOrders: z.number().int().nonnegative(),
  amountSpent: decimalString,
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** An app installed on the shop: what the merchant granted it. Tokens look their scopes up here. */
export const installationSchema = z.object({
  id: numericId,
  apiKey: z.string(),
  scopes: z.array(z.string()),
  installedAt: isoTime,
  updatedAt: isoTime,
});

export const accessTokenSchema = z.object({
  /** SHA-256 of the token: a leaked state file does not leak working tokens. */
  tokenHash: z.string(),
  apiKey: z.string(),
  kind: z.enum(["offline", "online"]),
  issuedAt: isoTime,
  /** null for non-expiring offline tokens. */
  expiresAt: isoTime.nullable(),
  /** The staff member an online token acts for. */
  userId: numericId.nullable(),
});

export const refreshTokenSchema = z.object({
  tokenHash: z.string(),
  apiKey: z.string(),
  issuedAt: isoTime,
  expiresAt: isoTime,
  /** The refresh token this one replaced; retired as soon as this one is used (Shopify, August 2026). */
  predecessorHash: z.string().nullable(),
  firstUsedAt: isoTime.nullable(),
  retiredAt: isoTime.nullable(),
});

/** One code of a code discount (Shopify's `DiscountRedeemCode`). The code namespace is shop-wide, case-insensitive. */
export const redeemCodeSchema = z.object({
  id: numericId,
  code: z.string(),
  asyncUsageCount: z.number().int().nonnegative(),
});

/** What a basic code discount takes off: Shopify's percentage is a fraction (0.15 = 15%), an amount a decimal string. */
export const discountValueSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("percentage"), percentage: z.number() }),
  z.object({ kind: z.literal("amount"), amount: decimalString, appliesOnEachItem: z.boolean() }),
]);

/** A code discount (Shopify's `DiscountCodeNode` holding a `DiscountCodeBasic`: amount off, all items, all buyers). */
export const discountSchema = z.object({
  id: numericId,
  type: z.literal("DiscountCodeBasic"),
  title: z.string(),
  codes: z.array(redeemCodeSchema).min(1),
  startsAt: isoTime,
  endsAt: isoTime.nullable(),
  usageLimit: z.number().int().nullable(),
  appliesOncePerCustomer: z.boolean(),
  asyncUsageCount: z.number().int().nonnegative(),
  value: discountValueSchema,
  /** Only "all items" and "all buyers" are modelled; the app's creator codes use nothing else. */
  items: z.literal("all"),
  buyers: z.literal("all"),
  combinesWith: z.object({ orderDiscounts: z.boolean(), productDiscounts: z.boolean(), shippingDiscounts: z.boolean() }),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** A message the devstore's SMTP catcher received (devstore/mail). Newest first; only the last 200 are kept. */
export const mailMessageSchema = z.object({
  id: numericId,
  messageId: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()),
  /** The Reply-To header's addresses, when there is one. */
  replyTo: z.string().nullable().default(null),
  subject: z.string(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  /** The Date header, else when it arrived. */
  date: isoTime,
  receivedAt: isoTime,
});

/** One try of a webhook delivery: the HTTP status the app answered, or why there was none (timeout, refused). */
export const webhookAttemptSchema = z.object({
  at: isoTime,
  status: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  error: z.string().nullable(),
  /** initial, retry (backoff), duplicate (chaos: the same webhook id sent again), redeliver (asked for by hand). */
  trigger: z.enum(["initial", "retry", "duplicate", "redeliver"]).default("initial"),
});

/** A webhook the devstore sent (devstore/webhooks), as Shopify's delivery log keeps it. Newest first; the last 200. */
export const webhookDeliverySchema = z.object({
  id: numericId,
  topic: z.string(),
  shop: z.string(),
  /** The absolute URL it is POSTed to: the app URL joined with the subscription's uri. */
  url: z.string(),
  apiVersion: z.string(),
  /** X-Shopify-Webhook-Id: one per delivery; a duplicate (chaos or a retry) repeats it. */
  webhookId: z.uuid(),
  /** X-Shopify-Event-Id: one per event. */
  eventId: z.string(),
  triggeredAt: isoTime,
  /** The exact JSON bytes sent and signed. */
  body: z.string(),
  attempts: z.array(webhookAttemptSchema),
  status: z.enum(["pending", "delivered", "failed"]),
  nextAttemptAt: isoTime.nullable(),
});

/** An amount in the shop currency and the buyer's (presentment) currency, each a decimal string in its own exponent. */
export const moneyPairSchema = z.object({ shop: decimalString, presentment: decimalString });

export const orderLineItemSchema = z.object({
  id: numericId,
  productId: numericId.nullable(),
  variantId: numericId.nullable(),
  title: z.string(),
  variantTitle: z.string().nullable(),
  sku: z.string().nullable(),
  vendor: z.string().nullable(),
  quantity: z.number().int().positive(),
  /** Units taken off by order edits (Shopify keeps `quantity` and lowers `current_quantity`). */
  removedQuantity: z.number().int().nonnegative(),
  giftCard: z.boolean(),
  taxable: z.boolean(),
  requiresShipping: z.boolean(),
  /** The unit price before discounts. */
  price: moneyPairSchema,
  discountAllocations: z.array(z.object({ amount: moneyPairSchema, discountApplicationIndex: z.number().int().nonnegative() })),
  taxLines: z.array(z.object({ title: z.string(), rate: decimalString, price: moneyPairSchema })),
  /** The order edit that added this line; null for lines bought at checkout. */
  addedByEditId: numericId.nullable(),
});

export const orderShippingLineSchema = z.object({ id: numericId, title: z.string(), code: z.string(), price: moneyPairSchema });

export const refundLineSchema = z.object({
  id: numericId,
  lineItemId: numericId,
  quantity: z.number().int().positive(),
  restockType: z.enum(["no_restock", "cancel", "return", "legacy_restock"]),
  /** The refunded units' share of the line after discounts, before tax. */
  subtotal: moneyPairSchema,
  totalTax: moneyPairSchema,
});

export const refundSchema = z.object({
  id: numericId,
  createdAt: isoTime,
  note: z.string().nullable(),
  lines: z.array(refundLineSchema),
  /** Shipping given back (a shipping_refund order adjustment); null when none. */
  shipping: z.object({ adjustmentId: numericId, amount: moneyPairSchema }).nullable(),
  transaction: z.object({ id: numericId, amount: moneyPairSchema }),
});

export const orderEditSchema = z.object({
  id: numericId,
  createdAt: isoTime,
  additions: z.array(z.object({ lineItemId: numericId, delta: z.number().int().positive() })),
  removals: z.array(z.object({ lineItemId: numericId, delta: z.number().int().positive() })),
});

/** The code discount an order used, as Shopify's discount_applications[0] and discount_codes[0] describe it. */
export const orderDiscountSchema = z.object({
  discountId: numericId,
  /** As the buyer typed it (discount_codes[].code); the discount's own spelling is in `canonicalCode`. */
  code: z.string(),
  canonicalCode: z.string(),
  valueType: z.enum(["percentage", "fixed_amount"]),
  /** "15.0" for 15 %, "10.00" for an amount (discount_applications[].value). */
  value: z.string(),
  allocationMethod: z.enum(["across", "each"]),
});

/** A payment of an order other than the card ("bogus"): store credit or a gift card, as Shopify's gateways name them. */
export const orderPaymentSchema = z.object({
  gateway: z.enum(["shopify_store_credit", "gift_card"]),
  /** Shop currency. */
  amount: decimalString,
  storeCreditAccountId: numericId.nullable(),
  giftCardId: numericId.nullable(),
  giftCardLastCharacters: z.string().nullable(),
});

/** A postal address as an order carries it (REST names). */
export const orderAddressSchema = z.object({
  address1: z.string(),
  address2: z.string().nullable().default(null),
  city: z.string(),
  province: z.string().nullable().default(null),
  provinceCode: z.string().nullable().default(null),
  zip: z.string().nullable().default(null),
  country: z.string().nullable().default(null),
  countryCode: z.string().nullable().default(null),
});

/** An order, stored in Shopify's REST vocabulary; money totals are derived from the lines, never stored twice. */
export const orderSchema = z.object({
  id: numericId,
  /** order_number (1001, 1002 …); the name is "#" + this. */
  number: z.number().int().positive(),
  createdAt: isoTime,
  updatedAt: isoTime,
  processedAt: isoTime,
  currency: z.string().length(3),
  presentmentCurrency: z.string().length(3),
  taxesIncluded: z.boolean(),
  test: z.boolean(),
  customerId: numericId.nullable(),
  email: z.string().nullable(),
  noteAttributes: z.array(z.object({ name: z.string(), value: z.string().nullable() })),
  landingSite: z.string().nullable(),
  referringSite: z.string().nullable(),
  /** What Shopify's checkout saw of the buyer (orders' risk signals): the client's IP, browser and language. */
  browserIp: z.string().nullable().default(null),
  userAgent: z.string().nullable().default(null),
  acceptLanguage: z.string().nullable().default(null),
  /** The checkout's phone and shipping address (also the billing address: the devstore's checkout asks once). */
  phone: z.string().nullable().default(null),
  shippingAddress: orderAddressSchema.nullable().default(null),
  sourceName: z.string(),
  discount: orderDiscountSchema.nullable(),
  lineItems: z.array(orderLineItemSchema).min(1),
  shippingLines: z.array(orderShippingLineSchema),
  refunds: z.array(refundSchema),
  edits: z.array(orderEditSchema),
  cancelledAt: isoTime.nullable(),
  cancelReason: z.enum(["customer", "declined", "fraud", "inventory", "other", "staff"]).nullable(),
  financialStatus: z.enum(["paid", "partially_refunded", "refunded", "voided"]),
  /** Store credit and gift cards that paid part of the order; the rest went to the card ("bogus"). */
  payments: z.array(orderPaymentSchema).default([]),
});

/** How the devstore prices orders: one tax rate, and fixed rates from the shop currency to presentment currencies. */
export const orderSettingsSchema = z.object({
  taxRate: decimalString,
  taxTitle: z.string(),
  /** 1 unit of the shop currency = this many units of the key's currency. */
  presentmentRates: z.record(z.string().length(3), decimalString),
});

export const DEFAULT_ORDER_SETTINGS = {
  taxRate: "0.06",
  taxTitle: "VT State Tax",
  presentmentRates: { CAD: "1.37", EUR: "0.92", GBP: "0.79", JPY: "151", KWD: "0.307" },
};

/** The online store's theme settings the merchant changes in Online Store → Themes (devstore/storefront). */
export const storefrontSettingsSchema = z.object({
  /** The app's theme app extension embed (App embeds): off until the merchant switches it on, as on Shopify. */
  appEmbed: z.object({
    enabled: z.boolean(),
    /** Merchant-set block settings; a setting not set here takes its schema default. */
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
});

/** An app-data metafield (owner: the app's installation), readable in the app's theme extension as app.metafields. */
export const appMetafieldSchema = z.object({
  namespace: z.string(),
  key: z.string(),
  type: z.string(),
  value: z.string(),
});
export type AppMetafieldRecord = z.infer<typeof appMetafieldSchema>;

/** One movement of a store credit account: a credit (ADJUSTMENT from the Admin API) or a debit (API or checkout). */
export const storeCreditTransactionSchema = z.object({
  id: numericId,
  kind: z.enum(["credit", "debit"]),
  /** Always positive here; presented signed (a debit as a negative amount). */
  amount: decimalString,
  balanceAfter: decimalString,
  /** Shopify's StoreCreditSystemEvent: ADJUSTMENT (Admin API), ORDER_PAYMENT (spent at checkout). */
  event: z.enum(["ADJUSTMENT", "ORDER_PAYMENT"]),
  /** Credits only: when the credit expires; null = never. */
  expiresAt: isoTime.nullable(),
  /** The order that spent it (ORDER_PAYMENT). */
  orderId: numericId.nullable(),
  createdAt: isoTime,
});

/** A customer's store credit in one currency (Shopify keeps one account per owner and currency). */
export const storeCreditAccountSchema = z.object({
  id: numericId,
  customerId: numericId,
  currencyCode: z.string().length(3),
  balance: decimalString,
  /** Oldest first. */
  transactions: z.array(storeCreditTransactionSchema),
});

/** A gift card. `code` is kept whole (Shopify keeps it too); the Admin API shows it only in giftCardCreate's answer. */
export const giftCardSchema = z.object({
  id: numericId,
  code: z.string(),
  currencyCode: z.string().length(3),
  initialValue: decimalString,
  balance: decimalString,
  customerId: numericId.nullable(),
  note: z.string().nullable(),
  /** A date (YYYY-MM-DD); null = never expires. */
  expiresOn: z.string().nullable(),
  enabled: z.boolean(),
  /** When giftCardSendNotificationToCustomer sent the code to the customer (one entry per send). */
  notifiedAt: z.array(isoTime),
  /** Orders that spent from it, with how much. */
  usages: z.array(z.object({ orderId: numericId, amount: decimalString, at: isoTime })),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const devstoreStateSchema = z.object({
  version: z.literal(STATE_VERSION),
  /** The fixed epoch the seed was built from; seeded timestamps derive from it, never from the wall clock. */
  seedEpoch: isoTime,
  /** Shopify-style numeric ids come from one counter, so new records never collide with seeded ones. */
  nextId: numericId,
  shop: shopSchema,
  staffMembers: z.array(staffMemberSchema).default([]),
  products: z.array(productSchema).default([]),
  collections: z.array(collectionSchema).default([]),
  customers: z.array(customerSchema).default([]),
  installations: z.array(installationSchema).default([]),
  accessTokens: z.array(accessTokenSchema).default([]),
  refreshTokens: z.array(refreshTokenSchema).default([]),
  discounts: z.array(discountSchema).default([]),
  mail: z.array(mailMessageSchema).default([]),
  webhookDeliveries: z.array(webhookDeliverySchema).default([]),
  orders: z.array(orderSchema).default([]),
  orderSettings: orderSettingsSchema.default(DEFAULT_ORDER_SETTINGS),
  storefront: storefrontSettingsSchema.default({ appEmbed: { enabled: false, settings: {} } }),
  appMetafields: z.array(appMetafieldSchema).default([]),
  storeCreditAccounts: z.array(storeCreditAccountSchema).default([]),
  giftCards: z.array(giftCardSchema).default([]),
  /** The most one store credit account may hold (Shopify's credit limit), in the account's currency. */
  storeCreditLimit: decimalString.default("10000.00"),
});

export type DevstoreState = z.infer<typeof devstoreStateSchema>;
export type ShopRecord = z.infer<typeof shopSchema>;
export type StaffMemberRecord = z.infer<typeof staffMemberSchema>;
export type ImageRecord = z.infer<typeof imageSchema>;
export type VariantRecord = z.infer<typeof variantSchema>;
export type ProductRecord = z.infer<typeof productSchema>;
export type CollectionRecord = z.infer<typeof collectionSchema>;
export type CustomerRecord = z.infer<typeof customerSchema>;
export type InstallationRecord = z.infer<typeof installationSchema>;
export type AccessTokenRecord = z.infer<typeof accessTokenSchema>;
export type RefreshTokenRecord = z.infer<typeof refreshTokenSchema>;
export type DiscountRecord = z.infer<typeof discountSchema>;
export type DiscountValue = z.infer<typeof discountValueSchema>;
export type MailMessageRecord = z.infer<typeof mailMessageSchema>;
export type WebhookAttemptRecord = z.infer<typeof webhookAttemptSchema>;
export type WebhookDeliveryRecord = z.infer<typeof webhookDeliverySchema>;
export type MoneyPairRecord = z.infer<typeof moneyPairSchema>;
export type OrderRecord = z.infer<typeof orderSchema>;
export type OrderLineItemRecord = z.infer<typeof orderLineItemSchema>;
export type RefundRecord = z.infer<typeof refundSchema>;
export type OrderEditRecord = z.infer<typeof orderEditSchema>;
export type OrderSettingsRecord = z.infer<typeof orderSettingsSchema>;
export type StoreCreditAccountRecord = z.infer<typeof storeCreditAccountSchema>;
export type StoreCreditTransactionRecord = z.infer<typeof storeCreditTransactionSchema>;
export type GiftCardRecord = z.infer<typeof giftCardSchema>;
export type OrderPaymentRecord = z.infer<typeof orderPaymentSchema>;
export type StorefrontSettingsRecord = z.infer<typeof storefrontSettingsSchema>;

/** What readers get: the live state, typed so that nobody mutates it outside `StateStore.update`. */
export type ReadonlyDeep<T> = T extends (infer Item)[]
  ? readonly ReadonlyDeep<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: ReadonlyDeep<T[Key]> }
    : T;

export type DevstoreStateView = ReadonlyDeep<DevstoreState>;
