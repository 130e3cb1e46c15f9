// Resource route: one customer data request's report as a JSON download, for the merchant to send to the customer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { buildDataRequestDownload } from "../services/compliance/build-data-request-download.server";
import { authenticate } from "../shopify.server";

const paramsSchema = z.object({ requestId: z.string().min(1).max(64) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("That is not a data request id; open Privacy and pick a request.", { status: 400 });
  const download = await buildDataRequestDownload(db, session.shop, parsed.data.requestId);
  if (!download) throw new Response("No such data request in this shop; open Privacy and pick a request from the list.", { status: 404 });
  return new Response(download.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${download.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
};
