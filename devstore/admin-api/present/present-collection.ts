/** Shopify's `Collection`: a manual collection whose products keep the merchant's order. */
import { z } from "zod";
import { parseGid, toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, CollectionView, FieldArgs, ProductView } from "../admin-api-context.ts";
import { compareDecimalStrings } from "../decimal-strings.ts";
import { productSearch, sortItems } from "../list-products.ts";
import { matchesSearchQuery } from "../match-search-query.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import { presentImage } from "./present-image.ts";
import { presentProduct } from "./present-product.ts";

const productsArgsSchema = connectionArgsSchema.extend({
  sortKey: z.enum(["BEST_SELLING", "COLLECTION_DEFAULT", "CREATED", "ID", "MANUAL", "PRICE", "RELEVANCE", "TITLE"]).nullish(),
  query: z.string().nullish(),
});
const truncateArgsSchema = z.object({ truncateAt: z.number().int().positive().nullish() });
const idArgsSchema = z.object({ id: z.string() });

export function presentCollection(collection: CollectionView, context: AdminApiContext) {
  const members = (): ProductView[] =>
    collection.productIds.flatMap((id) => context.state.products.find((product) => product.id === id) ?? []);

  return {
    __typename: "Collection" as const,
    id: toGid("Collection", collection.id),
    legacyResourceId: collection.id,
    title: collection.title,
    handle: collection.handle,
    description: (args: FieldArgs): string => {
      const text = collection.descriptionHtml.replace(/<[^>]*>/g, "").trim();
      const length = truncateArgsSchema.parse(args).truncateAt;
      return length && text.length > length ? `${text.slice(0, length)}...` : text;
    },
    descriptionHtml: collection.descriptionHtml,
    sortOrder: collection.sortOrder,
    updatedAt: collection.updatedAt,
    image: collection.image ? presentImage(collection.image, "CollectionImage", context) : null,
    products: (args: FieldArgs) => {
      const parsed = productsArgsSchema.parse(args);
      const sortValue = (product: ProductView, position: number): string | number => {
        switch (parsed.sortKey) {
          case "TITLE":
            return product.title.toLowerCase();
          case "CREATED":
            return product.createdAt;
          case "ID":
            return product.id;
          case "PRICE":
            return lowestPrice(product);
          default:
            // COLLECTION_DEFAULT, MANUAL, BEST_SELLING, RELEVANCE: the merchant's order.
            return position;
        }
      };
      const items = sortItems(
        members()
          .map((product, position) => ({ id: product.id, sortValue: sortValue(product, position), product }))
          .filter((item) => matchesSearchQuery(parsed.query, item.product, productSearch)),
      );
      return paginateConnection(items, parsed, (item) => presentProduct(item.product, context));
    },
    productsCount: { count: members().length, precision: "EXACT" as const },
    hasProduct: (args: FieldArgs): boolean => {
      const gid = parseGid(idArgsSchema.parse(args).id);
      return gid?.type === "Product" && collection.productIds.includes(gid.id);
    },
  };
}

/** Sorts as a zero-padded string so decimal prices order exactly without floats. */
function lowestPrice(product: ProductView): string {
  const lowest = [...product.variants.map((variant) => variant.price)].sort(compareDecimalStrings)[0] ?? "0";
  const [whole = "0", fraction = ""] = lowest.split(".");
  return `${whole.padStart(12, "0")}.${fraction.padEnd(4, "0")}`;
}
