/**
 * Products or collections whose title matches what the merchant typed, for picking per-product and per-collection
 * commission rates. Only ids and titles: the rate rows store both so the settings page never needs Shopify to show
 * them again.
 */
import { runAdminQuery, type AdminGraphqlClient } from "./admin-client.server";

export type CatalogKind = "products" | "collections";
export interface CatalogItem {
  id: string;
  title: string;
}

const QUERIES: Record<CatalogKind, string> = {
  products: `#graphql
    query AffableSearchProducts($query: String) {
      products(first: 20, query: $query, sortKey: TITLE) { nodes { id title } }
    }
  `,
  collections: `#graphql
    query AffableSearchCollections($query: String) {
      collections(first: 20, query: $query, sortKey: TITLE) { nodes { id title } }
    }
  `,
};

/**
 * Shopify's search syntax gives meaning to ":", quotes, parentheses and words such as OR; the merchant means plain
 * words, so everything but letters, digits, spaces, "-" and "'" is dropped before searching.
 */
export function toSearchText(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .replace(/\b(AND|OR|NOT)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
}

export async function searchCatalog(admin: AdminGraphqlClient, kind: CatalogKind, text: string): Promise<CatalogItem[]> {
  const query = toSearchText(text);
  const data = await runAdminQuery<Record<CatalogKind, { nodes: CatalogItem[] }>>(admin, `the ${kind} search`, QUERIES[kind], {
    query: query === "" ? null : query,
  });
  return data[kind].nodes.map((node) => ({ id: node.id, title: node.title }));
}
