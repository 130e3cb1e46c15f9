/**
 * The shapes the control API and the admin pages accept for order operations (zod), shared so both validate the
 * same way. Ids may be bare numbers (REST) or GIDs (Admin GraphQL).
 */
import { z } from "zod";
import { parseGid } from "../state/shopify-gid.ts";
import type { DevstoreContext } from "../context.ts";

export type OrderContext = Pick<DevstoreContext, "state" | "now" | "webhooks">;

const decimalString = z.string().trim().regex(/^\d+(\.\d+)?$/, "a decimal amount such as 24.00");

/** 7420000000042, "7420000000042" or "gid://shopify/ProductVariant/7420000000042" → 7420000000042. */
export const resourceIdSchema = z.union([
  z.number().int().positive(),
  z.string().trim().transform((text, ctx) => {
    const id = /^\d+$/.test(text) ? Number(text) : (parseGid(text)?.id ?? Number.NaN);
    if (!Number.isSafeInteger(id) || id <= 0) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not an id: send a number or a gid://shopify/… id.` });
      return z.NEVER;
    }
    return id;
  }),
]);

export const createOrderInputSchema = z.object({
  lineItems: z
    .array(
      z.object({
        variantId: resourceIdSchema,
        quantity: z.number().int().positive().max(1000),
        /** Overrides the variant's price (shop currency), e.g. to test awkward amounts. */
        price: decimalString.optional(),
      }),
    )
    .min(1, "an order needs at least one line item")
    .max(100),
  discountCode: z.string().trim().min(1).optional(),
  customerId: resourceIdSchema.optional(),
  email: z.string().trim().min(1).optional(),
  noteAttributes: z.array(z.object({ name: z.string().min(1), value: z.string().nullable() })).max(50).default([]),
  /** With its query string: ad click ids (gclid, fbclid…) and utm_medium live there. */
  landingSite: z.string().nullable().optional(),
  referringSite: z.string().nullable().optional(),
  /** The buyer as the checkout saw them (browser_ip, client_details): tests set them to exercise risk rules. */
  browserIp: z.string().trim().max(100).nullable().optional(),
  userAgent: z.string().max(1000).nullable().optional(),
  acceptLanguage: z.string().max(200).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  shippingAddress: z
    .object({
      address1: z.string().trim().min(1, "a shipping address needs address1"),
      address2: z.string().trim().nullable().optional(),
      city: z.string().trim().min(1, "a shipping address needs a city"),
      province: z.string().trim().nullable().optional(),
      provinceCode: z.string().trim().nullable().optional(),
      zip: z.string().trim().nullable().optional(),
      country: z.string().trim().nullable().optional(),
      countryCode: z.string().trim().length(2).toUpperCase().nullable().optional(),
    })
    .nullable()
    .optional(),
  test: z.boolean().default(false),
  /** The buyer's currency; converted from the shop currency at the rate in state.orderSettings. */
  presentmentCurrency: z.string().trim().length(3).toUpperCase().optional(),
  /** One shipping line at this price (shop currency); none when omitted. */
  shippingPrice: decimalString.optional(),
  taxesIncluded: z.boolean().optional(),
  /** Backdates the order (created_at, processed_at); now by default. */
  processedAt: z.iso.datetime({ offset: true }).optional(),
  /** A gift card code to pay with (its balance, up to the total). */
  giftCardCode: z.string().trim().min(1).optional(),
  /** Spend the signed-in customer's store credit (`customerId` must be the customer signed in to their account). */
  useStoreCredit: z.boolean().default(false),
});
export type CreateOrderInput = z.input<typeof createOrderInputSchema>;

export const refundOrderInputSchema = z.object({
  /** Refund every unit and all shipping still on the order. */
  full: z.boolean().default(false),
  lineItems: z
    .array(
      z.object({
        lineItemId: resourceIdSchema,
        quantity: z.number().int().positive(),
        restockType: z.enum(["no_restock", "cancel", "return", "legacy_restock"]).default("return"),
      }),
    )
    .default([]),
  /** Shipping to give back: `true` for all that is left, or an amount in the shop currency. */
  shipping: z.union([z.boolean(), decimalString]).default(false),
  note: z.string().max(1000).nullable().default(null),
});
export type RefundOrderInput = z.input<typeof refundOrderInputSchema>;

export const cancelOrderInputSchema = z.object({
  reason: z.enum(["customer", "declined", "fraud", "inventory", "other", "staff"]).default("customer"),
  /** Refund everything still paid as part of the cancellation (a refunds/create is sent too). */
  refund: z.boolean().default(false),
});
export type CancelOrderInput = z.input<typeof cancelOrderInputSchema>;

export const editOrderInputSchema = z
  .object({
    add: z.array(z.object({ variantId: resourceIdSchema, quantity: z.number().int().positive().max(1000) })).default([]),
    /** The new current quantity of a line; lower removes units, higher adds a line with the extra units. */
    setQuantity: z.array(z.object({ lineItemId: resourceIdSchema, quantity: z.number().int().nonnegative() })).default([]),
  })
  .refine((input) => input.add.length > 0 || input.setQuantity.length > 0, "an edit needs `add` or `setQuantity`");
export type EditOrderInput = z.input<typeof editOrderInputSchema>;
