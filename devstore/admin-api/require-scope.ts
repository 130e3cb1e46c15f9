/**
 * Access scopes, checked per field as Shopify does. A missing scope is not an HTTP error: the field resolves to
 * null with an ACCESS_DENIED error beside it (and a null in a non-null field nulls its parent, per GraphQL).
 */
import { GraphQLError } from "./graphql-runtime.ts";
import type { AdminApiContext } from "./admin-api-context.ts";

/** The scope each type needs when reached through `node`/`nodes`; types not listed need none. */
export const SCOPE_BY_NODE_KIND: Readonly<Record<"Product" | "ProductVariant" | "Collection" | "Customer", string>> = {
  Product: "read_products",
  ProductVariant: "read_products",
  Collection: "read_products",
  Customer: "read_customers",
};

/** A `write_` scope includes its `read_` scope (Shopify grants and reports only the write one). */
export function hasScope(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  return required.startsWith("read_") && granted.includes(`write_${required.slice("read_".length)}`);
}

export function requireScope(context: AdminApiContext, required: string, fieldName: string): void {
  if (hasScope(context.scopes, required)) return;
  const requiredAccess = `\`${required}\` access scope.`;
  throw new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess,
    },
  });
}
