/**
 * API key scopes, each including the ones before it. Minting discount codes is its own scope (`codes:write`):
 * a code is money off for any shopper, so an ordinary write key (say, a CRM syncing creators) that leaks cannot
 * mint 100 %-off codes. Keys made before this scope existed keep everything else they could do; to mint codes a
 * merchant creates a key with codes:write in Affable › Developers.
 */
import type { ApiKeyScope } from "../generated/prisma/enums";

export const API_KEY_SCOPE_ORDER = ["read", "read_write", "read_write_codes"] as const satisfies readonly ApiKeyScope[];

/** How the scope is written in the API reference and in 403 answers. */
export const API_KEY_SCOPE_NAMES: Record<ApiKeyScope, string> = {
  read: "read",
  read_write: "write",
  read_write_codes: "codes:write",
};

/** How the Developers page names each scope. */
export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, string> = {
  read: "Read (stats, lists)",
  read_write: "Read and write (creators, conversions, reversals)",
  read_write_codes: "Read, write and create discount codes (codes:write)",
};

export function scopeIncludes(granted: ApiKeyScope, needed: ApiKeyScope): boolean {
  return API_KEY_SCOPE_ORDER.indexOf(granted) >= API_KEY_SCOPE_ORDER.indexOf(needed);
}
