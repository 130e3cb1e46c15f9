/**
 * A creator's order placed earlier in a tier period can be recorded after later ones (Shopify delivers webhooks
 * late, twice and out of order; the inbox processes them in parallel). The later orders were then priced with too
 * little tier revenue. Right after such an order accrues, and under the creator's tier lock taken by its
 * evaluation, each later commission of that period that was priced by the program's tiers is checked again
 * (decideRetier) and, when its tier changes, re-priced with the rules of the settings version it accrued under.
 * The ledger appends the difference as a tier_adjustment row; nothing recorded is edited.
 */
import { countsTowardTier, decideRetier, evaluateCommission, type CommissionDerivation, type CommissionOrder } from "../../domain/commission";
import type { CommissionLedgerState, OrderRetieredEvent } from "../../domain/ledger";
import { createMoney, formatMoney } from "../../domain/money";
import type { Prisma, ProgramSettings } from "../../generated/prisma/client";
import { lockCommissionsPlacedAfter } from "../../repositories/commission-repository.server";
import { findCommissionSettingsVersion, type PricingSettings } from "../../repositories/program-settings-version-repository.server";
import { fromLedgerJson } from "../../db/ledger-json";
import { buildProgramFromSettings, loadTierPeriodStart, sumTierRevenueBefore } from "./build-commission-program.server";
import { applyLedgerEvents, type LedgerWriteSource } from "./commission-ledger.server";

type Tx = Prisma.TransactionClient;

/** Re-tiers the creator's later orders after `arrived` accrued; returns a note per commission that changed. */
export async function retierLaterOrders(
  tx: Tx,
  source: LedgerWriteSource,
  arrived: { creatorId: string; shopifyOrderId: string; label: string; placedAt: Date },
  currentSettings: ProgramSettings,
  now: Date,
): Promise<string[]> {
  const notes: string[] = [];
  for (const commission of await lockCommissionsPlacedAfter(tx, source.shop, arrived.creatorId, arrived.placedAt)) {
    // Commissions accrued before re-tiering existed do not keep the order they were priced on; they stay as they are.
    if (commission.pricedOrder === null) continue;
    const state = fromLedgerJson<CommissionLedgerState>(commission.ledgerState);
    const derivation = state.basis as unknown as Pick<CommissionDerivation, "tier" | "adjustments">;
    if (derivation.tier === undefined || derivation.adjustments === undefined) continue;
    const settings: PricingSettings = (await findCommissionSettingsVersion(tx, commission)) ?? currentSettings;
    const program = buildProgramFromSettings(settings);
    if (program.defaultRule.kind !== "tiered") continue;
    const recorded = {
      orderId: commission.shopifyOrderId,
      placedAt: commission.orderCreatedAt,
      periodStart: await loadTierPeriodStart(tx, settings, commission.orderCreatedAt),
      derivation,
    };
    if (!countsTowardTier(recorded, arrived.placedAt)) continue;
    const revenue = createMoney(await sumTierRevenueBefore(tx, settings, arrived.creatorId, { shopifyOrderId: commission.shopifyOrderId, createdAt: commission.orderCreatedAt }), settings.currency);
    const decision = decideRetier(recorded, program.defaultRule.tiers, revenue, arrived.label);
    if (!decision.retier) continue;
    const repriced = evaluateCommission({
      order: fromLedgerJson<CommissionOrder>(commission.pricedOrder),
      program,
      // Priced by the program's tiers, so no override applied when it accrued; the tier is all that changes.
      creator: { creatorId: arrived.creatorId, override: null, attributedRevenueBeforeOrder: revenue },
    });
    const event: OrderRetieredEvent = { type: "order_retiered", eventId: `retier:${arrived.shopifyOrderId}`, commission: repriced, reason: decision.reason };
    const appended = await applyLedgerEvents(tx, source, commission, [event], now, true);
    if (appended.length > 0) {
      notes.push(`Re-tiered order ${commission.shopifyOrderId}: ${appended.map((entry) => `${entry.kind} ${formatMoney(entry.amount)} (${entry.statusAfter})`).join(", ")}.`);
    }
  }
  return notes;
}
