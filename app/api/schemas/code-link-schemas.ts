import { z } from "zod";
import { currencySchema, minorAmountSchema, timestampSchema } from "./common-schemas";

export const discountCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(["active", "inactive", "deleted"]),
  valueType: z.enum(["percentage", "fixed_amount"]),
  valueText: z.string().describe('"15" (percent) or "10.00" (amount in `currency`).'),
  currency: currencySchema,
  startsAt: timestampSchema,
  endsAt: timestampSchema.nullable(),
  usageLimit: z.int().nullable(),
  oncePerCustomer: z.boolean(),
  combinesWith: z.object({ orderDiscounts: z.boolean(), productDiscounts: z.boolean(), shippingDiscounts: z.boolean() }),
  linkedExisting: z.boolean().describe("Linked from an existing Shopify discount rather than created by Affable."),
});

export const createCodeBodySchema = z.strictObject({
  code: z.string().max(255).optional().describe("The code text; from the program's pattern (e.g. {HANDLE}15) when absent."),
  value: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("percentage"), basisPoints: z.int().min(1).max(10_000).describe("1500 = 15% off.") }),
      z.strictObject({ type: z.literal("fixed_amount"), amountMinor: minorAmountSchema.min(1).describe("In the shop currency's minor units.") }),
    ])
    .optional()
    .describe("The shopper's discount; the program default when absent."),
  usageLimit: z.int().min(1).nullable().optional(),
  oncePerCustomer: z.boolean().optional(),
  endsAt: timestampSchema.nullable().optional(),
});

export const referralLinkSchema = z.object({
  id: z.string(),
  path: z.string(),
  label: z.string().nullable(),
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  url: z.string().describe("The storefront URL with the creator's ref token."),
  discountUrl: z.string().nullable().describe("Shopify's shareable link that also applies the creator's first active code."),
});

export const createLinkBodySchema = z.strictObject({
  path: z.string().max(500).describe('A storefront path: "/", "/products/linen-shirt", "/collections/summer".'),
  utmSource: z.string().max(100).nullable().optional(),
  utmMedium: z.string().max(100).nullable().optional(),
  utmCampaign: z.string().max(100).nullable().optional(),
  label: z.string().max(100).nullable().optional(),
});

export const codeListSchema = z.object({ data: z.array(discountCodeSchema) });
export const linkListSchema = z.object({ homeUrl: z.string(), data: z.array(referralLinkSchema) });
