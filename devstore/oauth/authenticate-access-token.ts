/**
 * Who is calling the Admin API: the `X-Shopify-Access-Token` header must be a token this shop issued, not expired,
 * whose app is still installed. Scopes come from the installation (Shopify reports the installation's grants).
 */
import type { DevstoreStateView, InstallationRecord, ReadonlyDeep } from "../state/state-schema.ts";
import { hashToken } from "./hash-token.ts";

export interface AdminApiCaller {
  installation: ReadonlyDeep<InstallationRecord>;
  kind: "offline" | "online";
  userId: number | null;
}

export function authenticateAccessToken(state: DevstoreStateView, token: string | undefined, now: Date): AdminApiCaller | null {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const record = state.accessTokens.find((candidate) => candidate.tokenHash === tokenHash);
  if (!record) return null;
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) return null;
  const installation = state.installations.find((candidate) => candidate.apiKey === record.apiKey);
  if (!installation) return null;
  return { installation, kind: record.kind, userId: record.userId };
}
