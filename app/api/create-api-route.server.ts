/**
 * The request pipeline every /api/v1 resource route runs through, in this order:
 *   method allowed (405) → API key (401) → rate limit per key (429) → scope (403) → JSON body, size-capped (413,
 *   415, 400) → Idempotency-Key for POST (replay, 409, 422) → the handler → JSON or problem+json, always with the
 *   RateLimit headers.
 * Handlers validate their input with parseApiInput (422 naming fields) and throw ApiProblem for anything else.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { Database } from "../db.server";
import type { ApiKeyScope } from "../generated/prisma/client";
import { NotRetryableError } from "../services/not-retryable-error";
import { ShopifyAdminError } from "../shopify/admin-client.server";
import { assertScope, authenticateApiKey, type ApiCaller } from "./authenticate-api-key.server";
import { claimIdempotencyKey, completeIdempotencyKey, hashRequest, readIdempotencyKey, releaseIdempotencyKey } from "./idempotency.server";
import { ApiProblem, problemResponse } from "./problem.server";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.server";
import { readJsonBody } from "./read-json-body.server";

export type ApiMethod = "GET" | "POST" | "PATCH";

export interface ApiRequestContext {
  db: Database;
  caller: ApiCaller;
  request: Request;
  url: URL;
  params: Record<string, string | undefined>;
  /** The parsed JSON body (POST/PATCH), still to be validated by the handler. */
  body: unknown;
  now: Date;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

export interface ApiMethodSpec {
  scope: ApiKeyScope;
  /** POST only: "required" refuses a request without an Idempotency-Key (400). */
  idempotency?: "required" | "optional";
  handle(context: ApiRequestContext): Promise<ApiResult>;
}

/** One limiter for the process: every route shares each key's budget. */
const sharedLimiter = createRateLimiter();

export function createApiRoute(db: Database, methods: Partial<Record<ApiMethod, ApiMethodSpec>>, limiter: RateLimiter = sharedLimiter) {
  const handle = (args: LoaderFunctionArgs | ActionFunctionArgs) => runApiRequest(db, methods, limiter, args);
  return { loader: handle, action: handle };
}

async function runApiRequest(
  db: Database,
  methods: Partial<Record<ApiMethod, ApiMethodSpec>>,
  limiter: RateLimiter,
  { request, params }: LoaderFunctionArgs | ActionFunctionArgs,
): Promise<Response> {
  const now = new Date();
  let rateHeaders: Record<string, string> = {};
  try {
    const spec = methods[request.method.toUpperCase() as ApiMethod];
    if (spec === undefined) {
      const allow = Object.keys(methods).join(", ");
      throw new ApiProblem("method_not_allowed", `Use ${allow} on this path.`, [], { Allow: allow });
    }
    const caller = await authenticateApiKey(db, request, now);
    const decision = limiter.take(caller.keyId, now.getTime());
    rateHeaders = decision.headers;
    if (!decision.allowed) {
      throw new ApiProblem("rate_limited", `This API key sent more than ${limiter.policy.capacity} requests in ${limiter.policy.windowSeconds} seconds. Wait ${decision.resetSeconds} s (Retry-After), then slow down.`);
    }
    assertScope(caller, spec.scope);
    const url = new URL(request.url);
    const hasBody = request.method === "POST" || request.method === "PATCH";
    const body = hasBody ? (await readJsonBody(request)).json : undefined;
    const context: ApiRequestContext = { db, caller, request, url, params, body, now };
    if (request.method !== "POST" || spec.idempotency === undefined) {
      return jsonResponse(await spec.handle(context), rateHeaders);
    }
    return await runIdempotently(spec, context, rateHeaders);
  } catch (error) {
    return errorResponse(error, rateHeaders);
  }
}

async function runIdempotently(spec: ApiMethodSpec, context: ApiRequestContext, rateHeaders: Record<string, string>): Promise<Response> {
  const { db, caller, request, url, body, now } = context;
  const key = readIdempotencyKey(request);
  if (key === null) {
    if (spec.idempotency === "required") {
      throw new ApiProblem("bad_request", "Send an Idempotency-Key header (e.g. a UUID, or your own order id) so a retried request is recorded once.");
    }
    return jsonResponse(await spec.handle(context), rateHeaders);
  }
  const claim = await claimIdempotencyKey(db, {
    shop: caller.shop,
    apiKeyId: caller.keyId,
    key,
    method: request.method,
    path: url.pathname,
    requestHash: hashRequest(request.method, url.pathname, body),
    now,
  });
  if (claim.kind === "replay") return jsonResponse({ status: claim.status, body: markReplayed(claim.body) }, { ...rateHeaders, "Idempotent-Replayed": "true" });
  let result: ApiResult;
  try {
    result = await spec.handle(context);
  } catch (error) {
    // Only a success is remembered: after a refusal the caller fixes the request and may retry with the same key.
    await releaseIdempotencyKey(db, caller.shop, claim);
    throw error;
  }
  await completeIdempotencyKey(db, caller.shop, claim, result.status, result.body);
  return jsonResponse(result, rateHeaders);
}

/** A stored body that says whether it was a replay (conversions, reversals) says so now. */
function markReplayed(body: unknown): unknown {
  if (body !== null && typeof body === "object" && !Array.isArray(body) && "replayed" in body) return { ...body, replayed: true };
  return body;
}

function jsonResponse(result: ApiResult, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

function errorResponse(error: unknown, rateHeaders: Record<string, string>): Response {
  if (error instanceof ApiProblem) return problemResponse(error, rateHeaders);
  // A state of the shop that no retry fixes (e.g. the program's amounts in another currency): the message says what to change.
  if (error instanceof NotRetryableError) return problemResponse(new ApiProblem("conflict", error.message), rateHeaders);
  if (error instanceof ShopifyAdminError) return problemResponse(new ApiProblem("upstream_failed", `${error.message} Nothing was changed in Affable; try again.`), rateHeaders);
  console.error("Public API request failed", error);
  return problemResponse(new ApiProblem("internal_error", "Affable could not finish this request. Retry it: a conversion or reversal is never recorded twice."), rateHeaders);
}
