/**
 * The app's app-data metafields as Liquid sees them in a theme app extension: app.metafields.{namespace}.{key},
 * each value read by its type (numbers as numbers, booleans as booleans, the rest as text).
 */
import type { DevstoreStateView } from "../state/state-schema.ts";

export function readAppMetafields(state: Pick<DevstoreStateView, "appMetafields">): Record<string, Record<string, unknown>> {
  const byNamespace: Record<string, Record<string, unknown>> = {};
  for (const field of state.appMetafields) {
    const value = field.type === "number_integer" || field.type === "number_decimal" ? Number(field.value) : field.type === "boolean" ? field.value === "true" : field.value;
    (byNamespace[field.namespace] ??= {})[field.key] = value;
  }
  return byNamespace;
}
