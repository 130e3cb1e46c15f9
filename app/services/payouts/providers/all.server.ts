/**
 * Every payout provider, registered at import time (one line per provider module). The payout job and the
 * provider webhook routes import this file before looking a provider up in the registry.
 */
import { csvFilePayoutProvider, sepaFilePayoutProvider, wiseFilePayoutProvider } from "../bank-files/bank-file-providers.server";
import { paypalPayoutProvider } from "../paypal/paypal-payout-provider.server";
import { giftCardPayoutProvider } from "../shopify/gift-card-payout-provider.server";
import { storeCreditPayoutProvider } from "../shopify/store-credit-payout-provider.server";
import { manualPayoutProvider } from "./manual-provider.server";
import { registerPayoutProvider } from "./registry.server";

registerPayoutProvider(manualPayoutProvider);
registerPayoutProvider(paypalPayoutProvider);
registerPayoutProvider(storeCreditPayoutProvider);
registerPayoutProvider(giftCardPayoutProvider);
registerPayoutProvider(sepaFilePayoutProvider);
registerPayoutProvider(wiseFilePayoutProvider);
registerPayoutProvider(csvFilePayoutProvider);
