import type { PayoutRunItem } from "../generated/prisma/client";

/** The data of payout.paid / payout.failed (amounts in minor units as JSON integers, like payout.created). */
export function buildPayoutItemEventData(
  item: Pick<PayoutRunItem, "id" | "runId" | "payoutId" | "creatorId" | "currency" | "amountMinor" | "method" | "providerItemId" | "providerStatus" | "failureReason" | "finishedAt">,
) {
  return {
    payoutId: item.payoutId,
    itemId: item.id,
    runId: item.runId,
    creatorId: item.creatorId,
    currency: item.currency,
    amountMinor: Number(item.amountMinor),
    method: item.method,
    providerItemId: item.providerItemId,
    providerStatus: item.providerStatus,
    failureReason: item.failureReason,
    finishedAt: item.finishedAt?.toISOString() ?? null,
  };
}
