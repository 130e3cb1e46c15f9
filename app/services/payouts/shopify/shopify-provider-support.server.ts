/**
 * What the store credit and gift card providers share: how they reach Admin GraphQL for a shop (the shop's offline
 * session by default), how a Shopify failure becomes the provider seam's error (a missing scope stops the run with an
 * explanation; no answer is retried later; anything else fails the item), and the run item rows they read.
 */
import type { Database } from "../../../db.server";
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import { ShopifyAdminError, type AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { ProviderRetryableError, ProviderSetupError } from "../providers/payout-provider";
import { checkPayoutScopes } from "./check-payout-scopes.server";

export type OpenShopAdmin = (shop: string) => AdminGraphqlClient | Promise<AdminGraphqlClient>;

/** The shop's offline session (stored at install), opened only when a call is made. */
export const openOfflineAdmin: OpenShopAdmin = async (shop) => (await import("../../../api/shop-admin-client.server")).createShopAdminClient(shop);

/** Stops before anything is sent when a scope is missing: the run waits with the merchant-worded reason. */
export async function assertPayoutScopes(admin: AdminGraphqlClient, method: PayoutRunMethod): Promise<void> {
  const missing = await checkPayoutScopes(admin, [method]);
  if (missing.length > 0) throw new ProviderSetupError(missing.map((entry) => entry.explanation).join(" "));
}

function graphqlErrorCodes(error: ShopifyAdminError): string[] {
  return Array.isArray(error.details)
    ? error.details.flatMap((detail: unknown) => {
        const code = (detail as { extensions?: { code?: unknown } } | null)?.extensions?.code;
        return typeof code === "string" ? [code] : [];
      })
    : [];
}

/**
 * A Shopify failure that is not a userError: ACCESS_DENIED → ProviderSetupError; no answer, a 5xx or throttling
 * that did not clear → ProviderRetryableError (the job asks lookUp before sending again); others are rethrown.
 */
export function toProviderError(error: unknown): unknown {
  if (!(error instanceof ShopifyAdminError)) return error;
  const codes = graphqlErrorCodes(error);
  if (codes.includes("ACCESS_DENIED")) {
    return new ProviderSetupError(`${error.message} Approve Affable's updated permissions in Shopify admin, then run the payout again.`);
  }
  // No GraphQL errors at all means Shopify did not answer (network, 5xx after the client's own retries).
  const noAnswer = !Array.isArray(error.details);
  if (noAnswer || codes.includes("THROTTLED") || codes.includes("INTERNAL_SERVER_ERROR")) {
    return new ProviderRetryableError(error.message);
  }
  return error;
}

export async function loadRunItems(db: Database, shop: string, itemIds: readonly string[]) {
  const rows = await db.payoutRunItem.findMany({
    where: { shop, id: { in: [...itemIds] } },
    select: { id: true, creatorId: true, submittingAt: true, createdAt: true, providerItemId: true, giftCardCodeSealed: true },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

export async function loadCreators(db: Database, shop: string, creatorIds: readonly string[]) {
  const rows = await db.creator.findMany({ where: { shop, id: { in: [...new Set(creatorIds)] } }, select: { id: true, name: true, email: true, shopifyCustomerId: true } });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Days from `now` as an instant (store credit expiresAt) or a date (gift card expiresOn); null = never. */
export function expiryFrom(now: Date, days: number | null | undefined): Date | null {
  return days === null || days === undefined || days <= 0 ? null : new Date(now.getTime() + days * 86_400_000);
}
