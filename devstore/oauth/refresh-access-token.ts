/**
 * Refresh of an expiring offline token (`shopify.auth.refreshToken`): a refresh token buys a new access token and
 * a new refresh token. Shopify's rotation rule since August 2026: the used refresh token keeps working until its
 * replacement is used (then it is retired), for at most 30 days after its first use.
 */
import type { DevstoreContext } from "../context.ts";
import { hashToken } from "./hash-token.ts";
import { issueAccessToken, type TokenAnswer } from "./issue-access-token.ts";
import { OAuthError } from "./oauth-error.ts";
import { REFRESH_RECOVERY_SECONDS } from "./token-lifetimes.ts";

const REAUTHORIZE = "The app must get a new token with token exchange (the merchant opens the app).";

export function refreshAccessToken(ctx: DevstoreContext, refreshToken: string): TokenAnswer {
  const tokenHash = hashToken(refreshToken);
  const now = ctx.now();
  return ctx.state.update((state) => {
    const record = state.refreshTokens.find((token) => token.tokenHash === tokenHash && token.apiKey === ctx.app.apiKey);
    if (!record) throw new OAuthError(400, "invalid_grant", `This refresh token is unknown to ${ctx.shop} or was revoked. ${REAUTHORIZE}`);
    if (record.retiredAt !== null) {
      throw new OAuthError(400, "invalid_grant", `This refresh token was replaced and its replacement has been used: use the newest refresh token you stored. ${REAUTHORIZE}`);
    }
    if (Date.parse(record.expiresAt) <= now.getTime()) {
      throw new OAuthError(400, "invalid_grant", `This refresh token expired at ${record.expiresAt}. ${REAUTHORIZE}`);
    }
    if (record.firstUsedAt !== null && now.getTime() - Date.parse(record.firstUsedAt) > REFRESH_RECOVERY_SECONDS * 1000) {
      throw new OAuthError(400, "invalid_grant", `This refresh token was first used more than 30 days ago; use the one its refresh returned. ${REAUTHORIZE}`);
    }
    const installation = state.installations.find((candidate) => candidate.apiKey === ctx.app.apiKey);
    if (!installation) throw new OAuthError(400, "invalid_grant", `The app is not installed on ${ctx.shop}. ${REAUTHORIZE}`);

    record.firstUsedAt ??= now.toISOString();
    const predecessor = state.refreshTokens.find((token) => token.tokenHash === record.predecessorHash);
    if (predecessor && predecessor.retiredAt === null) predecessor.retiredAt = now.toISOString();

    return issueAccessToken(state, installation, { kind: "offline", expiring: true, predecessorRefreshHash: tokenHash }, now);
  });
}
