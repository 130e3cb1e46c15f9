/**
 * Records the staff member behind an authenticated admin request (see record-staff-visit.server.ts). Called by the
 * app layout loader for every admin page, and by the pages whose answer depends on the viewer's role (Settings ›
 * Staff, Settings › Payouts): Remix runs a page's loader alongside the layout's, so those must not rely on the
 * layout having recorded a first-time visitor already. Cheap when the member is known (one read).
 */
import type { Database } from "../../db.server";
import { env } from "../../env.server";
import type { StaffMember } from "../../generated/prisma/client";
import { readSessionTokenText, readShopifyStaffIdentity } from "../../shopify/read-account-owner.server";
import { readStaffUserId } from "../../shopify/read-staff-actor.server";
import { recordStaffVisit } from "./record-staff-visit.server";

export async function recordStaffFromRequest(db: Database, request: Request, context: { session: { shop: string } }): Promise<StaffMember | null> {
  const userId = readStaffUserId(context);
  if (userId === null) return null;
  const shop = context.session.shop;
  const sessionToken = readSessionTokenText(request);
  const config = env();
  return recordStaffVisit(db, shop, userId, new Date(), {
    ...(sessionToken === null ? {} : { identify: () => readShopifyStaffIdentity(shop, sessionToken, { apiKey: config.SHOPIFY_API_KEY, apiSecret: config.SHOPIFY_API_SECRET }) }),
    onLookupError: (error) => console.warn(`Could not ask Shopify who the account owner is (first-seen rule used): ${error instanceof Error ? error.message : String(error)}`),
  });
}
