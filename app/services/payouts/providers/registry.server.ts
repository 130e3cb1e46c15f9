/**
 * PLACEHOLDER in branch wave2/h3-paypal (the lead keeps h2's file at merge): the contract from AREAS.md, so the
 * PayPal provider can register itself. A plain map by method.
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
