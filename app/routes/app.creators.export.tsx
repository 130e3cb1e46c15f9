// Resource route: the creators as CSV (all, the list's filter, or the selected ids). Formula-safe.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { exportCreatorsCsv } from "../services/creators/export-creators.server";
import { parseCreatorListQuery } from "../services/creators/creator-list-query.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop, admin);
  const query = parseCreatorListQuery(new URL(request.url));
  const csv = await exportCreatorsCsv(db, session.shop, query, shop.currencyCode);
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="creators-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
