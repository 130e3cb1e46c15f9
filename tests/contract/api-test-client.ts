/**
 * Calls the real /api/v1 route modules with real Request objects against a migrated PostgreSQL database, and
 * checks every response against the OpenAPI document the app serves (ajv, JSON Schema 2020-12): the status must
 * be documented for the operation and the body must match its schema.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import type { Database } from "../../app/db.server";
import { createMigratedDatabase } from "../support/app-test-harness";
// Not a React hook, whatever its name: it sets process.env for the route modules.
import { useTestAppEnvironment as applyTestAppEnvironment } from "../support/webhook-requests";

type RouteHandler = (args: LoaderFunctionArgs) => Promise<Response> | Response;
interface RouteModule {
  loader?: RouteHandler;
  action?: RouteHandler;
}

/** OpenAPI path template → the route file that serves it (flat routes: dots are slashes, $ is a parameter). */
export const ROUTE_FILES: Record<string, string> = {
  "/creators": "api.v1.creators",
  "/creators/{creatorId}": "api.v1.creators.$creatorId",
  "/creators/{creatorId}/stats": "api.v1.creators.$creatorId.stats",
  "/creators/{creatorId}/codes": "api.v1.creators.$creatorId.codes",
  "/creators/{creatorId}/links": "api.v1.creators.$creatorId.links",
  "/customers": "api.v1.customers",
  "/conversions": "api.v1.conversions",
  "/commissions": "api.v1.commissions",
  "/commissions/{commissionId}/reversals": "api.v1.commissions.$commissionId.reversals",
  "/payouts": "api.v1.payouts",
};

export const BASE_URL = "https://affable.test/api/v1";

export interface ApiCallOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as is (not JSON-encoded); a stream is sent chunked, without Content-Length. */
  rawBody?: string | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
}

export interface ApiCallResult {
  status: number;
  headers: Headers;
  /** The parsed JSON, already checked against the OpenAPI schema: tests read it freely. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

type JsonSchema = Record<string, unknown>;

export class ApiTestClient {
  private readonly modules = new Map<string, RouteModule>();
  private openApi: JsonSchema | null = null;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(readonly db: Database) {
    addFormats.default(this.ajv);
  }

  async loadOpenApi(): Promise<JsonSchema> {
    const { loader } = await import("../../app/routes/api.v1.openapi[.]json");
    const response = await loader({ request: new Request(`${BASE_URL}/openapi.json`), params: {}, context: {} });
    this.openApi = (await response.json()) as JsonSchema;
    return this.openApi;
  }

  private async loadRoute(template: string): Promise<RouteModule> {
    const file = ROUTE_FILES[template];
    if (file === undefined) throw new Error(`No route file is mapped for ${template}; add it to ROUTE_FILES.`);
    const cached = this.modules.get(file);
    if (cached) return cached;
    const module = (await import(`../../app/routes/${file}.tsx`)) as RouteModule;
    this.modules.set(file, module);
    return module;
  }

  /** Finds the template and path parameters of a concrete path like /creators/abc/stats. */
  private matchTemplate(pathname: string): { template: string; params: Record<string, string> } {
    for (const template of Object.keys(ROUTE_FILES)) {
      const names: string[] = [];
      const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
      const match = pattern.exec(pathname);
      if (match) return { template, params: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? "")])) };
    }
    throw new Error(`No API route matches ${pathname}`);
  }

  /** Sends one request through the route module and asserts the response honours the OpenAPI contract. */
  async call(method: string, pathWithQuery: string, options: ApiCallOptions = {}): Promise<ApiCallResult> {
    const url = new URL(`${BASE_URL}${pathWithQuery}`);
    const { template, params } = this.matchTemplate(url.pathname.replace(/^\/api\/v1/, ""));
    const headers = new Headers(options.headers);
    if (options.key !== null && options.key !== undefined) headers.set("Authorization", `Bearer ${options.key}`);
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    const request = new Request(url, { method, headers, ...(body === undefined ? {} : { body, duplex: "half" }) } as RequestInit);
    const module = await this.loadRoute(template);
    const handler = method === "GET" ? module.loader : module.action;
    if (!handler) throw new Error(`${template} has no ${method === "GET" ? "loader" : "action"}`);
    const response = await handler({ request, params, context: {} });
    const text = await response.text();
    const parsed = text === "" ? null : (JSON.parse(text) as unknown);
    this.assertContract(method.toLowerCase(), template, response, parsed);
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private assertContract(method: string, template: string, response: Response, body: unknown) {
    const document = this.openApi;
    if (document === null) throw new Error("Call loadOpenApi() first.");
    const operation = (document.paths as Record<string, Record<string, JsonSchema>>)[template]?.[method];
    if (operation === undefined) {
      expect(response.status, `${method.toUpperCase()} ${template} is not in the OpenAPI document`).toBe(405);
      return;
    }
    const declared = (operation.responses as Record<string, JsonSchema>)[String(response.status)];
    expect(declared, `${method.toUpperCase()} ${template} answered ${response.status}, which the document does not declare`).toBeDefined();
    const resolved = this.resolve(declared ?? {});
    const [mediaType, content] = Object.entries((resolved.content ?? {}) as Record<string, { schema: JsonSchema }>)[0] ?? [];
    expect(response.headers.get("Content-Type")).toBe(mediaType);
    const schema = this.resolve(content?.schema ?? {});
    const validate = this.ajv.compile({ ...schema, $defs: (document.components as JsonSchema).schemas });
    const valid = validate(body);
    expect(valid, `${method.toUpperCase()} ${template} ${response.status} body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
  }

  private resolve(node: JsonSchema): JsonSchema {
    const ref = node.$ref;
    if (typeof ref !== "string") return node;
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((current, segment) => (current as Record<string, unknown>)[segment], this.openApi);
    return this.resolve(target as JsonSchema);
  }
}

export interface ApiTestContext {
  db: Database;
  client: ApiTestClient;
}

/** A migrated database, the app environment pointing at it, and a client that checks the contract. */
export async function startApiTest(postgresUrl: string, prefix: string): Promise<ApiTestContext> {
  const created = await createMigratedDatabase(postgresUrl, prefix);
  applyTestAppEnvironment(created.url, "contract-test-secret");
  const client = new ApiTestClient(created.db);
  await client.loadOpenApi();
  return { db: created.db, client };
}

export async function stopApiTest(context: ApiTestContext | undefined): Promise<void> {
  await context?.db.$disconnect();
  await (await import("../../app/db.server")).default.$disconnect();
}

/** A shop with Affable installed and an API key for it; returns the key's secret. */
export async function seedShopWithKey(db: Database, shop: string, scope: "read" | "read_write" | "read_write_codes" = "read_write", currency = "USD"): Promise<string> {
  await db.shop.upsert({ where: { shop }, create: { shop, name: shop.split(".")[0] ?? shop, currencyCode: currency, ianaTimezone: "UTC" }, update: {} });
  return createKey(db, shop, scope);
}

export async function createKey(db: Database, shop: string, scope: "read" | "read_write" | "read_write_codes"): Promise<string> {
  const { createApiKey } = await import("../../app/services/api/api-keys.server");
  const key = await createApiKey(db, { shop, name: `test ${scope}`, scope, actor: "staff:test", now: new Date() });
  return key.secret;
}
