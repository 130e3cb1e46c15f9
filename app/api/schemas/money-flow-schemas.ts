import { z } from "zod";
import type { CommissionStatus } from "../../domain/ledger";
import { currencySchema, dateRangeQuerySchema, minorAmountSchema, pageQuerySchema, timestampSchema } from "./common-schemas";

const COMMISSION_STATUSES = ["pending", "approved", "paid", "reversed", "on_hold"] as const satisfies readonly CommissionStatus[];

const idText = (max: number) => z.string().trim().min(1, "Must not be empty.").max(max);

export const linkCustomerBodySchema = z
  .strictObject({
    customerId: idText(255).describe("A Shopify customer gid, or your own customer id for a headless shop."),
    creatorId: idText(64).optional(),
    refToken: idText(64).optional().describe("The creator's ref token, as captured from ?ref=…"),
  })
  .refine((body) => (body.creatorId === undefined) !== (body.refToken === undefined), {
    error: "Name the creator with exactly one of creatorId or refToken.",
    path: ["creatorId"],
  });

export const customerReferralSchema = z.object({
  customerId: z.string(),
  creatorId: z.string(),
  source: z.string(),
  createdAt: timestampSchema,
});

const DECIMAL_RATE = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,12})?$/;

export const conversionLineItemSchema = z.strictObject({
  id: idText(255).describe("Your line id; unique within the conversion."),
  productId: idText(255).nullable().optional().describe("A Shopify product gid: product rates apply to it."),
  quantity: z.int().min(1).max(100_000),
  unitPriceMinor: minorAmountSchema.min(0).describe("The price of one unit, in `currency`."),
  discountMinor: minorAmountSchema.min(0).optional().describe("Discount on the whole line, in `currency`."),
});

export const recordConversionBodySchema = z.strictObject({
  externalOrderId: idText(200).describe("Your order id: one conversion per id (a second one is a 409)."),
  amountMinor: minorAmountSchema.min(0).describe("The sale's commissionable amount (after discounts, without tax and shipping), in `currency`'s minor units."),
  currency: currencySchema,
  exchangeRate: z
    .string()
    .regex(DECIMAL_RATE, "Send the rate as a decimal string with at most 12 decimals, like \"1.0825\".")
    .optional()
    .describe("Required when `currency` is not the shop's: how many units of the shop currency one unit of `currency` is worth, as an exact decimal string. Converted with integer math, rounded half-even."),
  creatorId: idText(64).optional(),
  refToken: idText(64).optional(),
  customerId: idText(255).optional().describe("Attributes through a customer linked with POST /customers when no creator is named."),
  occurredAt: timestampSchema.optional().describe("When the sale happened (the holding period counts from it); now when absent."),
  lineItems: z.array(conversionLineItemSchema).min(1).max(500).optional().describe("When sent, Σ(unitPrice × quantity − discount) must equal amountMinor; product rates apply per line."),
});

export const conversionSchema = z.object({
  orderId: z.string().describe('"api:<externalOrderId>"'),
  externalOrderId: z.string(),
  creatorId: z.string(),
  currency: currencySchema.describe("The shop currency: every commission amount is in it."),
  baseMinor: minorAmountSchema.describe("The commissionable base in the shop currency."),
  presentmentCurrency: currencySchema,
  presentmentBaseMinor: minorAmountSchema,
  commission: z.object({
    id: z.string(),
    status: z.enum(COMMISSION_STATUSES),
    amountMinor: minorAmountSchema,
    explanation: z.array(z.string()).describe("How the amount was computed, in sentences."),
  }),
  replayed: z.boolean().describe("True when this is the stored answer to an earlier request with the same Idempotency-Key: nothing was recorded again."),
});

export const commissionSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  creatorId: z.string(),
  status: z.enum(COMMISSION_STATUSES),
  currency: currencySchema,
  netMinor: minorAmountSchema.describe("What the creator earns now: accruals minus reversals."),
  paidMinor: minorAmountSchema,
  owedMinor: minorAmountSchema.describe("net − paid; negative is a clawback taken from the next payout."),
  orderCreatedAt: timestampSchema,
  createdAt: timestampSchema,
});

export const listCommissionsQuerySchema = pageQuerySchema.extend(dateRangeQuerySchema.shape).extend({
  status: z.enum(COMMISSION_STATUSES).optional(),
  creatorId: z.string().max(64).optional(),
});

export const createReversalBodySchema = z.strictObject({
  amountMinor: minorAmountSchema.min(1).nullable().optional().describe("How much to reverse, in the commission's currency; absent or null = everything still remaining."),
  reason: z.string().trim().min(1, "Give a reason: it is kept with the ledger entry.").max(1000),
});

export const reversalSchema = z.object({
  commission: commissionSchema,
  replayed: z.boolean().describe("True when this Idempotency-Key had already reversed: nothing changed this time."),
  entries: z.array(z.object({ kind: z.string(), amountMinor: minorAmountSchema, currency: currencySchema, statusAfter: z.enum(COMMISSION_STATUSES), note: z.string(), createdAt: timestampSchema })),
});

export const payoutSchema = z.object({
  id: z.string(),
  creatorId: z.string(),
  currency: currencySchema,
  amountMinor: minorAmountSchema,
  commissionCount: z.int(),
  method: z.string(),
  reference: z.string().nullable(),
  createdAt: timestampSchema,
});

export const listPayoutsQuerySchema = pageQuerySchema.extend(dateRangeQuerySchema.shape).extend({
  creatorId: z.string().max(64).optional(),
});
