/**
 * Hands out the next Shopify-style numeric id. One counter for every resource keeps ids unique across types, like
 * Shopify's (large, never reused). Call only inside `StateStore.update`, so the counter is persisted with the record.
 */
import type { DevstoreState } from "./state-schema.ts";

/** Seeded ids start here: 13 digits, as real Shopify ids are, and far below Number.MAX_SAFE_INTEGER. */
export const FIRST_ID = 7_420_000_000_001;

export function allocateId(state: Pick<DevstoreState, "nextId">): number {
  const id = state.nextId;
  state.nextId += 1;
  return id;
}
