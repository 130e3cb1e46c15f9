/**
 * The commission rules kept in ProgramSettings' JSON columns (productRates, collectionRates, tiers), as typed values.
 * The database only knows "Json", so every read goes through these schemas: a row that does not match (edited by
 * hand, written by an older version) stops with a message naming the column, instead of paying a wrong rate.
 */
import { z } from "zod";
import { MAX_TIERS } from "./program-limits";

/** Rates are whole basis points (1 bp = 0.01 %), like every other rate column. */
const basisPointsSchema = z.number().int().min(0).max(10_000);
const gidSchema = (kind: "Product" | "Collection") =>
  z.string().regex(new RegExp(`^gid://shopify/${kind}/\\d+$`), `Expected a Shopify ${kind} id like gid://shopify/${kind}/123.`);

export const productRateSchema = z.object({ productId: gidSchema("Product"), title: z.string().max(255), basisPoints: basisPointsSchema });
export const collectionRateSchema = z.object({ collectionId: gidSchema("Collection"), title: z.string().max(255), basisPoints: basisPointsSchema });
/** Minimums are stored as decimal strings of minor units: JSON has no bigint, and a float would lose cents. */
export const storedTierSchema = z.object({ minimumRevenueMinor: z.string().regex(/^\d{1,18}$/), basisPoints: basisPointsSchema });

export type ProductRateSetting = z.infer<typeof productRateSchema>;
export type CollectionRateSetting = z.infer<typeof collectionRateSchema>;
export interface TierSetting {
  /** Attributed revenue in the tier period (shop currency, minor units) from which this tier's rate applies. */
  minimumRevenueMinor: bigint;
  basisPoints: number;
}

export const MAX_RATE_ROWS = 250;
export { MAX_TIERS };

export const TIER_PERIODS = ["calendar_month", "calendar_quarter", "lifetime"] as const;
export type TierPeriod = (typeof TIER_PERIODS)[number];

export interface ProgramRules {
  productRates: ProductRateSetting[];
  collectionRates: CollectionRateSetting[];
  tiers: TierSetting[];
}

export class ProgramRulesError extends Error {
  override name = "ProgramRulesError";
}

/**
 * Why a tier list cannot be saved, or null. Tiers must climb strictly so "the tier with the highest minimum reached"
 * is one tier. A first tier above zero is allowed on purpose: below it the default earns nothing (product and
 * collection rates still apply), which is how a merchant says "commission starts after the first 1 000".
 */
export function findTierProblem(tiers: readonly TierSetting[]): string | null {
  if (tiers.length === 0) return "Add at least one tier: a tiered commission needs a rate to pay.";
  if (tiers.length > MAX_TIERS) return `Use at most ${MAX_TIERS} tiers.`;
  for (let index = 1; index < tiers.length; index += 1) {
    const previous = tiers[index - 1];
    const tier = tiers[index];
    if (previous && tier && tier.minimumRevenueMinor <= previous.minimumRevenueMinor) {
      return `Tier ${index + 1} must start above tier ${index}: list tiers from the lowest revenue to the highest.`;
    }
  }
  return null;
}

function readColumn<T>(column: string, schema: z.ZodType<T>, value: unknown, shop: string): T[] {
  const parsed = z.array(schema).max(MAX_RATE_ROWS).safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join(".") || "(top level)"}: ${issue.message}` : "unreadable";
  throw new ProgramRulesError(
    `The program settings of ${shop} hold an invalid ${column} value (${where}). Open Settings, correct the commission rules and save; ` +
      `commissions are not computed from an invalid rule.`,
  );
}

/** Reads the JSON columns of a ProgramSettings row; throws ProgramRulesError naming the column when one is invalid. */
export function readProgramRules(row: { shop: string; productRates: unknown; collectionRates: unknown; tiers: unknown }): ProgramRules {
  const tiers = readColumn("tiers", storedTierSchema, row.tiers, row.shop).map((tier) => ({
    minimumRevenueMinor: BigInt(tier.minimumRevenueMinor),
    basisPoints: tier.basisPoints,
  }));
  if (tiers.length > 0) {
    const problem = findTierProblem(tiers);
    if (problem) throw new ProgramRulesError(`The program settings of ${row.shop} hold invalid tiers (${problem}). Open Settings, fix the tiers and save.`);
  }
  return {
    productRates: readColumn("productRates", productRateSchema, row.productRates, row.shop),
    collectionRates: readColumn("collectionRates", collectionRateSchema, row.collectionRates, row.shop),
    tiers,
  };
}

/** The JSON the columns store (tier minimums as strings). */
export function toStoredTiers(tiers: readonly TierSetting[]): Array<z.infer<typeof storedTierSchema>> {
  return tiers.map((tier) => ({ minimumRevenueMinor: tier.minimumRevenueMinor.toString(), basisPoints: tier.basisPoints }));
}
