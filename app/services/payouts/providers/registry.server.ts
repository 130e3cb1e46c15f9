/**
 * Placeholder for h2's provider registry (the cross-helper contract in Part 7), so h5's providers can register in
 * this branch: registerPayoutProvider(provider) / findPayoutProvider(method). Replaced at merge by h2's file.
 */
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import type { PayoutProvider } from "./payout-provider";

const providers = new Map<PayoutRunMethod, PayoutProvider>();

export function registerPayoutProvider(provider: PayoutProvider): void {
  providers.set(provider.method, provider);
}

export function findPayoutProvider(method: PayoutRunMethod): PayoutProvider | undefined {
  return providers.get(method);
}
