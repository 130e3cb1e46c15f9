import type { Database } from "../db.server";
import type { AdminGraphqlClient } from "../shopify/admin-client.server";
import { fetchShopDetails } from "../shopify/shop-query.server";

/** Records (or refreshes) the installing shop's name, currency and timezone after authentication. */
export async function syncShop(db: Database, shop: string, admin: AdminGraphqlClient) {
  const details = await fetchShopDetails(admin);
  const fields = {
    name: details.name,
    currencyCode: details.currencyCode,
    ianaTimezone: details.ianaTimezone,
    uninstalledAt: null,
  };
  return db.shop.upsert({ where: { shop }, create: { shop, ...fields }, update: fields });
}
