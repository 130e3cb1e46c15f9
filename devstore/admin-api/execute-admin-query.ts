/**
 * Runs one Admin GraphQL request the way Shopify does: parse and validate, price the query, make the leaky bucket
 * pay for it (or answer THROTTLED), execute, refund the difference between requested and actual cost, and report
 * the cost in `extensions.cost`. Parse, validation and throttling errors are HTTP 200 with `errors`, as on Shopify.
 */
import {
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "./graphql-runtime.ts";
import type { AdminApiContext } from "./admin-api-context.ts";
import { calculateActualCost, calculateRequestedCost, type CostInput } from "./calculate-query-cost.ts";
import type { LeakyBuckets } from "./leaky-bucket.ts";
import { MAX_SINGLE_QUERY_COST, maxCostExceededError, throttledError, type CostExtension } from "./shopify-api-errors.ts";

export interface AdminQueryRequest {
  query: string;
  variables?: Readonly<Record<string, unknown>> | null;
  operationName?: string | null;
}

export interface AdminQueryAnswer {
  data?: unknown;
  errors?: readonly GraphQLFormattedError[];
  extensions?: { cost: CostExtension };
}

export interface ExecuteAdminQueryOptions {
  schema: GraphQLSchema;
  request: AdminQueryRequest;
  context: AdminApiContext;
  buckets: LeakyBuckets;
  /** One bucket per app and shop. */
  bucketKey: string;
}

export async function executeAdminQuery(options: ExecuteAdminQueryOptions): Promise<AdminQueryAnswer> {
  const { schema, request, buckets, bucketKey } = options;

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return { errors: [toFormatted(error)] };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) return { errors: validationErrors.map((error) => error.toJSON()) };

  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) {
    const message = request.operationName
      ? `No operation named "${request.operationName}" in the document.`
      : "The document has several operations: send operationName to pick one.";
    return { errors: [{ message }] };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...request.variables });
  if (coerced.errors) return { errors: coerced.errors.map((error) => error.toJSON()) };

  const costInput: CostInput = { schema, operation, fragments: fragmentsOf(document), variables: coerced.coerced };
  const requestedQueryCost = calculateRequestedCost(costInput);
  if (requestedQueryCost > MAX_SINGLE_QUERY_COST) {
    return {
      errors: [maxCostExceededError(requestedQueryCost)],
      extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: buckets.status(bucketKey) } },
    };
  }
  const charge = buckets.charge(bucketKey, requestedQueryCost);
  if (!charge.allowed) {
    return {
      errors: [throttledError()],
      extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: charge.status } },
    };
  }

  const result = await execute({
    schema,
    document,
    contextValue: options.context,
    variableValues: { ...request.variables },
    operationName: request.operationName ?? undefined,
  });
  const actualQueryCost = Math.min(requestedQueryCost, calculateActualCost(costInput, result.data ?? null));
  const throttleStatus = buckets.refund(bucketKey, requestedQueryCost - actualQueryCost);

  return {
    ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
    data: result.data ?? null,
    extensions: { cost: { requestedQueryCost, actualQueryCost, throttleStatus } },
  };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

function toFormatted(error: unknown): GraphQLFormattedError {
  if (error instanceof GraphQLError) return error.toJSON();
  return { message: error instanceof Error ? error.message : String(error) };
}
