import { z } from "zod";

export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the kind of problem; stable, safe to switch on."),
    title: z.string(),
    status: z.int(),
    detail: z.string().describe("What went wrong and what to do next."),
    errors: z
      .array(z.object({ field: z.string().describe('The refused field, dotted when nested: "commission.basisPoints".'), message: z.string() }))
      .optional()
      .describe("422 only: every refused field."),
  })
  .describe("RFC 9457 problem details (application/problem+json).");

export const timestampSchema = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time (UTC).");

/** Minor units (cents, yen, fils) as a JSON integer. */
export const minorAmountSchema = z.int().describe("An amount in the currency's minor units (USD 12.34 → 1234, JPY 1234 → 1234).");

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code in capitals, like USD.").describe("ISO 4217 currency code.");

export const pageQuerySchema = z.object({
  limit: z.coerce.number<string>().int("Use a whole number from 1 to 100.").min(1, "Use a whole number from 1 to 100.").max(100, "Use a whole number from 1 to 100.").default(25).describe("Page size, 1–100 (default 25)."),
  cursor: z.string().max(200).optional().describe("The `nextCursor` of the previous page."),
});

export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  });
}

export const dateRangeQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: "Use an ISO 8601 date-time, like 2026-11-01T00:00:00Z." }).optional().describe("Inclusive start (ISO 8601)."),
  to: z.iso.datetime({ offset: true, error: "Use an ISO 8601 date-time, like 2026-12-01T00:00:00Z." }).optional().describe("Exclusive end (ISO 8601)."),
});
