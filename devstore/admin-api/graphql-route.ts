/**
 * `POST /admin/api/{version}/graphql.json`: Shopify's Admin GraphQL endpoint.
 * Unknown version → 404; missing or bad `X-Shopify-Access-Token` → 401; everything else is a GraphQL answer.
 */
import { Hono } from "hono";
import { Kind, getOperationAST, parse, type GraphQLSchema } from "./graphql-runtime.ts";
import { z } from "zod";
import type { DevstoreContext } from "../context.ts";
import { faultResponse, type FaultInjector } from "../control/fault-injector.ts";
import { authenticateAccessToken } from "../oauth/authenticate-access-token.ts";
import { resolveApiVersion } from "./api-versions.ts";
import { executeAdminQuery } from "./execute-admin-query.ts";
import type { LeakyBuckets } from "./leaky-bucket.ts";
import { INVALID_TOKEN_BODY, MISSING_QUERY_BODY, NOT_FOUND_BODY } from "./shopify-api-errors.ts";

export interface GraphqlRouteDependencies {
  schema: GraphQLSchema;
  buckets: LeakyBuckets;
  faults: FaultInjector;
}

const requestBodySchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

export function adminGraphqlRoute(ctx: DevstoreContext, dependencies: GraphqlRouteDependencies): Hono {
  const route = new Hono();
  route.post("/admin/api/:version/graphql.json", async (c) => {
    const version = resolveApiVersion(c.req.param("version"), ctx.apiVersion);
    if ("unknown" in version) return c.json(NOT_FOUND_BODY, 404);
    // Shopify names the version that actually answered (it falls forward from retired versions).
    c.header("X-Shopify-API-Version", version.served);

    const fault = dependencies.faults.take("graphql");
    if (fault) return faultResponse(fault);

    const now = ctx.now();
    const caller = authenticateAccessToken(ctx.state.read(), c.req.header("X-Shopify-Access-Token"), now);
    if (!caller) return c.json(INVALID_TOKEN_BODY, 401);

    const request = requestBodySchema.safeParse(await readGraphqlBody(c.req.raw));
    if (!request.success) return c.json(MISSING_QUERY_BODY, 400);

    const operationFault = dependencies.faults.takeOperation(mutationRootFields(request.data.query, request.data.operationName));
    if (operationFault?.mode === "http500") return faultResponse({ target: "graphql", status: 500, count: 1 });

    const answer = await executeAdminQuery({
      schema: dependencies.schema,
      request: request.data,
      context: {
        state: ctx.state.read(),
        scopes: caller.installation.scopes,
        installation: caller.installation,
        adminOrigin: ctx.adminOrigin,
        now,
        updateState: (change) => ctx.state.update(change),
        failingOperations: new Set(operationFault ? [operationFault.operation] : []),
      },
      buckets: dependencies.buckets,
      bucketKey: `${caller.installation.apiKey}:${ctx.shop}`,
    });
    return c.json(answer, 200);
  });
  return route;
}

/** The root fields of the mutation the request would run (none for a query or a document that does not parse). */
function mutationRootFields(query: string, operationName: string | null | undefined): string[] {
  try {
    const operation = getOperationAST(parse(query), operationName ?? undefined);
    if (operation?.operation !== "mutation") return [];
    return operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
  } catch {
    return [];
  }
}

/** JSON `{query, variables, operationName}`, or a raw document with `Content-Type: application/graphql`. */
async function readGraphqlBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/graphql")) return { query: text };
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
