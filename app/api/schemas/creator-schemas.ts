import { z } from "zod";
import { CREATOR_STATUSES } from "../../domain/creators";
import { currencySchema, dateRangeQuerySchema, minorAmountSchema, pageQuerySchema, timestampSchema } from "./common-schemas";

const socialHandlesShape = {
  instagram: z.string().max(200).optional(),
  tiktok: z.string().max(200).optional(),
  youtube: z.string().max(200).optional(),
  x: z.string().max(200).optional(),
  website: z.string().max(300).optional(),
};

export const commissionOverrideSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("none") }),
    z.object({ type: z.literal("percentage"), basisPoints: z.int().min(0).max(10_000).describe("1000 = 10%.") }),
    z.object({ type: z.literal("flat"), amountMinor: minorAmountSchema.min(0), currency: currencySchema }),
  ])
  .describe("The creator's own commission, replacing the program default; `none` follows the program.");

const commissionOverrideInputSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({ type: z.literal("percentage"), basisPoints: z.int().min(0).max(10_000).describe("1000 = 10%.") }),
  z.strictObject({ type: z.literal("flat"), amountMinor: minorAmountSchema.min(0).describe("In the shop currency's minor units.") }),
]);

export const creatorSchema = z.object({
  id: z.string(),
  handle: z.string(),
  name: z.string(),
  email: z.string(),
  payoutEmail: z.string().nullable().describe("Shown to the merchant as where to pay for payouts recorded by hand. Payout runs never pay it: they pay only payout details the creator confirmed in the creator portal."),
  socialHandles: z.object(socialHandlesShape),
  notes: z.string().nullable(),
  status: z.enum(CREATOR_STATUSES),
  refToken: z.string().describe("The token in the creator's referral links (?ref=…)."),
  commission: commissionOverrideSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  approvedAt: timestampSchema.nullable(),
});

export const createCreatorBodySchema = z.strictObject({
  name: z.string().max(120),
  email: z.string().max(254),
  handle: z.string().max(40).optional().describe("Suggested from the name when absent."),
  status: z.enum(["invited", "approved"]).optional().describe("invited (default) sends an invitation; approved sends the approval email."),
  payoutEmail: z.string().max(254).nullable().optional().describe("Shown to the merchant as where to pay for payouts recorded by hand. Payout runs never pay it: they pay only payout details the creator confirmed in the creator portal."),
  socialHandles: z.strictObject(socialHandlesShape).optional(),
  notes: z.string().max(5000).nullable().optional(),
  commission: commissionOverrideInputSchema.optional(),
});

export const updateCreatorBodySchema = z.strictObject({
  name: z.string().max(120).optional(),
  email: z.string().max(254).optional(),
  handle: z.string().max(40).optional(),
  status: z.enum(CREATOR_STATUSES).optional().describe("Moves the creator through the status table (e.g. applied → approved)."),
  reason: z.string().max(1000).optional().describe("Why the status changed; required when rejecting."),
  payoutEmail: z.string().max(254).nullable().optional().describe("Shown to the merchant as where to pay for payouts recorded by hand. Payout runs never pay it: they pay only payout details the creator confirmed in the creator portal."),
  socialHandles: z.strictObject(socialHandlesShape).optional(),
  notes: z.string().max(5000).nullable().optional(),
  commission: commissionOverrideInputSchema.optional(),
});

export const listCreatorsQuerySchema = pageQuerySchema.extend({
  status: z.enum(CREATOR_STATUSES).optional(),
  email: z.string().max(254).optional().describe("Exact email (case-insensitive)."),
});

export const creatorStatsQuerySchema = dateRangeQuerySchema;

export const creatorStatsSchema = z.object({
  creatorId: z.string(),
  from: timestampSchema.nullable(),
  to: timestampSchema.nullable(),
  currency: currencySchema,
  clicks: z.int().describe("Referral-link clicks recorded by the storefront's click beacon in the range."),
  orders: z.int().describe("Orders attributed to the creator (Shopify and API) placed in the range."),
  ordersFromClicks: z.int().describe("Of those orders, the ones whose cart named one of the creator's recorded clicks (_affable_click_id): the exact click-to-order count."),
  revenueMinor: minorAmountSchema.describe("Σ commissionable base of those orders."),
  earnings: z.object({
    pendingMinor: minorAmountSchema.describe("Commission still in its holding period (pending or on hold)."),
    approvedMinor: minorAmountSchema.describe("Approved and not yet paid."),
    paidMinor: minorAmountSchema.describe("Already paid out."),
  }),
});
