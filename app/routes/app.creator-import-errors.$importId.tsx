// Resource route: an import's rows with problems, as CSV (row, reason), for the merchant to fix and re-import.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { importRowErrorsCsv } from "../services/creators/export-creators.server";
import { findCreatorImport, readImportRowErrors } from "../services/creators/import-creators.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await findCreatorImport(db, session.shop, params.importId ?? "");
  if (!found) throw new Response("This import does not exist in your shop. Start a new import.", { status: 404 });
  const baseName = found.fileName.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9_-]+/g, "-") || "import";
  return new Response(importRowErrorsCsv(readImportRowErrors(found.rowErrors)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${baseName}-problems.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
