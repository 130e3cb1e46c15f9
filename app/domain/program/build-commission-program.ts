/**
 * The program settings and a creator's override, in the commission engine's terms (app/domain/commission).
 * Rates are whole basis points everywhere in storage; the engine wants exact Rates and Money.
 */
import type { CommissionProgram, RateRule } from "../commission";
import { createMoney, createRateFromBasisPoints } from "../money";
import type { ParsedProgramSettings } from "./parse-program-settings-form";
import { ProgramRulesError } from "./program-rules";

type ProgramInput = Pick<
  ParsedProgramSettings,
  | "defaultCommissionType"
  | "defaultCommissionBasisPoints"
  | "defaultCommissionFlatMinor"
  | "tiers"
  | "productRates"
  | "collectionRates"
  | "newCustomersOnly"
  | "capPerOrderMinor"
> & { shop: string; currency: string; version: number };

export function buildCommissionProgram(settings: ProgramInput): CommissionProgram {
  return {
    // Commissions store this id; the settings version says exactly which rules (tiers, rates, cap) were used.
    ruleVersionId: `program-settings:v${settings.version}`,
    defaultRule: buildDefaultRule(settings),
    productRates: settings.productRates.map((rate) => ({ productId: rate.productId, rate: createRateFromBasisPoints(BigInt(rate.basisPoints)) })),
    collectionRates: settings.collectionRates.map((rate) => ({
      collectionId: rate.collectionId,
      rate: createRateFromBasisPoints(BigInt(rate.basisPoints)),
    })),
    newCustomersOnly: settings.newCustomersOnly,
    capPerOrder: settings.capPerOrderMinor === null ? null : createMoney(settings.capPerOrderMinor, settings.currency),
  };
}

function buildDefaultRule(settings: ProgramInput): RateRule {
  if (settings.defaultCommissionType !== "tiered") {
    return buildRule(settings.defaultCommissionType, settings.defaultCommissionBasisPoints, settings.defaultCommissionFlatMinor, settings.currency);
  }
  if (settings.tiers.length === 0) {
    throw new ProgramRulesError(`The program of ${settings.shop} pays a tiered commission but has no tiers. Open Settings and add at least one tier.`);
  }
  return {
    kind: "tiered",
    tiers: settings.tiers.map((tier) => ({
      minimumRevenue: createMoney(tier.minimumRevenueMinor, settings.currency),
      rate: createRateFromBasisPoints(BigInt(tier.basisPoints)),
    })),
  };
}

/**
 * A creator's own rate, replacing the program default (product and collection rates still win). Overrides are
 * percentage or flat: a tier needs revenue thresholds, which only the program defines, and the creator form never
 * offers one; a stored "tiered" override is therefore a broken row, reported rather than guessed at.
 */
export function buildCreatorOverride(
  creator: { id: string; commissionOverrideType: "percentage" | "flat" | "tiered" | null; commissionOverrideBasisPoints: number | null; commissionOverrideFlatMinor: bigint | null },
  currency: string,
): RateRule | null {
  if (creator.commissionOverrideType === null) return null;
  if (creator.commissionOverrideType === "tiered") {
    throw new ProgramRulesError(`Creator ${creator.id} has a tiered commission override, which Affable does not support. Edit the creator and choose a percentage or flat override.`);
  }
  return buildRule(creator.commissionOverrideType, creator.commissionOverrideBasisPoints ?? 0, creator.commissionOverrideFlatMinor ?? 0n, currency);
}

function buildRule(type: "percentage" | "flat", basisPoints: number, flatMinor: bigint, currency: string): RateRule {
  return type === "percentage"
    ? { kind: "percentage", rate: createRateFromBasisPoints(BigInt(basisPoints)) }
    : { kind: "flat_per_order", amount: createMoney(flatMinor, currency) };
}
