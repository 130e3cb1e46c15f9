/**
 * The commission-rule part of the settings form: tiers, per-product and per-collection rates, the cap per order and
 * the minimum payout. Lists arrive as JSON text (one hidden field each, written by the settings page); every row is
 * checked on its own and its error keyed "<list>.<row>.<field>" so the page can show it beside the input.
 */
import { z } from "zod";
import { formatDecimalAmount } from "../money";
import { formatPercentText, parsePercentText } from "./percent-text";
import {
  findTierProblem,
  MAX_RATE_ROWS,
  MAX_TIERS,
  type CollectionRateSetting,
  type ProductRateSetting,
  type TierSetting,
} from "./program-rules";
import { readFormAmount } from "./read-form-amount";

const tierRowSchema = z.object({ minimumRevenue: z.string(), percent: z.string() });
const productRateRowSchema = z.object({ productId: z.string(), title: z.string(), percent: z.string() });
const collectionRateRowSchema = z.object({ collectionId: z.string(), title: z.string(), percent: z.string() });

export type TierRow = z.infer<typeof tierRowSchema>;
export type ProductRateRow = z.infer<typeof productRateRowSchema>;
export type CollectionRateRow = z.infer<typeof collectionRateRowSchema>;

function jsonRows<Row>(row: z.ZodType<Row>, max: number) {
  return z
    .string()
    .default("[]")
    .transform((text, context): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        context.addIssue({ code: "custom", message: "This list could not be read. Reload the page and enter it again." });
        return z.NEVER;
      }
    })
    .pipe(z.array(row).max(max, `Use at most ${max} rows.`));
}

/** The form fields this module reads (added to the settings form schema). */
export const commissionRulesFormShape = {
  tiers: jsonRows(tierRowSchema, MAX_TIERS),
  tierPeriod: z.enum(["calendar_month", "calendar_quarter", "lifetime"]),
  productRates: jsonRows(productRateRowSchema, MAX_RATE_ROWS),
  collectionRates: jsonRows(collectionRateRowSchema, MAX_RATE_ROWS),
  capPerOrder: z.string().trim().default(""),
  minimumPayout: z.string().trim().default(""),
};

export interface CommissionRulesForm {
  defaultCommissionType: "percentage" | "flat" | "tiered";
  tiers: TierRow[];
  productRates: ProductRateRow[];
  collectionRates: CollectionRateRow[];
  capPerOrder: string;
  minimumPayout: string;
}

export interface ParsedCommissionRules {
  tiers: TierSetting[];
  productRates: ProductRateSetting[];
  collectionRates: CollectionRateSetting[];
  capPerOrderMinor: bigint | null;
  minimumPayoutMinor: bigint;
}

const PERCENT_MESSAGE = "Enter a percentage from 0 to 100 with at most two decimals, such as 12.5.";
const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;
const COLLECTION_GID = /^gid:\/\/shopify\/Collection\/\d+$/;

function readRates<Row extends { title: string; percent: string }>(
  list: "productRates" | "collectionRates",
  rows: readonly Row[],
  readId: (row: Row) => string,
  idPattern: RegExp,
  errors: Record<string, string>,
): Array<{ id: string; title: string; basisPoints: number }> {
  const seen = new Set<string>();
  const rates: Array<{ id: string; title: string; basisPoints: number }> = [];
  rows.forEach((row, index) => {
    const id = readId(row);
    const basisPoints = parsePercentText(row.percent);
    if (!idPattern.test(id)) errors[`${list}.${index}.percent`] = "Pick this item again from the search list.";
    else if (seen.has(id)) errors[`${list}.${index}.percent`] = `${row.title} is listed twice; remove one row.`;
    else if (basisPoints === null) errors[`${list}.${index}.percent`] = PERCENT_MESSAGE;
    else rates.push({ id, title: row.title.trim().slice(0, 255), basisPoints });
    seen.add(id);
  });
  return rates;
}

function readTiers(rows: readonly TierRow[], currency: string, errors: Record<string, string>): TierSetting[] {
  const tiers: TierSetting[] = [];
  rows.forEach((row, index) => {
    const minimumRevenueMinor = readFormAmount(row.minimumRevenue, currency);
    const basisPoints = parsePercentText(row.percent);
    if (minimumRevenueMinor === null) {
      errors[`tiers.${index}.minimumRevenue`] = `Enter an amount in ${currency}, such as ${formatDecimalAmount({ amountMinor: 0n, currency })}.`;
    }
    if (basisPoints === null) errors[`tiers.${index}.percent`] = PERCENT_MESSAGE;
    if (minimumRevenueMinor !== null && basisPoints !== null) tiers.push({ minimumRevenueMinor, basisPoints });
  });
  if (tiers.length === rows.length) {
    const problem = findTierProblem(tiers);
    if (problem) errors.tiers = problem;
  }
  return tiers;
}

/**
 * Reads the rule fields. Tiers are only checked (and replaced) when the default is tiered: switching to a flat
 * default keeps the stored tiers for when the merchant switches back, as the percentage is kept when flat is chosen.
 */
export function parseCommissionRulesForm(
  form: CommissionRulesForm,
  currency: string,
  current: { tiers: readonly TierSetting[] },
  errors: Record<string, string>,
): ParsedCommissionRules {
  const tiers = form.defaultCommissionType === "tiered" ? readTiers(form.tiers, currency, errors) : [...current.tiers];
  const productRates = readRates("productRates", form.productRates, (row) => row.productId, PRODUCT_GID, errors).map(
    ({ id, title, basisPoints }): ProductRateSetting => ({ productId: id, title, basisPoints }),
  );
  const collectionRates = readRates("collectionRates", form.collectionRates, (row) => row.collectionId, COLLECTION_GID, errors).map(
    ({ id, title, basisPoints }): CollectionRateSetting => ({ collectionId: id, title, basisPoints }),
  );

  let capPerOrderMinor: bigint | null = null;
  if (form.capPerOrder !== "") {
    capPerOrderMinor = readFormAmount(form.capPerOrder, currency);
    if (capPerOrderMinor === null || capPerOrderMinor === 0n) {
      errors.capPerOrder = `Enter the most one order can earn in ${currency}, above zero, or leave empty for no cap.`;
    }
  }
  const minimumPayoutMinor = form.minimumPayout === "" ? 0n : readFormAmount(form.minimumPayout, currency);
  if (minimumPayoutMinor === null) errors.minimumPayout = `Enter an amount in ${currency}, such as ${formatDecimalAmount({ amountMinor: 5000n, currency })}, or 0 to pay any balance.`;

  return { tiers, productRates, collectionRates, capPerOrderMinor, minimumPayoutMinor: minimumPayoutMinor ?? 0n };
}

/** The stored rules as the form shows them. */
export function toCommissionRulesFormValues(
  settings: ParsedCommissionRules & { currency: string },
): { tiers: TierRow[]; productRates: ProductRateRow[]; collectionRates: CollectionRateRow[]; capPerOrder: string; minimumPayout: string } {
  const { currency } = settings;
  return {
    tiers: settings.tiers.map((tier) => ({
      minimumRevenue: formatDecimalAmount({ amountMinor: tier.minimumRevenueMinor, currency }),
      percent: formatPercentText(tier.basisPoints),
    })),
    productRates: settings.productRates.map((rate) => ({ productId: rate.productId, title: rate.title, percent: formatPercentText(rate.basisPoints) })),
    collectionRates: settings.collectionRates.map((rate) => ({ collectionId: rate.collectionId, title: rate.title, percent: formatPercentText(rate.basisPoints) })),
    capPerOrder: settings.capPerOrderMinor === null ? "" : formatDecimalAmount({ amountMinor: settings.capPerOrderMinor, currency }),
    minimumPayout: formatDecimalAmount({ amountMinor: settings.minimumPayoutMinor, currency }),
  };
}
