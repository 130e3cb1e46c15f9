import type { Database } from "../db.server";

/**
 * The shop's IANA time zone (from Shopify's shop.ianaTimezone, stored at install), in which every date on its pages
 * is shown. A shop Affable has not synced yet reads as UTC, which the page's dates then say ("UTC").
 */
export async function readShopTimeZone(db: Database, shop: string): Promise<string> {
  const row = await db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } });
  return row?.ianaTimezone || "UTC";
}
