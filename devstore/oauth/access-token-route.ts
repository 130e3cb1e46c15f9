/**
 * `POST /admin/oauth/access_token`: Shopify's token endpoint for token exchange and refresh.
 * Accepts JSON (what the Shopify library sends) and form-encoded bodies (what OAuth clients and curl send).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import type { z } from "zod";
import type { DevstoreContext } from "../context.ts";
import { exchangeSessionToken } from "./exchange-session-token.ts";
import type { TokenAnswer } from "./issue-access-token.ts";
import { OAuthError } from "./oauth-error.ts";
import { refreshAccessToken } from "./refresh-access-token.ts";
import {
  TOKEN_EXCHANGE_GRANT,
  clientCredentialsSchema,
  grantTypeSchema,
  refreshTokenRequestSchema,
  tokenExchangeSchema,
} from "./token-request-schema.ts";

export function accessTokenRoute(ctx: DevstoreContext): Hono {
  const route = new Hono();
  route.post("/admin/oauth/access_token", async (c) => {
    try {
      const body = await readTokenRequestBody(c.req.raw);
      const answer = await answerTokenRequest(ctx, body);
      // Tokens must never be cached by anything between Shopify and the app.
      c.header("Cache-Control", "no-store");
      return c.json(answer, 200);
    } catch (error) {
      if (error instanceof OAuthError) return c.json(error.toBody(), error.status);
      throw error;
    }
  });
  return route;
}

async function answerTokenRequest(ctx: DevstoreContext, body: Record<string, unknown>): Promise<TokenAnswer> {
  const grant = grantTypeSchema.safeParse(body);
  if (!grant.success) {
    throw new OAuthError(400, "unsupported_grant_type", `grant_type must be "${TOKEN_EXCHANGE_GRANT}" or "refresh_token"; got ${JSON.stringify(body.grant_type ?? null)}.`);
  }
  authenticateClient(ctx, body);

  if (grant.data.grant_type === TOKEN_EXCHANGE_GRANT) {
    if (typeof body.subject_token !== "string" || body.subject_token.length === 0) {
      throw new OAuthError(400, "missing_subject_token", "subject_token is required: send the session token from App Bridge's idToken().");
    }
    const request = tokenExchangeSchema.safeParse(body);
    if (!request.success) throw new OAuthError(400, "invalid_request", describeIssues(request.error));
    return exchangeSessionToken(ctx, request.data);
  }

  const request = refreshTokenRequestSchema.safeParse(body);
  if (!request.success) throw new OAuthError(400, "invalid_request", describeIssues(request.error));
  return refreshAccessToken(ctx, request.data.refresh_token);
}

function authenticateClient(ctx: DevstoreContext, body: Record<string, unknown>): void {
  const client = clientCredentialsSchema.safeParse(body);
  if (!client.success) {
    throw new OAuthError(401, "invalid_client", "client_id and client_secret are required: send the app's Client ID and Client secret.");
  }
  // Compare digests so the comparison takes the same time whatever the lengths (no timing oracle on the secret).
  const idMatches = safeEqual(client.data.client_id, ctx.app.apiKey);
  const secretMatches = safeEqual(client.data.client_secret, ctx.app.apiSecret);
  if (!idMatches || !secretMatches) {
    throw new OAuthError(401, "invalid_client", `Client authentication failed: client_id or client_secret is wrong for the app installed on ${ctx.shop}. Check SHOPIFY_API_KEY and SHOPIFY_API_SECRET.`);
  }
}

function safeEqual(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readTokenRequestBody(request: Request): Promise<Record<string, unknown>> {
  const contentType = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OAuthError(400, "invalid_request", "The body must be JSON or application/x-www-form-urlencoded.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OAuthError(400, "invalid_request", "The body must be a JSON object of OAuth parameters.");
  }
  return { ...parsed };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}
