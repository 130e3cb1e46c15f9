/**
 * Everything the commission engine needs about the program and the creator for one order: the program's rules of
 * the settings version given (recorded in the derivation), the creator's override, and, when the default is
 * tiered, the creator's attributed revenue in the tier period before this order.
 *
 * Tier revenue only depends on the orders' own times (the orders placed strictly before this one in its period),
 * never on the order Affable processes them in. To keep it so, every accrual or edit takes the creator's tier lock
 * first (lockCreatorTierRevenue), and an order that arrives after later ones re-tiers them (retier-later-orders).
 */
import type { CommissionCreatorTerms, CommissionProgram } from "../../domain/commission";
import { computeTierPeriodStart } from "../../domain/commission/compute-tier-period";
import { createMoney } from "../../domain/money";
import { buildCommissionProgram, buildCreatorOverride } from "../../domain/program/build-commission-program";
import { readProgramRules } from "../../domain/program/program-rules";
import type { Prisma } from "../../generated/prisma/client";
import { sumAttributedRevenue } from "../../repositories/attributed-revenue-repository.server";
import { lockCreatorTierRevenue } from "../../repositories/commission-repository.server";
import type { PricingSettings } from "../../repositories/program-settings-version-repository.server";

type Tx = Prisma.TransactionClient;

export function buildProgramFromSettings(settings: PricingSettings): CommissionProgram {
  return buildCommissionProgram({ ...settings, ...readProgramRules(settings) });
}

export async function loadCommissionTerms(
  tx: Tx,
  settings: PricingSettings,
  creator: Parameters<typeof buildCreatorOverride>[0],
  order: { shopifyOrderId: string; createdAt: Date },
): Promise<{ program: CommissionProgram; creator: CommissionCreatorTerms }> {
  const program = buildProgramFromSettings(settings);
  const override = buildCreatorOverride(creator, settings.currency);
  await lockCreatorTierRevenue(tx, settings.shop, creator.id);
  let revenueMinor = 0n;
  // Only a tiered rule looks at revenue; an override replaces the default, tiers included.
  if (override === null && program.defaultRule.kind === "tiered") {
    revenueMinor = await sumTierRevenueBefore(tx, settings, creator.id, order);
  }
  return { program, creator: { creatorId: creator.id, override, attributedRevenueBeforeOrder: createMoney(revenueMinor, settings.currency) } };
}

/** Where the tier period of an order placed at `placedAt` starts under `settings` (null: lifetime). */
export async function loadTierPeriodStart(tx: Tx, settings: PricingSettings, placedAt: Date): Promise<Date | null> {
  const shop = await tx.shop.findUnique({ where: { shop: settings.shop }, select: { ianaTimezone: true } });
  if (!shop) throw new Error(`Affable has no record of ${settings.shop}; it cannot tell the shop's timezone for the tier period.`);
  return computeTierPeriodStart(settings.tierPeriod, placedAt, shop.ianaTimezone);
}

/** The creator's tier revenue before the order: Σ base of their orders placed strictly before it in its period. */
export async function sumTierRevenueBefore(
  tx: Tx,
  settings: PricingSettings,
  creatorId: string,
  order: { shopifyOrderId: string; createdAt: Date },
): Promise<bigint> {
  return sumAttributedRevenue(tx, {
    shop: settings.shop,
    creatorId,
    currency: settings.currency,
    from: await loadTierPeriodStart(tx, settings, order.createdAt),
    before: order.createdAt,
    excludeShopifyOrderId: order.shopifyOrderId,
  });
}
