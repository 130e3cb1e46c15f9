/**
 * The only door to Admin GraphQL. Every call goes through `runAdminQuery`, which turns GraphQL errors and
 * HTTP failures into one ShopifyAdminError with a message a merchant can act on. (The Shopify client already
 * retries throttled and 5xx answers.)
 */
export interface AdminGraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export class ShopifyAdminError extends Error {
  override name = "ShopifyAdminError";
  constructor(
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

interface GraphqlBody<Data> {
  data?: Data;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function runAdminQuery<Data>(
  admin: AdminGraphqlClient,
  operation: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Data> {
  let response: Response;
  try {
    response = await admin.graphql(query, variables ? { variables } : undefined);
  } catch (error) {
    throw new ShopifyAdminError(`Shopify did not answer ${operation}: ${describeError(error)}. Try again shortly.`, error);
  }
  const body = (await response.json()) as GraphqlBody<Data>;
  if (body.errors?.length) {
    const codes = body.errors.map((error) => error.extensions?.code).filter(Boolean);
    const hint = codes.includes("ACCESS_DENIED")
      ? " Affable lacks a permission: reinstall or update the app's access scopes."
      : "";
    throw new ShopifyAdminError(
      `Shopify refused ${operation}: ${body.errors.map((error) => error.message).join("; ")}.${hint}`,
      body.errors,
    );
  }
  if (!body.data) throw new ShopifyAdminError(`Shopify answered ${operation} with no data.`);
  return body.data;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
