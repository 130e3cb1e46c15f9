import { evaluateCommission, type CommissionDerivation, type CommissionOrder } from "../../domain/commission";
import type { Prisma } from "../../generated/prisma/client";
import type { PricingSettings } from "../../repositories/program-settings-version-repository.server";
import { loadCommissionTerms } from "./build-commission-program.server";
import { NotRetryableError } from "../not-retryable-error";

type Tx = Prisma.TransactionClient;

/**
 * The commission of one creator on one order, under the program as it stands. The program's amounts (flat rate,
 * tier thresholds, cap) are in ProgramSettings.currency; if the shop's currency has changed since, those amounts
 * cannot apply to the order, and retrying would not help: it fails at once with what to do.
 */
export async function evaluateOrderCommission(
  tx: Tx,
  settings: PricingSettings,
  creator: Parameters<typeof loadCommissionTerms>[2],
  order: { shopifyOrderId: string; createdAt: Date; label: string; commission: CommissionOrder },
): Promise<CommissionDerivation> {
  const terms = await loadCommissionTerms(tx, settings, creator, order);
  try {
    return evaluateCommission({ order: order.commission, ...terms });
  } catch (error) {
    if (error instanceof RangeError && settings.currency !== order.commission.shopCurrency) {
      throw new NotRetryableError(
        `Order ${order.label} is in ${order.commission.shopCurrency}, but the program's amounts are in ${settings.currency} ` +
          `(did the shop change its currency?). Open Settings, enter the flat rate, tier thresholds and cap in ` +
          `${order.commission.shopCurrency} and save; then replay the webhook from Sync health, or send the conversion again. (${error.message})`,
      );
    }
    throw error;
  }
}
