/**
 * The app's installation on the shop. The devstore behaves like Shopify's managed installation: the first token
 * exchange installs the app with every scope it declares, and a later change of the declared scopes (SCOPES /
 * shopify.app.toml, i.e. "deploying" new config) is granted as it is.
 */
import { allocateId } from "../state/allocate-id.ts";
import type { DevstoreState, InstallationRecord } from "../state/state-schema.ts";

/**
 * Scopes Shopify grants only after reviewing the app (a request in the Partner Dashboard): until then an install
 * simply lacks them, and calls that need them answer ACCESS_DENIED.
 */
export const SCOPES_NEEDING_APPROVAL: readonly string[] = ["read_gift_cards", "write_gift_cards"];

/** What an install actually gets: the declared scopes, less those needing approval that this devstore has not approved. */
export function grantableScopes(app: { scopes: readonly string[]; approvedScopes?: readonly string[] }): string[] {
  const approved = app.approvedScopes ?? [];
  return app.scopes.filter((scope) => !SCOPES_NEEDING_APPROVAL.includes(scope.trim()) || approved.includes(scope.trim()));
}

/** Call inside `StateStore.update`. Returns the installation, creating it on first use. */
export function installApp(state: DevstoreState, apiKey: string, scopes: string[], now: Date): InstallationRecord {
  const existing = state.installations.find((installation) => installation.apiKey === apiKey);
  if (existing) return existing;
  const installation = { id: allocateId(state), apiKey, scopes: normalizeScopes(scopes), installedAt: now.toISOString(), updatedAt: now.toISOString() };
  state.installations.push(installation);
  return installation;
}

/**
 * Call inside `StateStore.update` at start-up. Returns the previous scopes when they changed (a later feature sends
 * `app/scopes_update` then), or null when nothing changed or the app is not installed.
 */
export function syncInstallationScopes(state: DevstoreState, apiKey: string, scopes: string[], now: Date): string[] | null {
  const installation = state.installations.find((candidate) => candidate.apiKey === apiKey);
  const wanted = normalizeScopes(scopes);
  if (!installation || installation.scopes.join(",") === wanted.join(",")) return null;
  const previous = installation.scopes;
  installation.scopes = wanted;
  installation.updatedAt = now.toISOString();
  return previous;
}

export function normalizeScopes(scopes: string[]): string[] {
  return [...new Set(scopes.map((scope) => scope.trim()).filter((scope) => scope.length > 0))];
}
