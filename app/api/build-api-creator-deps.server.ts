import type { Database } from "../db.server";
import { buildCreatorServiceDeps } from "../services/creators/build-creator-service-deps.server";
import type { CreatorServiceDeps } from "../services/creators/creator-service-deps.server";
import { createShopAdminClient } from "./shop-admin-client.server";

/** The admin's creator service dependencies, with Shopify reached through the shop's offline session. */
export function buildApiCreatorDeps(db: Database, shop: string): Promise<CreatorServiceDeps> {
  return buildCreatorServiceDeps(db, shop, createShopAdminClient(shop));
}
