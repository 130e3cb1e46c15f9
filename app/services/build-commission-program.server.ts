/**
 * Everything the commission engine needs about the program and the creator for one order: the program's rules as
 * they are now (settings version recorded in the derivation), the creator's override, and, when the default is
 * tiered, the creator's attributed revenue in the tier period before this order.
 */
import type { CommissionCreatorTerms, CommissionProgram } from "../domain/commission";
import { computeTierPeriodStart } from "../domain/commission/compute-tier-period";
import { createMoney } from "../domain/money";
import { buildCommissionProgram, buildCreatorOverride } from "../domain/program/build-commission-program";
import { readProgramSettings } from "../domain/program/read-program-settings";
import type { Prisma, ProgramSettings } from "../generated/prisma/client";
import { sumAttributedRevenue } from "../repositories/attributed-revenue-repository.server";

type Tx = Prisma.TransactionClient;

export async function loadCommissionTerms(
  tx: Tx,
  settings: ProgramSettings,
  creator: Parameters<typeof buildCreatorOverride>[0],
  order: { shopifyOrderId: string; createdAt: Date },
): Promise<{ program: CommissionProgram; creator: CommissionCreatorTerms }> {
  const program = buildCommissionProgram({ ...readProgramSettings(settings), shop: settings.shop, currency: settings.currency, version: settings.version });
  const override = buildCreatorOverride(creator, settings.currency);
  let revenueMinor = 0n;
  // Only a tiered rule looks at revenue; an override replaces the default, tiers included.
  if (override === null && program.defaultRule.kind === "tiered") {
    const shop = await tx.shop.findUnique({ where: { shop: settings.shop }, select: { ianaTimezone: true } });
    if (!shop) throw new Error(`Affable has no record of ${settings.shop}; it cannot tell the shop's timezone for the tier period.`);
    revenueMinor = await sumAttributedRevenue(tx, {
      shop: settings.shop,
      creatorId: creator.id,
      currency: settings.currency,
      from: computeTierPeriodStart(settings.tierPeriod, order.createdAt, shop.ianaTimezone),
      before: order.createdAt,
      excludeShopifyOrderId: order.shopifyOrderId,
    });
  }
  return { program, creator: { creatorId: creator.id, override, attributedRevenueBeforeOrder: createMoney(revenueMinor, settings.currency) } };
}
