import type { AdminGraphqlClient } from "../shopify/admin-client.server";
import { unauthenticated } from "../shopify.server";

/**
 * Admin GraphQL for an API request, which has no Shopify session of its own: the shop's offline session
 * (stored at install), looked up only when a call actually needs Shopify (creating a discount code), so reads and
 * plain writes work even while that session is being refreshed.
 */
export function createShopAdminClient(shop: string): AdminGraphqlClient {
  let admin: Promise<AdminGraphqlClient> | null = null;
  return {
    async graphql(query, options) {
      admin ??= openAdmin(shop);
      return (await admin).graphql(query, options);
    },
  };
}

type OpenAdmin = (shop: string) => Promise<AdminGraphqlClient>;
const openWithOfflineSession: OpenAdmin = async (shop) => (await unauthenticated.admin(shop)).admin;
let openAdmin: OpenAdmin = openWithOfflineSession;

/**
 * Tests only: reach the local Shopify through the harness's client instead of a stored offline session (the
 * GraphQL calls, the devstore and its answers are the real ones). Pass null to restore.
 */
export function replaceShopAdminOpener(opener: OpenAdmin | null): void {
  openAdmin = opener ?? openWithOfflineSession;
}
