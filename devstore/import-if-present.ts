/**
 * Imports a sibling module only if its file exists. The admin shell and the tunnel are built by other hands and
 * may not be there yet; the devstore's API must start (and its tests run) without them. A module that exists but
 * fails to load is a real error and is thrown, never swallowed.
 */
import { existsSync } from "node:fs";

export async function importIfPresent(relativePath: string, from: string = import.meta.url): Promise<Record<string, unknown> | null> {
  const url = new URL(relativePath, from);
  if (!existsSync(url)) return null;
  const loaded: unknown = await import(url.href);
  if (typeof loaded !== "object" || loaded === null) throw new Error(`${url.pathname} did not load as a module.`);
  return { ...loaded };
}
