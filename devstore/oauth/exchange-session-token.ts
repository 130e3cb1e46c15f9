/**
 * Token exchange: an embedded app trades a session token (App Bridge's `idToken()`, an HS256 JWT signed with the
 * app's secret) for an Admin API access token, exactly as `shopify.auth.tokenExchange` calls it.
 */
import type { DevstoreContext } from "../context.ts";
import { shopFromClaims, verifySessionToken, type SessionTokenClaims } from "../session-token.ts";
import { grantableScopes, installApp } from "./install-app.ts";
import { issueAccessToken, type TokenAnswer } from "./issue-access-token.ts";
import { OAuthError } from "./oauth-error.ts";
import { ONLINE_TOKEN_TYPE, type TokenExchangeRequest } from "./token-request-schema.ts";

export async function exchangeSessionToken(ctx: DevstoreContext, request: TokenExchangeRequest): Promise<TokenAnswer> {
  const claims = await verifySubjectToken(ctx, request.subject_token);
  const now = ctx.now();

  if (request.requested_token_type === ONLINE_TOKEN_TYPE) {
    const user = ctx.state.read().staffMembers.find((member) => String(member.id) === claims.sub);
    if (!user) {
      const known = ctx.state.read().staffMembers.map((member) => member.id).join(", ");
      throw new OAuthError(400, "invalid_subject_token", `The session token's sub "${claims.sub}" is not a staff member of ${ctx.shop} (staff ids: ${known}).`);
    }
    return ctx.state.update((state) => {
      const installation = installApp(state, ctx.app.apiKey, grantableScopes(ctx.app), now);
      return issueAccessToken(state, installation, { kind: "online", user }, now);
    });
  }

  return ctx.state.update((state) => {
    const installation = installApp(state, ctx.app.apiKey, grantableScopes(ctx.app), now);
    return issueAccessToken(state, installation, { kind: "offline", expiring: request.expiring }, now);
  });
}

async function verifySubjectToken(ctx: DevstoreContext, token: string): Promise<SessionTokenClaims> {
  let claims: SessionTokenClaims;
  try {
    claims = await verifySessionToken(token, ctx.app);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OAuthError(
      400,
      "invalid_subject_token",
      `The session token was rejected (${reason}). Session tokens live one minute: ask App Bridge for a fresh one, and check it is signed with this app's secret for audience ${ctx.app.apiKey}.`,
    );
  }
  let shop: string;
  try {
    shop = shopFromClaims(claims);
  } catch {
    throw new OAuthError(400, "invalid_subject_token", `The session token's dest "${claims.dest}" is not a URL.`);
  }
  if (shop !== ctx.shop) {
    throw new OAuthError(400, "invalid_subject_token", `The session token is for ${shop}, but this is ${ctx.shop}.`);
  }
  return claims;
}
