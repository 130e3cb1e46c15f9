/** Filters and sorts collections for the `collections` and `product.collections` connections. */
import { z } from "zod";
import type { CollectionView } from "./admin-api-context.ts";
import { sortItems } from "./list-products.ts";
import { matchesSearchQuery, type SearchDefinition } from "./match-search-query.ts";
import type { PageableItem } from "./paginate-connection.ts";

export const collectionSortKeySchema = z.enum(["ID", "RELEVANCE", "TITLE", "UPDATED_AT"]).default("ID");
export type CollectionSortKey = z.infer<typeof collectionSortKeySchema>;
export type CollectionItem = PageableItem & { collection: CollectionView };

export const collectionSearch: SearchDefinition<CollectionView> = {
  fields: {
    id: { kind: "number", read: (collection) => collection.id },
    title: { kind: "text", read: (collection) => collection.title },
    handle: { kind: "text", read: (collection) => collection.handle },
    updated_at: { kind: "date", read: (collection) => collection.updatedAt },
  },
  freeText: (collection) => [collection.title, collection.handle],
};

export function listCollections(
  collections: readonly CollectionView[],
  query: string | null | undefined,
  sortKey: CollectionSortKey,
): CollectionItem[] {
  const sortValue = (collection: CollectionView): string | number =>
    sortKey === "TITLE" ? collection.title.toLowerCase() : sortKey === "UPDATED_AT" ? collection.updatedAt : collection.id;
  return sortItems(
    collections
      .filter((collection) => matchesSearchQuery(query, collection, collectionSearch))
      .map((collection) => ({ id: collection.id, sortValue: sortValue(collection), collection })),
  );
}
