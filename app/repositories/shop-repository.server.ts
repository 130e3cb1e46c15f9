import type { Database } from "../db.server";

export function findShop(db: Database, shop: string) {
  return db.shop.findUnique({ where: { shop } });
}

export function markShopUninstalled(db: Database, shop: string, at: Date) {
  return db.shop.updateMany({ where: { shop }, data: { uninstalledAt: at } });
}
