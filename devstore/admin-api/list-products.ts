/** Filters (Shopify search syntax) and sorts products for the `products` and `collection.products` connections. */
import { z } from "zod";
import type { ProductView } from "./admin-api-context.ts";
import { matchesSearchQuery, type SearchDefinition } from "./match-search-query.ts";
import type { PageableItem } from "./paginate-connection.ts";

export const productSortKeySchema = z
  .enum(["CREATED_AT", "ID", "INVENTORY_TOTAL", "PRODUCT_TYPE", "PUBLISHED_AT", "RELEVANCE", "TITLE", "UPDATED_AT", "VENDOR"])
  .default("ID");

export type ProductSortKey = z.infer<typeof productSortKeySchema>;
export type ProductItem = PageableItem & { product: ProductView };

export const productSearch: SearchDefinition<ProductView> = {
  fields: {
    id: { kind: "number", read: (product) => product.id },
    title: { kind: "text", read: (product) => product.title },
    handle: { kind: "text", read: (product) => product.handle },
    status: { kind: "text", read: (product) => product.status },
    tag: { kind: "text", read: (product) => product.tags },
    vendor: { kind: "text", read: (product) => product.vendor },
    product_type: { kind: "text", read: (product) => product.productType },
    sku: { kind: "text", read: (product) => product.variants.map((variant) => variant.sku) },
    barcode: { kind: "text", read: (product) => product.variants.flatMap((variant) => (variant.barcode ? [variant.barcode] : [])) },
    inventory_total: { kind: "number", read: (product) => totalInventory(product) },
    created_at: { kind: "date", read: (product) => product.createdAt },
    updated_at: { kind: "date", read: (product) => product.updatedAt },
    published_at: { kind: "date", read: (product) => product.publishedAt },
  },
  freeText: (product) => [product.title, product.handle, product.vendor, product.productType, ...product.tags, ...product.variants.map((variant) => variant.sku)],
};

export function listProducts(products: readonly ProductView[], query: string | null | undefined, sortKey: ProductSortKey): ProductItem[] {
  const sortValue = (product: ProductView): string | number => {
    switch (sortKey) {
      case "TITLE":
        return product.title.toLowerCase();
      case "CREATED_AT":
        return product.createdAt;
      case "UPDATED_AT":
        return product.updatedAt;
      case "PUBLISHED_AT":
        return product.publishedAt ?? "";
      case "PRODUCT_TYPE":
        return product.productType.toLowerCase();
      case "VENDOR":
        return product.vendor.toLowerCase();
      case "INVENTORY_TOTAL":
        return totalInventory(product);
      case "ID":
      case "RELEVANCE":
        return product.id;
    }
  };
  return sortItems(
    products.filter((product) => matchesSearchQuery(query, product, productSearch)).map((product) => ({ id: product.id, sortValue: sortValue(product), product })),
  );
}

export function totalInventory(product: ProductView): number {
  return product.variants.reduce((sum, variant) => sum + variant.inventoryQuantity, 0);
}

/** Ascending by sort value, then by id, so equal values page stably. */
export function sortItems<Item extends PageableItem>(items: Item[]): Item[] {
  return items.sort((left, right) => {
    if (left.sortValue < right.sortValue) return -1;
    if (left.sortValue > right.sortValue) return 1;
    return left.id - right.id;
  });
}
