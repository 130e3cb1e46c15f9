/**
 * Resolvers of `QueryRoot`, the Admin API's entry points. Each checks the access scope its type needs (Shopify
 * checks per field), then hands a presented object to graphql-js, whose default resolvers read the rest.
 */
import type { GraphQLResolveInfo } from "./graphql-runtime.ts";
import { z } from "zod";
import { parseGid } from "../state/shopify-gid.ts";
import type { AdminApiContext, FieldArgs } from "./admin-api-context.ts";
import { collectionSortKeySchema, listCollections } from "./list-collections.ts";
import { discountQueryResolvers } from "./discounts/discount-resolvers.ts";
import { customerSortKeySchema, listCustomers } from "./list-customers.ts";
import { presentCodeDiscountNode } from "./present/present-code-discount.ts";
import { listProducts, productSortKeySchema } from "./list-products.ts";
import { connectionArgsSchema, paginateConnection } from "./paginate-connection.ts";
import { presentCollection } from "./present/present-collection.ts";
import { presentCustomer } from "./present/present-customer.ts";
import { presentOrder } from "./present/present-order.ts";
import { listOrders, orderSortKeySchema } from "./orders/list-orders.ts";
import { presentProduct, presentVariant } from "./present/present-product.ts";
import { presentAppInstallation, presentShop } from "./present/present-shop.ts";
import { presentMainTheme } from "./present/present-theme.ts";
import { SCOPE_BY_NODE_KIND, requireScope } from "./require-scope.ts";
import { giftCardQueryResolvers } from "./gift-cards/gift-card-resolvers.ts";
import { storeCreditQueryResolvers } from "./store-credit/store-credit-resolvers.ts";

export type RootResolver = (source: unknown, args: FieldArgs, context: AdminApiContext, info: GraphQLResolveInfo) => unknown;

const idArgs = z.object({ id: z.string() });
const themesArgs = z.object({ roles: z.array(z.string()).nullish(), names: z.array(z.string()).nullish() });
const idsArgs = z.object({ ids: z.array(z.string()) });
const identifierArgs = z.object({ identifier: z.object({ id: z.string().nullish(), handle: z.string().nullish() }) });
const handleArgs = z.object({ handle: z.string() });
const countArgs = z.object({ query: z.string().nullish(), limit: z.number().int().nullish() });
const productsArgs = connectionArgsSchema.extend({ sortKey: productSortKeySchema, query: z.string().nullish() });
const collectionsArgs = connectionArgsSchema.extend({ sortKey: collectionSortKeySchema, query: z.string().nullish() });
const customersArgs = connectionArgsSchema.extend({ sortKey: customerSortKeySchema, query: z.string().nullish() });
const ordersArgs = connectionArgsSchema.extend({ sortKey: orderSortKeySchema, query: z.string().nullish() });

export const queryRootResolvers: Record<string, RootResolver> = {
  shop: (_source, _args, context) => presentShop(context),
  currentAppInstallation: (_source, _args, context) => presentAppInstallation(context),
  themes: (_source, args, context, info) => {
    requireScope(context, "read_themes", info.fieldName);
    const { roles, names } = themesArgs.parse(args);
    const theme = presentMainTheme(context);
    const matches = (!roles || roles.includes(theme.role)) && (!names || names.includes(theme.name));
    return { nodes: matches ? [theme] : [] };
  },

  node: (_source, args, context, info) => findNode(idArgs.parse(args).id, context, info.fieldName),
  nodes: (_source, args, context, info) =>
    idsArgs.parse(args).ids.map((id) => {
      try {
        return findNode(id, context, info.fieldName);
      } catch (error) {
        // graphql-js turns an Error in a list into an error at that index and a null item, as Shopify answers.
        return error instanceof Error ? error : new Error(String(error));
      }
    }),

  product: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    return findProduct(context, { id: idArgs.parse(args).id });
  },
  productByIdentifier: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    return findProduct(context, identifierArgs.parse(args).identifier);
  },
  productByHandle: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    return findProduct(context, { handle: handleArgs.parse(args).handle });
  },
  products: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    const parsed = productsArgs.parse(args);
    const items = listProducts(context.state.products, parsed.query, parsed.sortKey);
    return paginateConnection(items, parsed, (item) => presentProduct(item.product, context));
  },
  productsCount: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    const parsed = countArgs.parse(args);
    return limitedCount(listProducts(context.state.products, parsed.query, "ID").length, parsed.limit);
  },
  productVariant: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    const gid = parseGid(idArgs.parse(args).id);
    if (gid?.type !== "ProductVariant") return null;
    for (const product of context.state.products) {
      const variant = product.variants.find((candidate) => candidate.id === gid.id);
      if (variant) return presentVariant(variant, product, context);
    }
    return null;
  },

  collection: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    return findCollection(context, { id: idArgs.parse(args).id });
  },
  collectionByIdentifier: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    return findCollection(context, identifierArgs.parse(args).identifier);
  },
  collections: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    const parsed = collectionsArgs.parse(args);
    const items = listCollections(context.state.collections, parsed.query, parsed.sortKey);
    return paginateConnection(items, parsed, (item) => presentCollection(item.collection, context));
  },
  collectionsCount: (_source, args, context, info) => {
    requireScope(context, "read_products", info.fieldName);
    const parsed = countArgs.parse(args);
    return limitedCount(listCollections(context.state.collections, parsed.query, "ID").length, parsed.limit);
  },

  customer: (_source, args, context, info) => {
    requireScope(context, "read_customers", info.fieldName);
    const gid = parseGid(idArgs.parse(args).id);
    const customer = gid?.type === "Customer" ? context.state.customers.find((candidate) => candidate.id === gid.id) : undefined;
    return customer ? presentCustomer(customer, context) : null;
  },
  customers: (_source, args, context, info) => {
    requireScope(context, "read_customers", info.fieldName);
    const parsed = customersArgs.parse(args);
    const items = listCustomers(context.state.customers, parsed.query, parsed.sortKey);
    return paginateConnection(items, parsed, (item) => presentCustomer(item.customer, context));
  },
  customersCount: (_source, args, context, info) => {
    requireScope(context, "read_customers", info.fieldName);
    const parsed = countArgs.parse(args);
    return limitedCount(listCustomers(context.state.customers, parsed.query, "ID").length, parsed.limit);
  },

  order: (_source, args, context, info) => {
    requireScope(context, "read_orders", info.fieldName);
    return findOrder(context, idArgs.parse(args).id);
  },
  orders: (_source, args, context, info) => {
    requireScope(context, "read_orders", info.fieldName);
    const parsed = ordersArgs.parse(args);
    const items = listOrders(context.state, context.state.orders, parsed.query, parsed.sortKey);
    return paginateConnection(items, parsed, (item) => presentOrder(item.order, context));
  },
  ordersCount: (_source, args, context, info) => {
    requireScope(context, "read_orders", info.fieldName);
    const parsed = countArgs.parse(args);
    return limitedCount(listOrders(context.state, context.state.orders, parsed.query, "ID").length, parsed.limit);
  },

  ...discountQueryResolvers,
  ...storeCreditQueryResolvers,
  ...giftCardQueryResolvers,
};

function findOrder(context: AdminApiContext, id: string) {
  const gid = parseGid(id);
  const order = gid?.type === "Order" ? context.state.orders.find((candidate) => candidate.id === gid.id) : undefined;
  return order ? presentOrder(order, context) : null;
}

function findProduct(context: AdminApiContext, identifier: { id?: string | null; handle?: string | null }) {
  const gid = identifier.id ? parseGid(identifier.id) : null;
  const product = context.state.products.find((candidate) =>
    gid ? gid.type === "Product" && candidate.id === gid.id : candidate.handle === identifier.handle,
  );
  return product ? presentProduct(product, context) : null;
}

function findCollection(context: AdminApiContext, identifier: { id?: string | null; handle?: string | null }) {
  const gid = identifier.id ? parseGid(identifier.id) : null;
  const collection = context.state.collections.find((candidate) =>
    gid ? gid.type === "Collection" && candidate.id === gid.id : candidate.handle === identifier.handle,
  );
  return collection ? presentCollection(collection, context) : null;
}

/** `node(id)`: any type by GID; unknown or malformed ids resolve to null, as on Shopify. */
function findNode(id: string, context: AdminApiContext, fieldName: string): unknown {
  const gid = parseGid(id);
  if (!gid) return null;
  const kind = gid.type;
  if (kind === "Product" || kind === "ProductVariant" || kind === "Collection" || kind === "Customer") {
    requireScope(context, SCOPE_BY_NODE_KIND[kind], fieldName);
  }
  switch (kind) {
    case "Shop":
      return gid.id === context.state.shop.id ? presentShop(context) : null;
    case "Product":
      return findProduct(context, { id });
    case "Collection":
      return findCollection(context, { id });
    case "ProductVariant": {
      for (const product of context.state.products) {
        const variant = product.variants.find((candidate) => candidate.id === gid.id);
        if (variant) return presentVariant(variant, product, context);
      }
      return null;
    }
    case "Customer": {
      const customer = context.state.customers.find((candidate) => candidate.id === gid.id);
      return customer ? presentCustomer(customer, context) : null;
    }
    case "Order":
      requireScope(context, "read_orders", fieldName);
      return findOrder(context, id);
    case "DiscountCodeNode": {
      requireScope(context, "read_discounts", fieldName);
      const discount = context.state.discounts.find((candidate) => candidate.id === gid.id);
      return discount ? presentCodeDiscountNode(discount, context) : null;
    }
    default:
      return null;
  }
}

/** Shopify's counts stop at `limit` (default 10,000) and then say AT_LEAST. */
function limitedCount(count: number, limit: number | null | undefined) {
  const cap = limit ?? 10_000;
  return count > cap ? { count: cap, precision: "AT_LEAST" as const } : { count, precision: "EXACT" as const };
}
