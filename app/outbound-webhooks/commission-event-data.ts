import type { Commission, Payout } from "../generated/prisma/client";

/**
 * The data of commission.* events, shaped like GET /commissions rows (amounts in minor units as JSON integers;
 * real amounts are far below 2^53).
 */
export function buildCommissionEventData(commission: Pick<Commission, "id" | "shopifyOrderId" | "creatorId" | "status" | "currency" | "netMinor" | "paidMinor" | "orderCreatedAt">) {
  return {
    commissionId: commission.id,
    orderId: commission.shopifyOrderId,
    creatorId: commission.creatorId,
    status: commission.status,
    currency: commission.currency,
    netMinor: Number(commission.netMinor),
    paidMinor: Number(commission.paidMinor),
    orderCreatedAt: commission.orderCreatedAt.toISOString(),
  };
}

/** The data of payout.created, shaped like GET /payouts rows. */
export function buildPayoutEventData(payout: Pick<Payout, "id" | "creatorId" | "currency" | "amountMinor" | "commissionCount" | "method" | "reference" | "createdAt">) {
  return {
    payoutId: payout.id,
    creatorId: payout.creatorId,
    currency: payout.currency,
    amountMinor: Number(payout.amountMinor),
    commissionCount: payout.commissionCount,
    method: payout.method,
    reference: payout.reference,
    createdAt: payout.createdAt.toISOString(),
  };
}
