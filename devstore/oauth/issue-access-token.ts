/**
 * Mints access tokens (and refresh tokens for expiring offline access) and records them, hashed, in the state.
 * The answer is the token endpoint's JSON body, field for field as Shopify sends it.
 */
import type { DevstoreState, InstallationRecord, StaffMemberRecord } from "../state/state-schema.ts";
import { generateToken, hashToken } from "./hash-token.ts";
import {
  EXPIRED_TOKEN_RETENTION_SECONDS,
  EXPIRING_OFFLINE_TOKEN_SECONDS,
  ONLINE_TOKEN_SECONDS,
  REFRESH_TOKEN_SECONDS,
} from "./token-lifetimes.ts";

export interface OfflineTokenAnswer {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

export interface OnlineTokenAnswer {
  access_token: string;
  scope: string;
  expires_in: number;
  associated_user_scope: string;
  associated_user: {
    id: number;
    first_name: string;
    last_name: string;
    email: string;
    email_verified: boolean;
    account_owner: boolean;
    locale: string;
    collaborator: boolean;
  };
}

export type TokenAnswer = OfflineTokenAnswer | OnlineTokenAnswer;

export type TokenRequest =
  | { kind: "offline"; expiring: boolean; predecessorRefreshHash?: string }
  | { kind: "online"; user: StaffMemberRecord };

/** Call inside `StateStore.update`: it writes the token records into `state`. */
export function issueAccessToken(
  state: DevstoreState,
  installation: InstallationRecord,
  request: TokenRequest,
  now: Date,
): TokenAnswer {
  pruneExpiredTokens(state, now);
  const scope = installation.scopes.join(",");
  const after = (seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

  if (request.kind === "online") {
    const accessToken = generateToken("shpua");
    state.accessTokens.push({
      tokenHash: hashToken(accessToken),
      apiKey: installation.apiKey,
      kind: "online",
      issuedAt: now.toISOString(),
      expiresAt: after(ONLINE_TOKEN_SECONDS),
      userId: request.user.id,
    });
    return {
      access_token: accessToken,
      scope,
      expires_in: ONLINE_TOKEN_SECONDS,
      // A staff member with full permissions gets every scope the app has; the devstore's staff all do.
      associated_user_scope: scope,
      associated_user: {
        id: request.user.id,
        first_name: request.user.firstName,
        last_name: request.user.lastName,
        email: request.user.email,
        email_verified: request.user.emailVerified,
        account_owner: request.user.accountOwner,
        locale: request.user.locale,
        collaborator: request.user.collaborator,
      },
    };
  }

  const accessToken = generateToken("shpat");
  state.accessTokens.push({
    tokenHash: hashToken(accessToken),
    apiKey: installation.apiKey,
    kind: "offline",
    issuedAt: now.toISOString(),
    expiresAt: request.expiring ? after(EXPIRING_OFFLINE_TOKEN_SECONDS) : null,
    userId: null,
  });
  if (!request.expiring) return { access_token: accessToken, scope };

  const refreshToken = generateToken("shprt");
  state.refreshTokens.push({
    tokenHash: hashToken(refreshToken),
    apiKey: installation.apiKey,
    issuedAt: now.toISOString(),
    expiresAt: after(REFRESH_TOKEN_SECONDS),
    predecessorHash: request.predecessorRefreshHash ?? null,
    firstUsedAt: null,
    retiredAt: null,
  });
  return {
    access_token: accessToken,
    scope,
    expires_in: EXPIRING_OFFLINE_TOKEN_SECONDS,
    refresh_token: refreshToken,
    refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
  };
}

function pruneExpiredTokens(state: DevstoreState, now: Date): void {
  const cutoff = now.getTime() - EXPIRED_TOKEN_RETENTION_SECONDS * 1000;
  state.accessTokens = state.accessTokens.filter((token) => token.expiresAt === null || Date.parse(token.expiresAt) > cutoff);
  state.refreshTokens = state.refreshTokens.filter((token) => Date.parse(token.expiresAt) > cutoff);
}
