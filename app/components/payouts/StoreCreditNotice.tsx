import { Banner, Text } from "@shopify/polaris";

/** The sentence merchants and creators must see wherever store credit is picked as a payout method. */
export const STORE_CREDIT_NOTICE = "Store credit can be spent only by customers signed in with new customer accounts.";

/**
 * Shown where a merchant (Settings › Payouts, a creator's payout method) or a creator (portal) picks store credit.
 * Shopify redeems store credit at checkout only for customers authenticated with new customer accounts; a shop on
 * classic accounts, or a creator who checks out as a guest, cannot spend it. `missingScopes` (from
 * checkPayoutScopes) says when Affable also lacks Shopify's permission to pay it.
 */
export function StoreCreditNotice({ missingScopes = null }: { missingScopes?: string | null }) {
  return (
    <Banner tone={missingScopes ? "warning" : "info"} title="Store credit">
      <Text as="p">{STORE_CREDIT_NOTICE} Creators paid in store credit get Shopify&apos;s email and spend it by logging in at checkout.</Text>
      {missingScopes ? <Text as="p">{missingScopes}</Text> : null}
    </Banner>
  );
}
