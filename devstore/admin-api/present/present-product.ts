/** Shopify's `Product`, `ProductVariant` and `ProductOption`, built from a product record. */
import { z } from "zod";
import { parseGid, toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, FieldArgs, ProductView, VariantView } from "../admin-api-context.ts";
import { compareDecimalStrings, toShopifyDecimal } from "../decimal-strings.ts";
import { collectionSortKeySchema, listCollections } from "../list-collections.ts";
import { sortItems, totalInventory } from "../list-products.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import { presentCollection } from "./present-collection.ts";
import { presentImage } from "./present-image.ts";

const truncateArgsSchema = z.object({ truncateAt: z.number().int().positive().nullish() });
const variantArgsSchema = connectionArgsSchema.extend({ sortKey: z.enum(["ID", "POSITION", "SKU", "TITLE"]).nullish() });
const collectionArgsSchema = connectionArgsSchema.extend({ sortKey: collectionSortKeySchema.nullish(), query: z.string().nullish() });
const firstArgsSchema = z.object({ first: z.number().int().nonnegative().nullish() });
const idArgsSchema = z.object({ id: z.string() });

export function presentProduct(product: ProductView, context: AdminApiContext) {
  const currencyCode = context.state.shop.currencyCode;
  const prices = product.variants.map((variant) => variant.price).sort(compareDecimalStrings);
  const money = (amount: string | undefined) => ({ amount: toShopifyDecimal(amount ?? "0"), currencyCode });
  const onlineStore = product.status === "ACTIVE" && product.publishedAt !== null;

  return {
    __typename: "Product" as const,
    id: toGid("Product", product.id),
    legacyResourceId: product.id,
    title: product.title,
    handle: product.handle,
    description: (args: FieldArgs): string => truncate(stripHtml(product.descriptionHtml), truncateArgsSchema.parse(args).truncateAt),
    descriptionHtml: product.descriptionHtml,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    publishedAt: product.publishedAt,
    onlineStoreUrl: onlineStore ? `${context.state.shop.primaryDomain.url}/products/${product.handle}` : null,
    totalInventory: totalInventory(product),
    tracksInventory: true,
    // Shopify's marker for a product without real options: one option "Title" with the value "Default Title".
    hasOnlyDefaultVariant: product.variants.length === 1 && product.options.length === 1 && product.options[0]?.name === "Title",
    options: (args: FieldArgs) => {
      const first = firstArgsSchema.parse(args).first;
      return product.options.slice(0, first ?? undefined).map((option) => ({
        __typename: "ProductOption" as const,
        id: toGid("ProductOption", option.id),
        name: option.name,
        position: option.position,
        values: option.values,
      }));
    },
    featuredImage: product.images[0] ? presentImage(product.images[0], "ProductImage", context) : null,
    images: (args: FieldArgs) =>
      paginateConnection(
        product.images.map((image, index) => ({ id: image.id, sortValue: index, image })),
        connectionArgsSchema.parse(args),
        (item) => presentImage(item.image, "ProductImage", context),
      ),
    variants: (args: FieldArgs) => {
      const parsed = variantArgsSchema.parse(args);
      const sortValue = (variant: VariantView): string | number =>
        parsed.sortKey === "ID" ? variant.id : parsed.sortKey === "SKU" ? variant.sku : parsed.sortKey === "TITLE" ? variant.title : variant.position;
      const items = sortItems(product.variants.map((variant) => ({ id: variant.id, sortValue: sortValue(variant), variant })));
      return paginateConnection(items, parsed, (item) => presentVariant(item.variant, product, context));
    },
    variantsCount: { count: product.variants.length, precision: "EXACT" as const },
    priceRangeV2: { minVariantPrice: money(prices[0]), maxVariantPrice: money(prices.at(-1)) },
    collections: (args: FieldArgs) => {
      const parsed = collectionArgsSchema.parse(args);
      const containing = context.state.collections.filter((collection) => collection.productIds.includes(product.id));
      const items = listCollections(containing, parsed.query, parsed.sortKey ?? "ID");
      return paginateConnection(items, parsed, (item) => presentCollection(item.collection, context));
    },
    inCollection: (args: FieldArgs): boolean => {
      const gid = parseGid(idArgsSchema.parse(args).id);
      const collection = gid?.type === "Collection" ? context.state.collections.find((candidate) => candidate.id === gid.id) : undefined;
      return collection?.productIds.includes(product.id) ?? false;
    },
  };
}

export function presentVariant(variant: VariantView, product: ProductView, context: AdminApiContext) {
  return {
    __typename: "ProductVariant" as const,
    id: toGid("ProductVariant", variant.id),
    legacyResourceId: variant.id,
    title: variant.title,
    // Shopify's displayName is "Product title - Variant title".
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    barcode: variant.barcode,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice,
    inventoryQuantity: variant.inventoryQuantity,
    availableForSale: product.status === "ACTIVE" && variant.inventoryQuantity > 0,
    position: variant.position,
    taxable: variant.taxable,
    selectedOptions: variant.selectedOptions,
    image: null,
    product: () => presentProduct(product, context),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
}

function truncate(text: string, length: number | null | undefined): string {
  if (!length || text.length <= length) return text;
  return `${text.slice(0, length)}...`;
}
