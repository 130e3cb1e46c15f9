/**
 * The executable Admin API schema: Shopify's SDL subset (schema.graphql) plus the devstore's resolvers.
 * Built once per devstore; every request executes against it with its own AdminApiContext.
 */
import { readFileSync } from "node:fs";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "./graphql-runtime.ts";
import type { AdminApiContext } from "./admin-api-context.ts";
import { discountMutationResolvers } from "./discounts/discount-resolvers.ts";
import { metafieldMutationResolvers } from "./metafield-resolvers.ts";
import { queryRootResolvers } from "./query-root.ts";
import { customerMutationResolvers } from "./customer-resolvers.ts";
import { giftCardMutationResolvers } from "./gift-cards/gift-card-resolvers.ts";
import { storeCreditMutationResolvers } from "./store-credit/store-credit-resolvers.ts";
import { shopifyScalars } from "./scalars.ts";

const SCHEMA_FILE = new URL("./schema.graphql", import.meta.url);

/** Presented objects carry `__typename`, which is how interfaces (`Node`, …) learn their concrete type. */
function resolveTypeName(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null && "__typename" in value && typeof value.__typename === "string") {
    return value.__typename;
  }
  return undefined;
}

export function buildAdminSchema(): GraphQLSchema {
  return makeExecutableSchema<AdminApiContext>({
    typeDefs: readFileSync(SCHEMA_FILE, "utf8"),
    resolvers: {
      ...shopifyScalars,
      QueryRoot: queryRootResolvers,
      Mutation: {
        ...discountMutationResolvers,
        ...metafieldMutationResolvers,
        ...customerMutationResolvers,
        ...storeCreditMutationResolvers,
        ...giftCardMutationResolvers,
      },
      StoreCreditAccountTransaction: { __resolveType: resolveTypeName },
      Node: { __resolveType: resolveTypeName },
      LegacyInteroperability: { __resolveType: resolveTypeName },
      DiscountCode: { __resolveType: resolveTypeName },
      DiscountCustomerGetsValue: { __resolveType: resolveTypeName },
      DiscountItems: { __resolveType: resolveTypeName },
      DiscountContext: { __resolveType: resolveTypeName },
      OnlineStoreThemeFileBody: { __resolveType: resolveTypeName },
      DiscountCustomerSelection: { __resolveType: resolveTypeName },
    },
  });
}
