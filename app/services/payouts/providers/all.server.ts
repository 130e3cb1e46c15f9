// Every payout provider registers itself here at import time (one line per provider module; the lead merges).
import { registerPayoutProvider } from "./registry.server";
import { csvFilePayoutProvider, sepaFilePayoutProvider, wiseFilePayoutProvider } from "../bank-files/bank-file-providers.server";

registerPayoutProvider(sepaFilePayoutProvider);
registerPayoutProvider(wiseFilePayoutProvider);
registerPayoutProvider(csvFilePayoutProvider);
