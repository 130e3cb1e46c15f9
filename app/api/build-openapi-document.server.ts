/** The OpenAPI 3.1 document of /api/v1, generated from API_OPERATIONS' zod schemas (zod 4's JSON Schema output). */
import { z } from "zod";
import { API_KEY_SCOPE_NAMES } from "./api-key-scopes";
import { API_OPERATIONS, listErrorStatuses, type ApiOperation } from "./api-operations";
import { MAX_BODY_BYTES } from "./read-json-body.server";
import { PROBLEM_KINDS } from "./problem.server";
import { DEFAULT_RATE_LIMIT } from "./rate-limiter.server";
import { problemSchema } from "./schemas/common-schemas";

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const RATE_LIMIT_HEADERS = {
  RateLimit: { $ref: "#/components/headers/RateLimit" },
  "RateLimit-Policy": { $ref: "#/components/headers/RateLimitPolicy" },
};

function describeStatus(status: number): string {
  const kind = Object.values(PROBLEM_KINDS).find((candidate) => candidate.status === status);
  return kind?.title ?? "Error";
}

function buildParameters(operation: ApiOperation) {
  const parameters: JsonSchema[] = [];
  for (const name of operation.path.match(/\{(\w+)\}/g) ?? []) {
    parameters.push({ name: name.slice(1, -1), in: "path", required: true, schema: { type: "string" } });
  }
  if (operation.query) {
    const query = toJsonSchema(operation.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) });
    }
  }
  if (operation.idempotency) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: operation.idempotency === "required",
      schema: { type: "string", minLength: 1, maxLength: 255 },
      description: "The same key with the same body returns the first response again (same status, header `Idempotent-Replayed: true`); with another body it is a 422.",
    });
  }
  return parameters;
}

function buildOperation(operation: ApiOperation): JsonSchema {
  const errorStatuses = listErrorStatuses(operation);
  const success = {
    description: operation.success.description,
    headers: operation.idempotency ? { ...RATE_LIMIT_HEADERS, "Idempotent-Replayed": { $ref: "#/components/headers/IdempotentReplayed" } } : RATE_LIMIT_HEADERS,
    content: { "application/json": { schema: toJsonSchema(operation.success.schema, "output") } },
  };
  const responses: Record<string, JsonSchema> = Object.fromEntries(
    [operation.success.status, ...(operation.success.alsoStatuses ?? [])].map((status) => [String(status), success]),
  );
  for (const status of errorStatuses) responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: [operation.description, `Scope: \`${API_KEY_SCOPE_NAMES[operation.scope]}\`.`].filter(Boolean).join("\n\n"),
    security: [{ apiKey: [] }],
    parameters: buildParameters(operation),
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(operation.body, "input"), ...(operation.example?.body ? { example: operation.example.body } : {}) } } } }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of API_OPERATIONS) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: buildOperation(operation) };
  }
  const statuses = [...new Set(API_OPERATIONS.flatMap(listErrorStatuses))].sort((a, b) => a - b);
  const problemResponses = Object.fromEntries(
    statuses.map((status) => [
      `Problem${status}`,
      {
        description: describeStatus(status),
        headers: status === 429 ? { ...RATE_LIMIT_HEADERS, "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } } : RATE_LIMIT_HEADERS,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Affable API",
      version: "1.0.0",
      description:
        `Creators, codes, links, conversions, commissions and payouts of one Shopify shop. Authenticate with \`Authorization: Bearer afk_…\` ` +
        `(Affable › Developers). Bodies are JSON, at most ${MAX_BODY_BYTES / 1024} KB. Amounts are integers in minor units. ` +
        `Each key may send ${DEFAULT_RATE_LIMIT.capacity} requests per ${DEFAULT_RATE_LIMIT.windowSeconds} s (a token bucket; see the RateLimit headers).`,
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key: afk_ followed by 32 letters and digits. Its scope is `read`, `write` (includes read) or `codes:write` (includes write, and may create discount codes); an operation needing more answers 403." } },
      schemas: { Problem: toJsonSchema(problemSchema, "output") },
      headers: {
        RateLimit: { schema: { type: "string" }, description: 'Remaining quota and seconds until more: "default";r=119;t=0 (IETF RateLimit header fields draft).' },
        RateLimitPolicy: { schema: { type: "string" }, description: 'The quota: "default";q=120;w=60.' },
        IdempotentReplayed: {
          schema: { type: "string", enum: ["true"] },
          description: "Present when this is the stored response of an earlier request with the same Idempotency-Key and body: same status and body (with `replayed: true` where the body has that field), nothing was done again.",
        },
      },
      responses: problemResponses,
    },
  };
}
