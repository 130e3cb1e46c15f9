/**
 * Payout providers by method. h2 owns this file; this branch carries the contract's two functions only so its
 * providers can register (the lead keeps h2's version at merge).
 */
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import type { PayoutProvider } from "./payout-provider";

const providers = new Map<PayoutRunMethod, PayoutProvider>();

export function registerPayoutProvider(provider: PayoutProvider): void {
  providers.set(provider.method, provider);
}

export function findPayoutProvider(method: PayoutRunMethod): PayoutProvider | null {
  return providers.get(method) ?? null;
}
