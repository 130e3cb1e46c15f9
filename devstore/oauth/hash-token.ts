/** Tokens are kept only as SHA-256 digests: the state file can be read without handing out working tokens. */
import { createHash, randomBytes } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A new secret in Shopify's shape: a type prefix and 32 hex characters. `shpat_` (offline Admin API token) and
 * `shpua_` (online, "user access") are Shopify's; `shprt_` for refresh tokens is the devstore's own label.
 */
export function generateToken(prefix: "shpat" | "shpua" | "shprt"): string {
  return `${prefix}_${randomBytes(16).toString("hex")}`;
}
