import { describe, expect, it } from "vitest";
import "./all.server";
import { manualPayoutProvider } from "./manual-provider.server";
import type { PayoutProvider } from "./payout-provider";
import { findPayoutProvider, registerPayoutProvider } from "./registry.server";

describe("the payout provider registry", () => {
  it("has the manual provider once all.server.ts is imported", () => {
    expect(findPayoutProvider("manual")).toBe(manualPayoutProvider);
  });

  it("accepts the same provider twice (a module imported again) but refuses a second provider for one method", () => {
    registerPayoutProvider(manualPayoutProvider);
    const impostor: PayoutProvider = { ...manualPayoutProvider };
    expect(() => registerPayoutProvider(impostor)).toThrow(/Two payout providers were registered for the method "manual"/);
    expect(findPayoutProvider("manual")).toBe(manualPayoutProvider);
  });
});
