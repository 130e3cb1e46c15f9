import type { Database } from "../../db.server";
import { findShop } from "../../repositories/shop-repository.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { fetchShopDetails } from "../../shopify/shop-query.server";

/**
 * Records (or refreshes) the installing shop's name, currency and timezone from Admin GraphQL, whenever Shopify
 * authorises the app (the library's afterAuth: install, reinstall, a new offline session). `installedAt` becomes now:
 * the app is installed at this moment, so an app/uninstalled triggered before it is stale and must not be applied
 * (app/webhooks/handlers/app-uninstalled.ts).
 */
export async function syncShop(db: Database, shop: string, admin: AdminGraphqlClient, now = new Date()) {
  const details = await fetchShopDetails(admin);
  const fields = {
    name: details.name,
    currencyCode: details.currencyCode,
    ianaTimezone: details.ianaTimezone,
    primaryDomainHost: details.primaryDomain?.host ?? null,
    installedAt: now,
    uninstalledAt: null,
  };
  return db.shop.upsert({ where: { shop }, create: { shop, ...fields }, update: fields });
}

/**
 * The shop's record, synced on first sight. Remix runs a page's loaders in parallel, so on the very first load a
 * child loader can run before the layout's afterAuth hook has written the shop; the upsert makes both safe.
 */
export async function loadShop(db: Database, shop: string, admin: AdminGraphqlClient) {
  return (await findShop(db, shop)) ?? syncShop(db, shop, admin);
}
