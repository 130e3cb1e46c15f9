import type { Database } from "../db.server";
import type { ApiKeyScope } from "../generated/prisma/client";
import { API_KEY_PATTERN, hashApiKeySecret } from "./api-key-secret.server";
import { API_KEY_SCOPE_LABELS, API_KEY_SCOPE_NAMES, scopeIncludes } from "./api-key-scopes";
import { ApiProblem } from "./problem.server";

export interface ApiCaller {
  keyId: string;
  shop: string;
  scope: ApiKeyScope;
  /** The shop currency: every commission and payout amount is in it. */
  currency: string;
  /** "api:<key id>": who wrote, in AuditEvent and LedgerEntry.actor. */
  actor: string;
}

/** lastUsedAt is written at most this often per key, so reads do not all turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;
const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="affable-api"' };

/**
 * Reads `Authorization: Bearer afk_…`, finds the key by its SHA-256 (a unique-index lookup, so no secret is
 * compared in application code) and answers 401 for a missing, malformed, unknown or revoked key, and for a shop
 * that uninstalled Affable. The same 401 for all of them, so a caller learns nothing about other shops' keys.
 */
export async function authenticateApiKey(db: Database, request: Request, now: Date): Promise<ApiCaller> {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) {
    throw new ApiProblem("unauthorized", "Send your API key as `Authorization: Bearer afk_…`. Create one in Affable › Developers.", [], CHALLENGE);
  }
  const secret = match[1] ?? "";
  const refused = new ApiProblem("unauthorized", "This API key is not valid: it is unknown or was revoked. Create a new key in Affable › Developers.", [], CHALLENGE);
  if (!API_KEY_PATTERN.test(secret)) throw refused;
  const key = await db.apiKey.findUnique({ where: { keyHash: hashApiKeySecret(secret) } });
  if (key === null || key.revokedAt !== null) throw refused;
  const shop = await db.shop.findUnique({ where: { shop: key.shop } });
  if (shop === null || shop.uninstalledAt !== null || shop.redactedAt !== null) throw refused;
  await db.apiKey.updateMany({
    where: { shop: key.shop, id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
  return { keyId: key.id, shop: key.shop, scope: key.scope, currency: shop.currencyCode, actor: `api:${key.id}` };
}

export function assertScope(caller: ApiCaller, needed: ApiKeyScope): void {
  if (scopeIncludes(caller.scope, needed)) return;
  if (needed === "read_write_codes") {
    throw new ApiProblem(
      "forbidden",
      `Creating discount codes needs the ${API_KEY_SCOPE_NAMES.read_write_codes} scope; this key has ${API_KEY_SCOPE_NAMES[caller.scope]}. Create a key with “${API_KEY_SCOPE_LABELS.read_write_codes}” in Affable › Developers.`,
    );
  }
  throw new ApiProblem("forbidden", "This API key can only read. Create a key with read and write scope in Affable › Developers to make changes.");
}
