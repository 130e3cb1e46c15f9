// Resource route: the year's tax report as CSV for the accountant (csv-stringify; formula-safe).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { toLocalDay } from "../domain/reporting/to-local-day";
import { exportTaxReportCsv, readTaxReportYear } from "../services/tax-report";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const timeZone = await readShopTimeZone(db, session.shop);
  const year = readTaxReportYear(new URL(request.url), Number(toLocalDay(new Date(), timeZone).slice(0, 4)));
  if (year instanceof Response) return year;
  const csv = await exportTaxReportCsv(db, session.shop, year);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tax-report-${year}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
