/** API keys for the public REST API: created (shown once), listed, revoked; every query scoped by shop. */
import { z } from "zod";
import { describeApiKeyPrefix, generateApiKeySecret, hashApiKeySecret } from "../../api/api-key-secret.server";
import type { Database } from "../../db.server";
import type { ApiKeyScope } from "../../generated/prisma/client";

export const API_KEY_SCOPES = ["read", "read_write", "read_write_codes"] as const satisfies readonly ApiKeyScope[];

export const apiKeyFormSchema = z.object({
  name: z
    .string({ error: "Name the key after what uses it, like “Headless storefront”." })
    .trim()
    .min(1, "Name the key after what uses it, like “Headless storefront”.")
    .max(80, "Keep the name under 80 characters."),
  scope: z.enum(API_KEY_SCOPES, { error: "Choose read; read and write; or read, write and create discount codes." }),
});

export type CreatedApiKey = { id: string; secret: string; prefix: string; scope: ApiKeyScope; name: string };

export async function createApiKey(
  db: Database,
  input: { shop: string; name: string; scope: ApiKeyScope; actor: string; now: Date },
): Promise<CreatedApiKey> {
  const secret = generateApiKeySecret();
  const prefix = describeApiKeyPrefix(secret);
  const key = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { shop: input.shop, name: input.name, prefix, keyHash: hashApiKeySecret(secret), scope: input.scope, createdBy: input.actor, createdAt: input.now },
    });
    await tx.auditEvent.create({
      data: { shop: input.shop, actor: input.actor, action: "api_key.created", subjectType: "api_key", subjectId: created.id, details: { name: input.name, scope: input.scope, prefix } },
    });
    return created;
  });
  return { id: key.id, secret, prefix, scope: key.scope, name: key.name };
}

export function listApiKeys(db: Database, shop: string) {
  return db.apiKey.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, createdBy: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revokes a key of this shop; false when there is no such (unrevoked) key. Requests with it get 401 at once. */
export async function revokeApiKey(db: Database, input: { shop: string; keyId: string; actor: string; now: Date }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiKey.updateMany({ where: { shop: input.shop, id: input.keyId, revokedAt: null }, data: { revokedAt: input.now } });
    if (revoked.count === 0) return false;
    await tx.auditEvent.create({
      data: { shop: input.shop, actor: input.actor, action: "api_key.revoked", subjectType: "api_key", subjectId: input.keyId },
    });
    return true;
  });
}
