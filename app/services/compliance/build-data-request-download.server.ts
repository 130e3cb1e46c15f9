import type { Database } from "../../db.server";

/** One data request as the JSON file the merchant sends on; null when the id is not this shop's. */
export async function buildDataRequestDownload(db: Database, shop: string, requestId: string): Promise<{ fileName: string; body: string } | null> {
  const dataRequest = await db.dataRequest.findFirst({ where: { shop, id: requestId } });
  if (!dataRequest) return null;
  const body = JSON.stringify(
    { id: dataRequest.id, shopifyDataRequestId: dataRequest.requestId, createdAt: dataRequest.createdAt.toISOString(), report: dataRequest.report },
    null,
    2,
  );
  return { fileName: `data-request-${dataRequest.id}.json`, body };
}
