// Resource route: products or collections matching the merchant's words, for the commission-rate pickers in Settings.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ShopifyAdminError } from "../shopify/admin-client.server";
import { searchCatalog, type CatalogItem } from "../shopify/search-catalog.server";
import { authenticate } from "../shopify.server";

const querySchema = z.object({ kind: z.enum(["products", "collections"]), q: z.string().max(200).default("") });

export type CatalogSearchResult = { ok: true; items: CatalogItem[] } | { ok: false; message: string };

export const loader = async ({ request }: LoaderFunctionArgs): Promise<CatalogSearchResult> => {
  const { admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({ kind: url.searchParams.get("kind"), q: url.searchParams.get("q") ?? undefined });
  if (!parsed.success) {
    throw new Response("Ask for kind=products or kind=collections, with q (at most 200 characters) as the search text.", { status: 400 });
  }
  try {
    return { ok: true, items: await searchCatalog(admin, parsed.data.kind, parsed.data.q) };
  } catch (error) {
    if (error instanceof ShopifyAdminError) return { ok: false, message: `${error.message} Try the search again in a moment.` };
    throw error;
  }
};
