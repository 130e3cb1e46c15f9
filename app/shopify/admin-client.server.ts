/**
 * The only door to Admin GraphQL. Every call goes through `runAdminQuery`, which
 * - lets the Shopify client retry HTTP 429/503 (`tries`),
 * - retries Shopify's cost throttling itself: that answer is HTTP 200 with a THROTTLED error, which the client
 *   library throws as a GraphqlQueryError instead of retrying; we wait until the bucket can pay, then try again,
 * - turns every other failure into one ShopifyAdminError with a message a merchant can act on.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { computeThrottleDelayMs, type QueryCost } from "./throttle-delay";

export interface AdminGraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown>; tries?: number }): Promise<Response>;
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

interface GraphqlErrorShape {
  message: string;
  extensions?: { code?: string };
}

interface GraphqlBody<Data> {
  data?: Data;
  errors?: GraphqlErrorShape[];
  extensions?: { cost?: QueryCost };
}

/** What the Shopify client throws for an HTTP 200 answer that carries GraphQL errors. */
interface ThrownGraphqlError {
  body?: { errors?: { graphQLErrors?: GraphqlErrorShape[] }; extensions?: { cost?: QueryCost } };
}

export interface RunAdminQueryOptions {
  /** Attempts in all when Shopify answers THROTTLED. */
  maxAttempts?: number;
  wait?: (milliseconds: number) => Promise<unknown>;
}

const HTTP_TRIES = 3;

function readGraphqlErrors(error: unknown): { errors: GraphqlErrorShape[]; cost?: QueryCost } | null {
  const body = (error as ThrownGraphqlError | null)?.body;
  const errors = body?.errors?.graphQLErrors;
  return Array.isArray(errors) ? { errors, ...(body?.extensions?.cost ? { cost: body.extensions.cost } : {}) } : null;
}

function isThrottled(errors: GraphqlErrorShape[]): boolean {
  return errors.some((error) => error.extensions?.code === "THROTTLED");
}

function describeErrors(operation: string, errors: GraphqlErrorShape[]): ShopifyAdminError {
  const codes = errors.map((error) => error.extensions?.code).filter(Boolean);
  const hint = codes.includes("ACCESS_DENIED")
    ? " Affable lacks a permission for this: update the app's access scopes and approve them in Shopify."
    : "";
  return new ShopifyAdminError(
    `Shopify refused ${operation}: ${errors.map((error) => error.message).join("; ")}.${hint}`,
    errors,
  );
}

export async function runAdminQuery<Data>(
  admin: AdminGraphqlClient,
  operation: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RunAdminQueryOptions = {},
): Promise<Data> {
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.wait ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    let body: GraphqlBody<Data>;
    try {
      const response = await admin.graphql(query, { ...(variables ? { variables } : {}), tries: HTTP_TRIES });
      body = (await response.json()) as GraphqlBody<Data>;
    } catch (error) {
      const graphqlErrors = readGraphqlErrors(error);
      if (!graphqlErrors) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ShopifyAdminError(`Shopify did not answer ${operation}: ${reason}. Try again in a minute.`, error);
      }
      body = { errors: graphqlErrors.errors, ...(graphqlErrors.cost ? { extensions: { cost: graphqlErrors.cost } } : {}) };
    }
    if (body.errors?.length) {
      if (isThrottled(body.errors) && attempt + 1 < maxAttempts) {
        await wait(computeThrottleDelayMs(body.extensions?.cost, attempt));
        continue;
      }
      if (isThrottled(body.errors)) {
        throw new ShopifyAdminError(
          `Shopify kept throttling ${operation} after ${maxAttempts} attempts. Wait a minute and try again.`,
          body.errors,
        );
      }
      throw describeErrors(operation, body.errors);
    }
    if (!body.data) throw new ShopifyAdminError(`Shopify answered ${operation} with no data.`);
    return body.data;
  }
}
