/** Every payout provider, registered at import time (one line each; the lead merges h3/h4/h5's lines). */
import { paypalPayoutProvider } from "../paypal/paypal-payout-provider.server";
import { registerPayoutProvider } from "./registry.server";

registerPayoutProvider(paypalPayoutProvider);
