// Resource route: the commissions matching the list's tab and filters as CSV. Formula-safe.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { parseCommissionListQuery } from "../services/orders-commissions/commission-list.server";
import { exportCommissionsCsv } from "../services/orders-commissions/export-commissions.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = new Date();
  const csv = await exportCommissionsCsv(db, session.shop, parseCommissionListQuery(new URL(request.url)), now);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="commissions-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
