/** Every payout provider, registered at import time (one line each; the lead merges the helpers' lines). */
import { giftCardPayoutProvider } from "../shopify/gift-card-payout-provider.server";
import { storeCreditPayoutProvider } from "../shopify/store-credit-payout-provider.server";
import { registerPayoutProvider } from "./registry.server";

registerPayoutProvider(storeCreditPayoutProvider);
registerPayoutProvider(giftCardPayoutProvider);
