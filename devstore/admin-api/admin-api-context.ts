/**
 * What Admin GraphQL resolvers receive: one consistent snapshot of the state for the whole request, the caller's
 * granted scopes, and where the devstore lives (to make absolute URLs). Query resolvers never write; mutation
 * resolvers write only through `updateState` (one atomic `StateStore.update` per mutation) and present what it returns.
 */
import type { StateStore } from "../state/state-store.ts";
import type {
  CollectionRecord,
  CustomerRecord,
  DevstoreStateView,
  DiscountRecord,
  ImageRecord,
  InstallationRecord,
  ProductRecord,
  ReadonlyDeep,
  VariantRecord,
} from "../state/state-schema.ts";

export interface AdminApiContext {
  state: DevstoreStateView;
  /** Scopes of the app installation the access token belongs to. */
  scopes: readonly string[];
  installation: ReadonlyDeep<InstallationRecord>;
  adminOrigin: string;
  /** The devstore's clock, read once for the request (discount status, timestamps). */
  now: Date;
  /** Persists a change to the state (mutations only). */
  updateState: StateStore["update"];
  /** Mutations the test controls told to fail with a userError this request (POST /__devstore/fail-next). */
  failingOperations: ReadonlySet<string>;
}

export type ProductView = ReadonlyDeep<ProductRecord>;
export type VariantView = ReadonlyDeep<VariantRecord>;
export type ImageView = ReadonlyDeep<ImageRecord>;
export type CollectionView = ReadonlyDeep<CollectionRecord>;
export type CustomerView = ReadonlyDeep<CustomerRecord>;
export type DiscountView = ReadonlyDeep<DiscountRecord>;

/**
 * GraphQL arguments as graphql-js hands them to a field method (already checked against the SDL). Field methods
 * on presented objects re-parse them with zod before use.
 */
export type FieldArgs = Readonly<Record<string, unknown>>;
