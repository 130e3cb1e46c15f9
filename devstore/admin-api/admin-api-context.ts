/**
 * What Admin GraphQL resolvers receive: one consistent snapshot of the state for the whole request, the caller's
 * granted scopes, and where the devstore lives (to make absolute URLs). Resolvers never write.
 */
import type {
  CollectionRecord,
  CustomerRecord,
  DevstoreStateView,
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
}

export type ProductView = ReadonlyDeep<ProductRecord>;
export type VariantView = ReadonlyDeep<VariantRecord>;
export type ImageView = ReadonlyDeep<ImageRecord>;
export type CollectionView = ReadonlyDeep<CollectionRecord>;
export type CustomerView = ReadonlyDeep<CustomerRecord>;

/**
 * GraphQL arguments as graphql-js hands them to a field method (already checked against the SDL). Field methods
 * on presented objects re-parse them with zod before use.
 */
export type FieldArgs = Readonly<Record<string, unknown>>;
