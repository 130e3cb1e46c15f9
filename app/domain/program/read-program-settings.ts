import type { ParsedProgramSettings } from "./parse-program-settings-form";
import { readProgramRules } from "./program-rules";

type StoredRules = { shop: string; productRates: unknown; collectionRates: unknown; tiers: unknown };
export type StoredProgramSettings = Omit<ParsedProgramSettings, "productRates" | "collectionRates" | "tiers"> & StoredRules;

/**
 * A stored ProgramSettings row as typed settings: the JSON columns are read with their zod schemas (throws
 * ProgramRulesError naming the column when a row is invalid), everything else is copied as it is.
 */
export function readProgramSettings(row: StoredProgramSettings): ParsedProgramSettings {
  const rules = readProgramRules(row);
  return {
    defaultCommissionType: row.defaultCommissionType,
    defaultCommissionBasisPoints: row.defaultCommissionBasisPoints,
    defaultCommissionFlatMinor: row.defaultCommissionFlatMinor,
    cookieWindowDays: row.cookieWindowDays,
    attributionPrecedence: row.attributionPrecedence,
    holdingPeriodDays: row.holdingPeriodDays,
    newCustomersOnly: row.newCustomersOnly,
    includeTestOrders: row.includeTestOrders,
    defaultDiscountType: row.defaultDiscountType,
    defaultDiscountBasisPoints: row.defaultDiscountBasisPoints,
    defaultDiscountAmountMinor: row.defaultDiscountAmountMinor,
    codePattern: row.codePattern,
    defaultUsageLimit: row.defaultUsageLimit,
    defaultOncePerCustomer: row.defaultOncePerCustomer,
    combinesWithOrderDiscounts: row.combinesWithOrderDiscounts,
    combinesWithProductDiscounts: row.combinesWithProductDiscounts,
    combinesWithShippingDiscounts: row.combinesWithShippingDiscounts,
    autoCreateCodeOnApproval: row.autoCreateCodeOnApproval,
    maxCodeDiscountBasisPoints: row.maxCodeDiscountBasisPoints,
    maxCodeDiscountAmountMinor: row.maxCodeDiscountAmountMinor,
    replyToEmail: row.replyToEmail ?? null,
    tierPeriod: row.tierPeriod,
    capPerOrderMinor: row.capPerOrderMinor,
    minimumPayoutMinor: row.minimumPayoutMinor,
    ...rules,
  };
}
