/**
 * Which PayoutProvider pays which method. Providers register themselves when their module is imported;
 * app/services/payouts/providers/all.server.ts imports every provider module, and the payout job imports that file,
 * so the registry is complete before the job looks anything up.
 */
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import type { PayoutProvider } from "./payout-provider";

const providers = new Map<PayoutRunMethod, PayoutProvider>();

/** Registers the provider for its method. Registering the same object again is harmless; a second one is a mistake. */
export function registerPayoutProvider(provider: PayoutProvider): void {
  const existing = providers.get(provider.method);
  if (existing !== undefined && existing !== provider) {
    throw new Error(`Two payout providers were registered for the method "${provider.method}"; keep one line per method in app/services/payouts/providers/all.server.ts.`);
  }
  providers.set(provider.method, provider);
}

/** The provider that pays `method`, or null when none is registered (the run then waits with a setup message). */
export function findPayoutProvider(method: PayoutRunMethod): PayoutProvider | null {
  return providers.get(method) ?? null;
}
